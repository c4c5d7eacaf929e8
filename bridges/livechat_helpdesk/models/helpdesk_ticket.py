from odoo import fields, models


class HelpdeskTicket(models.Model):
    _inherit = 'helpdesk.ticket'

    livechat_session_id = fields.Many2one('mail.channel', 'Live Chat Session', readonly=True,
                                          ondelete='set null', index=True,
                                          domain=[('channel_type', '=', 'livechat_visitor')])
