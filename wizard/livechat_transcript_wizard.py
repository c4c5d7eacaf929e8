from odoo import api, fields, models


class LivechatTranscriptWizard(models.TransientModel):
    """Send transcript by e-mail: the operator checks the address, then sends."""
    _name = 'livechat.transcript.wizard'
    _description = 'Send a live chat transcript by e-mail'

    session_id = fields.Many2one('mail.channel', required=True, ondelete='cascade')
    email = fields.Char('E-mail', required=True)

    @api.model
    def default_get(self, field_names):
        values = super(LivechatTranscriptWizard, self).default_get(field_names)
        session = self.env['mail.channel'].browse(self.env.context.get('active_id'))
        if self.env.context.get('active_model') == 'mail.channel' and session.exists():
            values.setdefault('session_id', session.id)
            values.setdefault('email', session.visitor_email)
        return values

    @api.multi
    def action_send(self):
        self.ensure_one()
        self.session_id._livechat_send_transcript(self.email)
        return {'type': 'ir.actions.act_window_close'}
