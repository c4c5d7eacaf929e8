from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..logic.colors import is_hex_color

# Defaults of a new channel's look; the reset icon of the colour widget goes back to these.
DEFAULT_COLORS = {
    'button_background_color': '#118A7E',
    'button_text_color': '#FFFFFF',
    'header_background_color': '#118A7E',
    'header_text_color': '#FFFFFF',
}


class LivechatChannel(models.Model):
    """A live chat channel: who answers (operators), how the widget looks and
    where it shows (rules), and the sessions it took."""
    _name = 'livechat.channel'
    _description = 'Live Chat Channel'
    _order = 'name, id'

    name = fields.Char('Channel Name', required=True)
    active = fields.Boolean(default=True)
    operator_ids = fields.One2many('livechat.operator', 'channel_id', string='Operators',
                                   default=lambda self: self._default_operators())
    rule_ids = fields.One2many('livechat.channel.rule', 'channel_id', string='Channel Rules',
                               copy=True)
    session_ids = fields.One2many('mail.channel', 'livechat_channel_id', string='Sessions')

    button_text = fields.Char('Notification Text', translate=True,
                              default=lambda self: _('Questions? We are here to chat.'))
    welcome_message = fields.Char('Welcome Message', translate=True,
                                  default=lambda self: _('Hello! How can we help you today?'))
    input_placeholder = fields.Char('Chat Input Placeholder', translate=True,
                                    default=lambda self: _('Type your message...'))
    button_background_color = fields.Char(default=DEFAULT_COLORS['button_background_color'],
                                          required=True)
    button_text_color = fields.Char(default=DEFAULT_COLORS['button_text_color'], required=True)
    header_background_color = fields.Char(default=DEFAULT_COLORS['header_background_color'],
                                          required=True)
    header_text_color = fields.Char('Header Title Color',
                                    default=DEFAULT_COLORS['header_text_color'], required=True)
    offline_form = fields.Boolean(
        'Offline Message Form', default=True,
        help='When no operator is available, visitors can leave their name, e-mail and '
             'a message for the operators instead of seeing no button at all.')

    @api.model
    def _default_operators(self):
        return [(0, 0, {'user_id': self.env.uid})]

    @api.constrains(*DEFAULT_COLORS)
    def _check_colors(self):
        for channel in self:
            for field_name in DEFAULT_COLORS:
                value = channel[field_name]
                if not is_hex_color(value):
                    raise ValidationError(_(
                        '%(field)s must be a colour written #RRGGBB, not "%(value)s".') % {
                        'field': self._fields[field_name].get_description(self.env)['string'],
                        'value': value or ''})
