from odoo import fields, models


class CrmLead(models.Model):
    _inherit = 'crm.lead'

    livechat_session_id = fields.Many2one('mail.channel', 'Live Chat Session', readonly=True,
                                          ondelete='set null', index=True,
                                          domain=[('channel_type', '=', 'livechat_visitor')])
