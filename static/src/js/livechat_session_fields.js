odoo.define('livechat.session_fields', function (require) {
"use strict";

/**
 * What the session form shows of the visitor: their page address, a link only
 * when it is a web address, and the transcript with its times in the same
 * zone as the rest of the web client (the browser's).
 */
var AbstractField = require('web.AbstractField');
var fieldRegistry = require('web.field_registry');

var UrlWidget = fieldRegistry.get('url');

/**
 * Visitors send any text as their page address: only http(s) may become a
 * link (no javascript:, data:, file:...).
 */
function isWebUrl(url) {
    return /^https?:\/\//i.test(url || '');
}

var LivechatUrl = UrlWidget.extend({
    init: function () {
        this._super.apply(this, arguments);
        if (this.mode === 'readonly') {
            this.tagName = 'span';
        }
    },
    _renderReadonly: function () {
        var url = this.value || '';
        this.$el.empty().addClass('o_livechat_isolate');
        if (isWebUrl(url)) {
            $('<a>', {href: url, target: '_blank', rel: 'noopener noreferrer',
                      'class': 'o_form_uri', text: url}).appendTo(this.$el);
        } else {
            this.$el.text(url);
        }
    },
});

var LivechatTranscript = AbstractField.extend({
    className: 'o_field_livechat_transcript',
    supportedFieldTypes: ['html'],

    /**
     * The server writes its times in the reader's Odoo time zone (for the
     * e-mail); the web client shows every other date of the form in the
     * browser's: the <time> elements carry UTC and are shown like those.
     */
    _render: function () {
        this.$el.html(this.value || '');
        this.$('time[datetime]').each(function () {
            var at = moment($(this).attr('datetime'));
            if (at.isValid()) {
                $(this).text(at.format('YYYY-MM-DD HH:mm'));
            }
        });
        var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
        this.$('.o_livechat_transcript_tz').text(zone || moment().format('[UTC]Z'));
    },
});

fieldRegistry.add('livechat_url', LivechatUrl);
fieldRegistry.add('livechat_transcript', LivechatTranscript);

return {isWebUrl: isWebUrl};
});
