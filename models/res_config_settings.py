from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    """Website settings: the *Live Chat* checkbox and the website's channel."""
    _inherit = 'res.config.settings'

    website_livechat_enabled = fields.Boolean('Live Chat')
    website_chat_channel_id = fields.Many2one(related='website_id.chat_channel_id',
                                                  string='Channel')

    @api.model
    def get_values(self):
        values = super(ResConfigSettings, self).get_values()
        website = self.env['website'].search([], limit=1)
        values['website_livechat_enabled'] = bool(website.chat_channel_id)
        return values

    @api.onchange('website_livechat_enabled')
    def _onchange_website_livechat_enabled(self):
        # ticking the box proposes a channel; the related field saves it on the website
        if self.website_livechat_enabled and not self.website_chat_channel_id:
            self.website_chat_channel_id = self.env['livechat.channel'].search([], limit=1)

    @api.multi
    def set_values(self):
        result = super(ResConfigSettings, self).set_values()
        if not self.website_livechat_enabled:
            self.website_id.chat_channel_id = False
        return result
