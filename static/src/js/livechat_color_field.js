odoo.define('livechat.ColorField', function (require) {
"use strict";

/**
 * A #RRGGBB char field shown as a colour bubble: clicking it opens the
 * browser's own colour chooser (<input type="color">), the hex value is shown
 * next to it, and the refresh icon puts back the field's default value.
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
    _onResetClick: function (ev) {
        ev.preventDefault();
        var self = this;
        // the defaults live on the server (DEFAULT_COLORS): ask, don't repeat them here
        this._rpc({model: this.model, method: 'default_get', args: [[this.name]]})
            .then(function (defaults) {
                var value = defaults[self.name];
                if (value) {
                    self._showValue(value);
                    self._setValue(value);
                }
            });
    },
});

fieldRegistry.add('livechat_color', LivechatColorField);

return LivechatColorField;
});
