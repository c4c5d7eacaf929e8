from odoo import api, fields, models


class LivechatVisitorChat(models.TransientModel):
    """The Chat button of Live Chat > Visitors: the operator's first message,
    with which the visitor's window opens."""
    _name = 'livechat.visitor.chat'
    _description = 'Start a live chat with a visitor on the site'

    visitor_id = fields.Many2one('livechat.visitor', required=True, ondelete='cascade')
    message = fields.Text(required=True)

    @api.multi
    def action_send(self):
        self.ensure_one()
        self.visitor_id._start_chat(self.message.strip())
        return {'type': 'ir.actions.act_window_close'}
