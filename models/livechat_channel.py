from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..logic.colors import is_hex_color
from .mail_channel import SESSION_TYPE

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
    # no default: user_ids' default (the creator) makes the creator's record
    operator_ids = fields.One2many('livechat.operator', 'channel_id', string='Operators',
                                   auto_join=True)  # sessions' operator rule: one query
    rule_ids = fields.One2many('livechat.channel.rule', 'channel_id', string='Channel Rules',
                               copy=True)
    session_ids = fields.One2many('mail.channel', 'chat_channel_id', string='Sessions')
    # the Operators tab edits users: the many2many widget gives the searchable
    # multi-select dialog; writing it adds or removes livechat.operator records
    user_ids = fields.Many2many('res.users', string='Operator Users',
                                compute='_compute_user_ids', inverse='_inverse_user_ids',
                                domain=[('share', '=', False)],
                                default=lambda self: self.env.user)
    # the same records, unavailable operators included, for the settings list
    operator_setting_ids = fields.One2many('livechat.operator', 'channel_id',
                                           string='Operator Settings',
                                           context={'active_test': False})
    is_joined = fields.Boolean('You Are an Operator', compute='_compute_is_joined')
    open_session_count = fields.Integer('Live Sessions', compute='_compute_open_session_count')
    script_snippet = fields.Text('Script', compute='_compute_widget_urls',
                                 help='Paste this in the <head> of any web page to show the '
                                      'chat button there.')
    support_url = fields.Char('Direct Chat Link', compute='_compute_widget_urls',
                              help='A page holding only the chat, to send to a customer.')

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

    def _all_operators(self):
        """Operators of these channels, the unavailable (inactive) ones too."""
        return self.env['livechat.operator'].with_context(active_test=False).search(
            [('channel_id', 'in', self.ids)])

    @api.depends('operator_ids.user_id')
    def _compute_user_ids(self):
        operators = self._all_operators() if self.ids else self.env['livechat.operator']
        for channel in self:
            if isinstance(channel.id, models.NewId):  # form being filled in
                channel.user_ids = channel.operator_ids.mapped('user_id')
            else:
                channel.user_ids = operators.filtered(
                    lambda op: op.channel_id == channel).mapped('user_id')

    @api.model
    def create(self, vals):
        if 'operator_ids' in vals and 'user_ids' not in vals:
            # operators given as records (RPC, data files): the default of
            # user_ids (the creator) must not replace them
            channel = super(LivechatChannel, self.with_context(
                livechat_operators_given=True)).create(vals)
            return channel.with_context(livechat_operators_given=False)
        return super().create(vals)

    def _inverse_user_ids(self):
        if self.env.context.get('livechat_operators_given'):
            return
        operators = self.env['livechat.operator']
        for channel in self:
            # read before unlinking: an unlink recomputes user_ids from what is left
            wanted = channel.user_ids
            current = channel._all_operators()
            current_users = current.mapped('user_id')
            current.filtered(lambda op: op.user_id not in wanted).unlink()
            for user in wanted - current_users:
                operators.create({'channel_id': channel.id, 'user_id': user.id})
        # the one2many caches still hold the unlinked records
        self.invalidate_cache(['operator_ids', 'operator_setting_ids'], self.ids)

    @api.depends('operator_ids.user_id')
    def _compute_is_joined(self):
        joined = self.env['livechat.operator'].with_context(active_test=False).search(
            [('channel_id', 'in', self.ids), ('user_id', '=', self.env.uid)]).mapped('channel_id')
        for channel in self:
            channel.is_joined = channel in joined

    def _compute_open_session_count(self):
        # one grouped query for the whole kanban, not one count per card
        ids = tuple(id_ for id_ in self.ids if isinstance(id_, int)) or (0,)
        self.env.cr.execute("""
            SELECT chat_channel_id, count(*) FROM mail_channel
             WHERE chat_channel_id IN %s AND channel_type = %s
               AND livechat_state = 'open'
          GROUP BY chat_channel_id""", (ids, SESSION_TYPE))
        counts = dict(self.env.cr.fetchall())
        for channel in self:
            channel.open_session_count = counts.get(channel.id, 0)

    def _compute_widget_urls(self):
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url', '').rstrip('/')
        for channel in self:
            if isinstance(channel.id, models.NewId):
                channel.script_snippet = channel.support_url = False
                continue
            channel.script_snippet = (
                '<script async src="%s/livechat/loader/%d.js"></script>' % (base, channel.id))
            channel.support_url = '%s/livechat/support/%d' % (base, channel.id)

    def _check_operator_group(self):
        if not self.env.user.has_group('livechat.group_livechat_operator'):
            raise AccessError(_('Only live chat operators can join or leave a channel.'))

    @api.multi
    def action_join(self):
        """The current user becomes an operator of these channels (or available
        again). Operators may not create operator records in general, only their own."""
        self._check_operator_group()
        operators = self.env['livechat.operator'].sudo().with_context(active_test=False)
        for channel in self:
            mine = operators.search([('channel_id', '=', channel.id),
                                     ('user_id', '=', self.env.uid)])
            if mine:
                mine.active = True
            else:
                operators.create({'channel_id': channel.id, 'user_id': self.env.uid})
        return True

    @api.multi
    def action_leave(self):
        self._check_operator_group()
        self.env['livechat.operator'].sudo().with_context(active_test=False).search(
            [('channel_id', 'in', self.ids), ('user_id', '=', self.env.uid)]).unlink()
        self.invalidate_cache(['operator_ids', 'operator_setting_ids'], self.ids)
        return True
