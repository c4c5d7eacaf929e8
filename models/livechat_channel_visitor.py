"""What the visitor API asks of a channel: its widget configuration for a page
view (cached), who is available, and starting a session."""
import json

from odoo import _, api, fields, models, tools

from ..logic.operators import Candidate, pick_operator
from ..logic.rules import match_rule
from ..logic.text import mail_address
from ..logic.tokens import hash_token, make_secret, new_token
from ..logic.widget_texts import translate_texts
from .mail_channel import SESSION_TYPE

# An operator is connected while their backend polls the bus (every ~50 s);
# being idle ("away") does not make them unavailable: they still get the window,
# the sound and the desktop notification.
CONNECTED_WITHIN_SECONDS = 55 + 10
MAX_PAGES_KEPT = 50


def _configuration_changed(records, result):
    """Page views read channels and rules from an ormcache: empty it now, for
    this transaction, and again once committed, in case a page view in another
    thread cached the old configuration in between."""
    records.clear_caches()
    records.env.cr.after('commit', records.clear_caches)
    return result


class LivechatChannel(models.Model):
    _name = 'livechat.channel'
    _inherit = ['livechat.channel', 'mail.thread']

    # -- cached configuration -------------------------------------------------

    @api.model
    @tools.ormcache('channel_id', 'lang')
    def _widget_config(self, channel_id, lang='en_US'):
        """Everything a page view needs that changes only when an administrator
        edits the channel: options and rules, as plain data, its texts and
        the widget's in ``lang`` (an installed language). None: no such
        active channel."""
        channel = self.sudo().with_context(lang=lang).browse(channel_id).exists()
        if not channel or not channel.active:
            return None
        translations = self.env['ir.translation']
        return {
            'channel': channel._public_options(),
            'texts': translate_texts(
                lambda text: translations._get_source(None, ('code',), lang, text)),
            'offline_form': channel.offline_form,
            'rules': [{
                'action': rule.action,
                'auto_open_delay': rule.auto_open_delay,
                'url_regex': rule.url_regex or '',
                'countries': frozenset(rule.country_ids.mapped('code')),
            } for rule in channel.rule_ids],
        }

    def _public_options(self):
        return {
            'id': self.id,
            'name': self.name,
            'button_text': self.button_text or '',
            'welcome_message': self.welcome_message or '',
            'input_placeholder': self.input_placeholder or '',
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
        available = action != 'hide' and bool(self.browse(channel_id)._candidates())
        if action != 'hide' and not available and not config['offline_form']:
            action = 'hide'
        return {
            'action': action,
            'auto_open_delay': rule['auto_open_delay'] if rule and action == 'auto_open' else 0,
            'available': available,
            'offline_form': config['offline_form'],
            'channel': config['channel'],
            'texts': config['texts'],
        }

    # -- operator choice ---------------------------------------------------------

    def _candidates(self):
        """Operators of this channel who are connected and under their maximum,
        with their current load, in one query. The load counts the open sessions
        in which the visitor wrote: anybody can start empty ones, and five of
        them would otherwise make an operator unavailable to everyone."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT o.user_id, o.max_concurrent_chats,
                   (SELECT count(*) FROM mail_channel s
                     WHERE s.livechat_operator_id = o.user_id
                       AND s.livechat_state = 'open' AND s.channel_type = %s
                       AND s.livechat_first_visitor_at IS NOT NULL) AS load
              FROM livechat_operator o
              JOIN bus_presence p ON p.user_id = o.user_id
              JOIN res_users u ON u.id = o.user_id AND u.active
             WHERE o.channel_id = %s AND o.active
               AND p.last_poll > (now() at time zone 'UTC') - interval '%s seconds'
        """, (SESSION_TYPE, self.id, CONNECTED_WITHIN_SECONDS))
        return [Candidate(user_id, load, max_chats)
                for user_id, max_chats, load in self.env.cr.fetchall() if load < max_chats]

    def _start_session(self, visitor):
        """Create a session with the operator chosen now; returns (session, secret)
        or (None, None) when nobody can take it. ``visitor``: name, country_id,
        url, title, user_agent, previous_operator."""
        self.ensure_one()
        candidates = self._candidates()
        pick = pick_operator(candidates, visitor.get('previous_operator'))
        if not pick:
            return None, None
        operator = self.env['res.users'].sudo().browse(pick.user_id)
        name = visitor.get('name') or _('Visitor')
        pages = [{'url': visitor['url'], 'title': visitor.get('title') or '',
                  'at': fields.Datetime.now()}] if visitor.get('url') else []
        token = new_token()
        session = self.env['mail.channel'].sudo().with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True).create({
                'name': '%s, %s' % (name, operator.name),
                'channel_type': SESSION_TYPE,
                'public': 'private',
                'email_send': False,
                'chat_channel_id': self.id,
                'livechat_operator_id': operator.id,
                'visitor_name': name,
                'visitor_country_id': visitor.get('country_id') or False,
                'visitor_page_url': visitor.get('url') or False,
                'visitor_user_agent': visitor.get('user_agent') or False,
                'visitor_pages': json.dumps(pages),
                'visitor_secret_hash': hash_token(token),
                'image': False,  # not Odoo's default group picture: an attachment and resizing per session
                'channel_partner_ids': [(4, operator.partner_id.id)],
            })
        self.env['livechat.assignment'].sudo().create({
            'session_id': session.id, 'user_id': operator.id, 'reason': pick.reason,
            'load': {c.user_id: c.load for c in candidates}[pick.user_id]})
        # out of the operator's Discuss until the visitor writes (see
        # mail.channel._livechat_announce_to_operator)
        session.channel_last_seen_partner_ids.write({'is_pinned': False})
        return session, make_secret(session.id, token)

    def _visitor_pages(self, pages_json, url, title):
        pages = json.loads(pages_json or '[]')
        pages.append({'url': url, 'title': title or '', 'at': fields.Datetime.now()})
        return json.dumps(pages[-MAX_PAGES_KEPT:])

    def _post_offline_message(self, name, email, message):
        """A message left while nobody was available: it lands on the channel's
        thread and in the inbox of each of its operators."""
        self.ensure_one()
        body = '<p><b>%s</b></p>%s' % (
            tools.html_escape(_('Message left by %s <%s> while no operator was available') %
                              (name, email)),
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

    # -- the cache follows the configuration -----------------------------------

    @api.model
    def create(self, vals):
        return _configuration_changed(self, super().create(vals))

    @api.multi
    def write(self, vals):
        return _configuration_changed(self, super().write(vals))

    @api.multi
    def unlink(self):
        return _configuration_changed(self, super().unlink())


class LivechatChannelRule(models.Model):
    _inherit = 'livechat.channel.rule'

    @api.model
    def create(self, vals):
        return _configuration_changed(self, super().create(vals))

    @api.multi
    def write(self, vals):
        return _configuration_changed(self, super().write(vals))

    @api.multi
    def unlink(self):
        return _configuration_changed(self, super().unlink())
