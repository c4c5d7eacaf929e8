odoo.define('livechat.CopyField', function (require) {
"use strict";

/**
 * A read-only text (the widget snippet, the chat link) with a COPY button that
 * puts it in the clipboard: the Clipboard API where the page may use it, else a
 * hidden textarea and execCommand('copy').
 */
var AbstractField = require('web.AbstractField');
var core = require('web.core');
var fieldRegistry = require('web.field_registry');

var _t = core._t;

function copyWithTextarea(text) {
    var textarea = document.createElement('textarea');
    textarea.value = text;
    textarea.setAttribute('readonly', '');
    textarea.style.position = 'fixed';
    textarea.style.opacity = '0';
    document.body.appendChild(textarea);
    textarea.select();
    try {
        return document.execCommand('copy');
    } finally {
        document.body.removeChild(textarea);
    }
}

function copyText(text) {
    var done = $.Deferred();
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
            done.resolve();
        }, function () {
            return copyWithTextarea(text) ? done.resolve() : done.reject();
        });
    } else if (copyWithTextarea(text)) {
        done.resolve();
    } else {
        done.reject();
    }
    return done.promise();
}

var LivechatCopyField = AbstractField.extend({
    className: 'o_field_livechat_copy',
    supportedFieldTypes: ['char', 'text'],
    events: _.extend({}, AbstractField.prototype.events, {
        'click .o_livechat_copy_button': '_onCopyClick',
    }),

    _render: function () {
        this.$el.empty();
        this.$el.append($('<code>', {'class': 'o_livechat_copy_text', text: this.value || ''}));
        this.$el.append($('<button>', {
            type: 'button',
            'class': 'btn btn-primary btn-sm o_livechat_copy_button',
            text: _t('COPY'),
        }));
    },

    _onCopyClick: function (ev) {
        ev.preventDefault();
        ev.stopPropagation();
        var self = this;
        copyText(this.value || '').then(function () {
            self.do_notify(_t('Copied'), _t('The text is in your clipboard.'));
        }, function () {
            self.do_warn(_t('Copy failed'), _t('Select the text and copy it by hand.'));
        });
    },
});

fieldRegistry.add('livechat_copy', LivechatCopyField);

return LivechatCopyField;
});
