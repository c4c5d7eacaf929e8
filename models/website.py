from odoo import fields, models


class Website(models.Model):
    """The Odoo website shows the chat button of the channel chosen in its settings."""
    _inherit = 'website'

    chat_channel_id = fields.Many2one('livechat.channel', 'Live Chat Channel',
                                          ondelete='set null')
