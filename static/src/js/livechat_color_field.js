odoo.define('livechat.ColorField', function (require) {
"use strict";

/**
 * A #RRGGBB char field shown as a colour bubble: clicking it opens the
 * browser's own colour chooser (<input type="color">), the hex value is shown
 * next to it. As in the manual, one refresh icon to the right of a pair of
 * bubbles puts back both defaults: the field that shows it names the pair in
 * its options, {'reset': [field, field]}.
 */
var AbstractField = require('web.AbstractField');
var core = require('web.core');
var fieldRegistry = require('web.field_registry');

var _t = core._t;

var LivechatColorField = AbstractField.extend({
    className: 'o_field_livechat_color',
    supportedFieldTypes: ['char'],
    events: _.extend({}, AbstractField.prototype.events, {
        'input .o_livechat_color_input': '_onColorInput',
        'change .o_livechat_color_input': '_onColorInput',
        'click .o_livechat_color_reset': '_onResetClick',
    }),

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    _renderSwatch: function () {
        var value = this.value || '';
        this.$el.empty();
        var $swatch = $('<span>', {'class': 'o_livechat_color_swatch', title: value});
        $swatch.css('background-color', value);
        this.$el.append($swatch);
        this.$el.append($('<span>', {'class': 'o_livechat_color_value', text: value}));
        return $swatch;
    },
    _renderReadonly: function () {
        this._renderSwatch();
    },
    _renderEdit: function () {
        var $swatch = this._renderSwatch();
        $swatch.append($('<input>', {
            type: 'color',
            'class': 'o_livechat_color_input',
            value: this.value || '#000000',
            'aria-label': _t('Choose a colour'),
        }));
        if (!this._resetFields().length) {
            return;
        }
        this.$el.append($('<a>', {
            href: '#',
            role: 'button',
            'class': 'fa fa-refresh o_livechat_color_reset',
            title: _t('Reset to the default colour'),
            'aria-label': _t('Reset to the default colour'),
        }));
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    _showValue: function (value) {
        this.$('.o_livechat_color_swatch').css('background-color', value).attr('title', value);
        this.$('.o_livechat_color_value').text(value);
        this.$('.o_livechat_color_input').val(value);
    },
    _onColorInput: function (ev) {
        var value = ev.target.value;
        this._showValue(value);
        this._setValue(value);
    },
    _resetFields: function () {
        return this.nodeOptions.reset || [];
    },
    _onResetClick: function (ev) {
        ev.preventDefault();
        var self = this;
        // the defaults live on the server (DEFAULT_COLORS): ask, don't repeat them here
        this._rpc({model: this.model, method: 'default_get', args: [this._resetFields()]})
            .then(function (defaults) {
                var changes = _.pick(defaults, function (value) { return value; });
                if (!_.isEmpty(changes)) {
                    self.trigger_up('field_changed', {dataPointID: self.dataPointID, changes: changes});
                }
            });
    },
});

fieldRegistry.add('livechat_color', LivechatColorField);

return LivechatColorField;
});
