odoo.define('livechat.OperatorsField', function (require) {
"use strict";

/**
 * The Operators tab: a many2many of users whose card opens the user in a
 * modal that can also remove them from the channel (the plain many2many
 * dialog of Odoo 11 only saves or discards).
 */
var core = require('web.core');
var fieldRegistry = require('web.field_registry');
var FieldMany2Many = require('web.relational_fields').FieldMany2Many;
var dialogs = require('web.view_dialogs');

var _t = core._t;

var LivechatOperatorsField = FieldMany2Many.extend({
    _onOpenRecord: function (ev) {
        ev.stopPropagation();
        var self = this;
        var recordID = ev.data.id;
        var record = _.findWhere(this.value.data, {id: recordID});
        var readonly = this.mode === 'readonly';
        var dialog = new dialogs.FormViewDialog(this, {
            context: this.record.getContext(this.recordParams),
            fields_view: this.attrs.views && this.attrs.views.form,
            on_saved: function () {
                self._setValue({operation: 'TRIGGER_ONCHANGE'}, {forceChange: true});
                self.trigger_up('reload', {db_id: recordID});
            },
            readonly: readonly,
            res_id: record.res_id,
            res_model: this.field.relation,
            title: _t("Open: ") + this.string,
        }).open();
        if (readonly) {
            return;
        }
        dialog.opened().then(function () {
            $('<button>', {
                type: 'button',
                'class': 'btn btn-sm btn-default o_livechat_operator_remove',
                text: _t("Remove"),
            }).appendTo(dialog.$footer).on('click', function () {
                self._setValue({operation: 'FORGET', ids: [recordID]});
                dialog.close();
            });
        });
    },
});

fieldRegistry.add('livechat_operators', LivechatOperatorsField);

return LivechatOperatorsField;
});
