from odoo import fields, models

# Our own channel type: Odoo 11's im_livechat adds 'livechat'; both coexist.
SESSION_TYPE = 'livechat_visitor'


class MailChannel(models.Model):
    """A visitor's chat session is a mail.channel of our own type, so Odoo's
    chat windows, Discuss and message history serve the operator side."""
    _inherit = 'mail.channel'

    channel_type = fields.Selection(selection_add=[(SESSION_TYPE, 'Visitor Chat')])
    livechat_channel_id = fields.Many2one('livechat.channel', 'Live Chat Channel',
                                          index=True, ondelete='set null')
    livechat_operator_id = fields.Many2one('res.users', 'Operator', index=True)
    visitor_name = fields.Char()
    visitor_email = fields.Char()
    visitor_country_id = fields.Many2one('res.country', 'Visitor Country')
    # sha256 of the visitor's secret: the secret itself is never stored
    visitor_secret_hash = fields.Char(copy=False, groups='base.group_system')
    livechat_state = fields.Selection([('open', 'Open'), ('closed', 'Closed')],
                                      'Session State', default='open', index=True)
    livechat_closed_at = fields.Datetime('Ended At')
