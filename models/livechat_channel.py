"""livechat.channel, by concern: fields; create/write/unlink (the cache of the
widget configuration follows them); operators; the widget configuration a
page view reads (cached); operator choice and session start; the offline
message."""
from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, ValidationError

from ..logic.colors import AA_TEXT_CONTRAST, contrast_ratio, is_hex_color
from ..logic.identity import is_verified, new_identity_secret
from ..logic.operators import Candidate, Pick, pick_operator
from ..logic.pages import add_page
from ..logic.rules import match_rule
from ..logic.text import mail_address
from ..logic.tokens import hash_token, make_secret, new_token
from ..logic.widget_texts import BUTTON_TEXTS, translate_texts
from .mail_channel import SESSION_TYPE

# Defaults of a new channel's look; the reset icon of the colour widget goes back to these.
DEFAULT_COLORS = {
    'button_background_color': '#0F7F74',
    'button_text_color': '#FFFFFF',
    'header_background_color': '#0F7F74',
    'header_text_color': '#FFFFFF',
}

# An operator is connected while their backend polls the bus (every ~50 s);
# being idle ("away") does not make them unavailable: they still get the window,
# the sound and the desktop notification.
CONNECTED_WITHIN_SECONDS = 55 + 10


class LivechatChannel(models.Model):
    """A live chat channel: who answers (operators), how the widget looks and
    where it shows (rules), and the sessions it took. Page views read its
    configuration from a cache, emptied whenever the channel or a rule changes."""
    _name = 'livechat.channel'
    _inherit = ['mail.thread', 'livechat.cached.configuration']
    _description = 'Live Chat Channel'
    _order = 'name, id'

    # ----- fields -----------------------------------------------------------

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
    welcome_message = fields.Char(translate=True,
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

    notify_sound = fields.Boolean(
        'Sound on New Messages',
        help="The widget beeps when an operator's message comes while its window is closed "
             "or the page is in the background.")
    track_visitors = fields.Boolean(
        'Visitors on the Site',
        help='List who is on the site now (Live Chat > Visitors) and let operators start '
             'chats with them. The widget keeps a random id in the browser (no cookie); '
             'each visitor is kept until 30 days after their last page view, and all are '
             'forgotten when this is switched off.')

    # not a default: an upgrade would give every existing channel the same one (see init)
    identity_secret = fields.Char(
        copy=False, groups='livechat.group_livechat_manager',
        help="Your site's server signs a visitor's e-mail with it (HMAC-SHA256, hexadecimal) "
             'so that the operator sees the identity as verified. Keep it on the server: '
             'anyone who has it can sign any e-mail.')

    color_contrast_warning = fields.Char(compute='_compute_color_contrast_warning')

    def _color_pairs(self):
        """(text colour, its background, the label the form shows for the pair)."""
        return (
            ('button_text_color', 'button_background_color', _('Livechat Button Color')),
            ('header_text_color', 'header_background_color', _('Channel Header Color')),
        )

    @api.depends(*DEFAULT_COLORS)
    def _compute_color_contrast_warning(self):
        # a warning, not a refusal: a brand colour may matter more to its owner
        for channel in self:
            weak = []
            for text_field, background_field, label in self._color_pairs():
                text, background = channel[text_field], channel[background_field]
                if not (is_hex_color(text) and is_hex_color(background)):
                    continue
                ratio = contrast_ratio(text, background)
                if ratio < AA_TEXT_CONTRAST:
                    weak.append('%s (%.2f:1)' % (label, ratio))
            channel.color_contrast_warning = _(
                'Some visitors may not be able to read these colours; text needs a contrast '
                'of at least 4.5:1 with its background (WCAG AA). %(pairs)s') % {
                'pairs': '; '.join(weak)} if weak else False

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

    # ----- create: the operators given ---------------------------------------

    @api.model_cr
    def init(self):
        # channels from before identity verification: a secret each
        self.env.cr.execute('SELECT id FROM livechat_channel WHERE identity_secret IS NULL')
        for channel_id, in self.env.cr.fetchall():
            self.env.cr.execute('UPDATE livechat_channel SET identity_secret = %s WHERE id = %s',
                                (new_identity_secret(), channel_id))

    @api.model
    def create(self, vals):
        vals = dict(vals, identity_secret=vals.get('identity_secret') or new_identity_secret())
        if 'operator_ids' in vals and 'user_ids' not in vals:
            # operators given as records (RPC, data files): the default of
            # user_ids (the creator) must not replace them
            channel = super(LivechatChannel, self.with_context(
                livechat_operators_given=True)).create(vals)
            return channel.with_context(livechat_operators_given=False)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if 'track_visitors' in vals and not vals['track_visitors']:
            # what was stored under the option goes with it
            self.env['livechat.visitor'].sudo().search([('channel_id', 'in', self.ids)]).unlink()
        return result

    # ----- operators --------------------------------------------------------

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

    # ----- widget configuration (cached) ------------------------------------

    @api.model
    def _active_channel(self, channel_id):
        """The channel a public route names by id, as superuser: empty when
        there is no such channel or it is archived."""
        channel = self.sudo().browse(channel_id).exists()
        return channel if channel.active else channel.browse()

    @api.model
    @tools.ormcache('channel_id', 'lang')
    def _widget_config(self, channel_id, lang='en_US'):
        """Everything a page view needs that changes only when an administrator
        edits the channel: options and rules, as plain data, its texts and
        the widget's in ``lang`` (an installed language). None: no such
        active channel."""
        channel = self.with_context(lang=lang)._active_channel(channel_id)
        if not channel:
            return None
        texts = self._widget_texts(lang)
        return {
            'channel': channel._public_options(),
            'texts': {key: texts[key] for key in BUTTON_TEXTS},
            'offline_form': channel.offline_form,
            'track_visitors': channel.track_visitors,
            'rules': [{
                'action': rule.action,
                'auto_open_delay': rule.auto_open_delay,
                'url_regex': rule.url_regex or '',
                'countries': frozenset(rule.country_ids.mapped('code')),
            } for rule in channel.rule_ids],
        }

    @api.model
    @tools.ormcache('lang')
    def _widget_texts(self, lang):
        """Every text of the widget in ``lang`` (an installed language): the
        window's (/livechat/window), of which the button's (/livechat/init)."""
        translations = self.env['ir.translation']
        return translate_texts(lambda text: translations._get_source(None, ('code',), lang, text))

    def _public_options(self):
        return {
            'id': self.id,
            'name': self.name,
            'button_text': self.button_text or '',
            'welcome_message': self.welcome_message or '',
            'input_placeholder': self.input_placeholder or '',
            'sound': self.notify_sound,
            'colors': {
                'button_background': self.button_background_color,
                'button_text': self.button_text_color,
                'header_background': self.header_background_color,
                'header_text': self.header_text_color,
            },
        }

    @api.model
    def _page_view(self, channel_id, url, country_code, lang='en_US'):
        """The answer to /livechat/init: the cached configuration plus one query
        (is anybody available)."""
        config = self._widget_config(channel_id, lang)
        if config is None:
            return None
        rule = match_rule(config['rules'], url, country_code)
        action = rule['action'] if rule else 'show'
        available = action != 'hide' and self.browse(channel_id)._takes_chats(config['channel'])
        if action != 'hide' and not available and not config['offline_form']:
            action = 'hide'
        return {
            'action': action,
            'auto_open_delay': rule['auto_open_delay'] if rule and action == 'auto_open' else 0,
            'available': available,
            'offline_form': config['offline_form'],
            'track': config['track_visitors'],
            'channel': config['channel'],
            'texts': config['texts'],
        }

    # ----- operator choice and session start --------------------------------

    def _takes_chats(self, options):
        """Whether a visitor may start a chat now; ``options``: the channel's
        cached public options (the queue's module reads them)."""
        return bool(self._candidates())

    def _candidates(self):
        """Operators of this channel who are connected and under their maximum,
        with their current load, in one query."""
        return [Candidate(user_id, load, max_chats)
                for user_id, max_chats, load, _connected in self._operator_loads()
                if load < max_chats]

    def _operator_loads(self, connected_only=True):
        """(user id, maximum, load, connected) of this channel's available
        operators: the connected ones only, or all of them to tell why one cannot
        take a chat (see mail.channel's forward). The load counts the open
        sessions in which the visitor wrote: anybody can start empty ones, and
        five of them would otherwise make an operator unavailable to everyone."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT o.user_id, o.max_concurrent_chats,
                   (SELECT count(*) FROM mail_channel s
                     WHERE s.chat_operator_id = o.user_id
                       AND s.livechat_state = 'open' AND s.channel_type = %(type)s
                       AND s.livechat_first_visitor_at IS NOT NULL) AS load,
                   coalesce(p.last_poll > (now() at time zone 'UTC')
                                          - interval '%(within)s seconds', false)
              FROM livechat_operator o
              JOIN res_users u ON u.id = o.user_id AND u.active
         LEFT JOIN bus_presence p ON p.user_id = o.user_id
             WHERE o.channel_id = %(channel)s AND o.active
               AND (NOT %(connected_only)s
                    OR p.last_poll > (now() at time zone 'UTC') - interval '%(within)s seconds')
        """, {'type': SESSION_TYPE, 'channel': self.id, 'within': CONNECTED_WITHIN_SECONDS,
              'connected_only': connected_only})
        return self.env.cr.fetchall()

    def _start_session(self, visitor, operator=None):
        """Create a session with the operator chosen now, or ``operator`` (a
        user starting the chat); returns (session, secret) or (None, None)
        when nobody can take it. ``visitor``: name, country_id, url, title,
        seen_at, user_agent, ip_key, previous_operator, and the identity the host
        page gave: email, signature (logic/identity.py)."""
        self.ensure_one()
        candidates = self._candidates()
        pick = Pick(operator.id, 'started') if operator else \
            pick_operator(candidates, visitor.get('previous_operator'))
        if not pick:
            return None, None
        operator = self.env['res.users'].sudo().browse(pick.user_id)
        name = visitor.get('name') or _('Visitor')
        pages = add_page(None, visitor['url'], visitor.get('title'), fields.Datetime.now(),
                         visitor.get('seen_at'))[0] if visitor.get('url') else '[]'
        token = new_token()
        session = self.env['mail.channel'].sudo().with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True).create({
                'name': self.env['mail.channel']._livechat_stored_name(name, operator),
                'channel_type': SESSION_TYPE,
                'public': 'private',
                'email_send': False,
                'chat_channel_id': self.id,
                'chat_operator_id': operator.id,
                'visitor_name': name,
                'visitor_email': visitor.get('email') or False,
                'visitor_phone': visitor.get('phone') or False,
                'visitor_prechat_answer': visitor.get('answer') or False,
                'visitor_verified': is_verified(self.identity_secret, visitor.get('email'),
                                                visitor.get('signature')),
                'visitor_country_id': visitor.get('country_id') or False,
                'visitor_lang': visitor.get('lang') or False,
                'visitor_page_url': visitor.get('url') or False,
                'visitor_user_agent': visitor.get('user_agent') or False,
                'visitor_ip_key': visitor.get('ip_key') or False,
                'visitor_pages': pages,
                'visitor_secret_hash': hash_token(token),
                # not Odoo's default group picture: an attachment and resizing per session
                'image': False,
                'channel_partner_ids': [(4, operator.partner_id.id)],
            })
        self.env['livechat.assignment'].sudo().create({
            'session_id': session.id, 'user_id': operator.id, 'reason': pick.reason,
            'load': {c.user_id: c.load for c in candidates}.get(pick.user_id, 0)})
        # out of the operator's Discuss until the visitor writes (see
        # mail.channel._livechat_announce_to_operator)
        session.channel_last_seen_partner_ids.write({'is_pinned': False})
        return session, make_secret(session.id, token)

    # ----- offline message --------------------------------------------------

    def _post_offline_message(self, name, email, message):
        """A message left while nobody was available: it lands on the channel's
        thread and in the inbox of each of its operators."""
        self.ensure_one()
        body = '<p><b>%s</b></p>%s' % (
            tools.html_escape(_('Message left by %(name)s <%(email)s> while no operator was'
                                ' available') % {'name': name, 'email': email}),
            tools.plaintext2html(message))
        partners = self.operator_ids.mapped('user_id.partner_id')
        # sent by the company (the visitor's domain would fail SPF/DMARC: that
        # is spoofing), answered to the visitor
        return self.sudo().message_post(
            body=body, author_id=False, email_from=self._livechat_company_sender(),
            reply_to=mail_address(name, email),
            message_type='comment', subtype='mail.mt_comment', partner_ids=partners.ids)

    def _livechat_company_sender(self):
        """The company's address: its e-mail, else the catchall alias, else the
        server's default sender (Odoo's email_from option)."""
        company = self.env.user.company_id.sudo()
        params = self.env['ir.config_parameter'].sudo()
        catchall, domain = params.get_param('mail.catchall.alias'), params.get_param(
            'mail.catchall.domain')
        email = (company.email or (catchall and domain and '%s@%s' % (catchall, domain))
                 or tools.config.get('email_from'))
        return mail_address(company.name, email) if email else False
