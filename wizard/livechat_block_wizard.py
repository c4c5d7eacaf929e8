from odoo import _, api, fields, models
from odoo.exceptions import UserError


class LivechatBlockWizard(models.TransientModel):
    """Block Visitor in the session form: the /block command as a dialog."""
    _name = 'livechat.block.wizard'
    _description = 'Block a live chat visitor'

    session_id = fields.Many2one('mail.channel', required=True, ondelete='cascade')
    duration = fields.Selection(lambda self: self.env['livechat.block']._fields[
        'duration']._description_selection(self.env), required=True, default='1d')
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        if self.env.context.get('active_model') == 'mail.channel':
            values.setdefault('session_id', self.env.context.get('active_id'))
        return values

    @api.multi
    def action_block(self):
        self.ensure_one()
        session = self.session_id
        session._livechat_check_may_block()
        if not self.env['livechat.block']._block_session(session, self.duration,
                                                         ' '.join(self.reason.split())):
            raise UserError(_("This visitor's address is not known: they cannot be blocked."))
        return {'type': 'ir.actions.act_window_close'}
