"""livechat.visitor: who is on the site now, on channels that list their
visitors (off by default), and the chat an operator starts with one of them."""
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..logic.text import text_to_html
from ..logic.tokens import hash_token, make_secret
from ..logic.visitors import (HEARTBEAT_SECONDS, ONLINE_SECONDS, RETENTION_DAYS,
                              VISIT_GAP_MINUTES, chat_token)

RETENTION_PARAM = 'livechat.visitor_retention_days'

# One statement per page view, whichever tab or server reports it first. A
# report older than the current page's (seen_at, the browser's clock) counts,
# but does not take the current page back.
PAGE_VIEW_QUERY = """
    INSERT INTO livechat_visitor AS v (
        channel_id, visitor_key, country_id, lang, page_url, page_title, page_seen_at,
        page_count, visit_count, first_seen, visit_started_at, last_seen, ip_key,
        create_date, write_date)
    VALUES (%(channel)s, %(key)s, %(country)s, %(lang)s, %(url)s, %(title)s, %(seen_at)s,
            1, 1, %(now)s, %(now)s, %(now)s, %(ip_key)s, %(now)s, %(now)s)
    ON CONFLICT (channel_id, visitor_key) DO UPDATE SET
        country_id = coalesce(EXCLUDED.country_id, v.country_id),
        lang = EXCLUDED.lang,
        page_url = CASE WHEN v.page_seen_at > EXCLUDED.page_seen_at THEN v.page_url
                        ELSE EXCLUDED.page_url END,
        page_title = CASE WHEN v.page_seen_at > EXCLUDED.page_seen_at THEN v.page_title
                          ELSE EXCLUDED.page_title END,
        page_seen_at = greatest(v.page_seen_at, EXCLUDED.page_seen_at),
        page_count = CASE WHEN v.last_seen < %(new_visit)s THEN 1 ELSE v.page_count + 1 END,
        visit_count = v.visit_count + CASE WHEN v.last_seen < %(new_visit)s THEN 1 ELSE 0 END,
        visit_started_at = CASE WHEN v.last_seen < %(new_visit)s THEN %(now)s
                                ELSE v.visit_started_at END,
        last_seen = %(now)s, ip_key = EXCLUDED.ip_key, write_date = %(now)s
    RETURNING id"""


def _ago(**delta):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(**delta))


class LivechatVisitor(models.Model):
    """A visitor of a channel's pages, known by a random id their browser
    keeps (only its hash is stored), from their first page view until
    ``livechat.visitor_retention_days`` after their last."""
    _name = 'livechat.visitor'
    _description = 'Live Chat Visitor'
    _order = 'last_seen desc, id desc'
    _rec_name = 'page_title'

    channel_id = fields.Many2one('livechat.channel', required=True, readonly=True,
                                 ondelete='cascade')
    visitor_key = fields.Char(required=True, readonly=True, groups='base.group_system',
                              help='sha256 of the id the browser keeps.')
    country_id = fields.Many2one('res.country', readonly=True)
    lang = fields.Selection(lambda self: self.env['res.lang'].get_installed(), 'Language',
                            readonly=True)
    page_url = fields.Char('Current Page', readonly=True)
    page_title = fields.Char(readonly=True)
    page_seen_at = fields.Float(readonly=True, groups='base.group_system',
                                help="When the current page loaded, by the browser's clock (ms).")
    page_count = fields.Integer('Pages This Visit', readonly=True)
    visit_count = fields.Integer('Visits', readonly=True)
    returning = fields.Boolean(compute='_compute_returning',
                               help='Came on an earlier visit too.')
    first_seen = fields.Datetime(readonly=True)
    visit_started_at = fields.Datetime('Visit Started', readonly=True)
    last_seen = fields.Datetime(readonly=True, index=True)
    online = fields.Boolean('On the Site Now', compute='_compute_online', search='_search_online')
    session_id = fields.Many2one('mail.channel', 'Chat', readonly=True, ondelete='set null')
    in_chat = fields.Boolean('In a Chat', compute='_compute_in_chat', search='_search_in_chat')
    ip_key = fields.Char(readonly=True, groups='base.group_system',
                         help='Keyed hash of the address: a chat started here can be blocked.')

    _sql_constraints = [
        ('visitor_unique', 'unique(channel_id, visitor_key)', 'One row per visitor and channel.'),
    ]

    def _compute_returning(self):
        for visitor in self:
            visitor.returning = visitor.visit_count > 1

    def _compute_online(self):
        since = _ago(seconds=ONLINE_SECONDS)
        for visitor in self:
            visitor.online = bool(visitor.last_seen) and visitor.last_seen >= since

    def _search_online(self, operator, value):
        online = (operator == '=') == bool(value)
        return [('last_seen', '>=' if online else '<', _ago(seconds=ONLINE_SECONDS))]

    def _compute_in_chat(self):
        for visitor in self:
            # sudo: a chat forwarded to another channel is still a chat
            visitor.in_chat = visitor.sudo().session_id.livechat_state == 'open'

    def _search_in_chat(self, operator, value):
        in_chat = (operator == '=') == bool(value)
        return [('session_id.livechat_state', '=', 'open')] if in_chat else [
            '|', ('session_id', '=', False), ('session_id.livechat_state', '!=', 'open')]

    # ----- the visitor's widget (public API, as superuser) ------------------

    @api.model
    def _page_view(self, channel, key, page, ip_key):
        """Count a page view of the visitor of ``key``; returns the visitor.
        ``page``: url, title, seen_at, lang, country_id."""
        now = fields.Datetime.now()
        self.env.cr.execute(PAGE_VIEW_QUERY, {
            'channel': channel.id, 'key': key, 'country': page.get('country_id') or None,
            'lang': page.get('lang') or None, 'url': page['url'], 'title': page.get('title'),
            'seen_at': page.get('seen_at'), 'ip_key': ip_key, 'now': now,
            'new_visit': _ago(minutes=VISIT_GAP_MINUTES)})
        return self.sudo().browse(self.env.cr.fetchone()[0])

    @api.model
    def _find(self, channel, key):
        self.env.cr.execute('SELECT id FROM livechat_visitor WHERE channel_id = %s'
                            ' AND visitor_key = %s', (channel.id, key))
        row = self.env.cr.fetchone()
        return self.sudo().browse(row and row[0])

    def _heartbeat(self):
        """A waiting widget says the visitor is still on the site: a write
        once a minute at most, not at every poll."""
        self.env.cr.execute("""
            UPDATE livechat_visitor SET last_seen = now() at time zone 'UTC'
             WHERE id = %s AND last_seen < now() at time zone 'UTC' - interval '%s seconds'
        """, (self.id, HEARTBEAT_SECONDS))

    def _bus_channel(self):
        """Derived from the key: only the holder of the visitor's id waits on it."""
        return (self.env.cr.dbname, 'livechat.site_visitor', self.sudo().visitor_key)

    def _link_session(self, session):
        self.sudo().write({'session_id': session.id})

    def _pending_chat(self):
        """The chat an operator started with this visitor while it is open,
        as the widget joins it (its secret, derived again each time); else None."""
        self.ensure_one()
        session = self.sudo().session_id
        if not session or session.livechat_state != 'open' \
                or not session.livechat_operator_started:
            return None
        operator = session.chat_operator_id
        return {'session': session.id, 'secret': make_secret(session.id, self._chat_token(session)),
                'operator': {'id': operator.id, 'name': operator.name}}

    def _chat_token(self, session):
        secret = self.env['ir.config_parameter'].sudo().get_param('database.secret')
        return chat_token(secret, session.id, self.sudo().visitor_key)

    # ----- the operator starts a chat -----------------------------------------

    @api.multi
    def action_chat(self):
        """The Chat button: a small dialog for the first message."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'livechat.visitor.chat',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_visitor_id': self.id},
        }

    def _start_chat(self, text):
        """Start a chat with this visitor, operated by the current user (an
        operator of the visitor's channel or a live chat administrator), whose
        first message ``text`` is: the operator's window opens, and the
        visitor's within seconds while the page is open (or at the next page)."""
        self.ensure_one()
        self.check_access_rule('read')
        user, channel = self.env.user, self.sudo().channel_id
        if not (user.has_group('livechat.group_livechat_manager')
                or user in channel.operator_ids.mapped('user_id')):
            raise AccessError(_('Only the operators of %s start chats with its visitors.')
                              % channel.name)
        if self.in_chat:
            raise UserError(_('This visitor is already in a chat.'))
        visitor = self.sudo()
        session = channel._start_session({
            'url': visitor.page_url, 'title': visitor.page_title,
            'country_id': visitor.country_id.id, 'ip_key': visitor.ip_key,
            'lang': visitor.lang}, operator=user)[0]
        session.write({'visitor_secret_hash': hash_token(self._chat_token(session)),
                       'livechat_operator_started': True})
        visitor._link_session(session)
        session.sudo(user).message_post(body=text_to_html(text), message_type='comment',
                                        subtype='mail.mt_comment')
        session._livechat_open_window(user.partner_id)
        self.env['bus.bus'].sendone(self._bus_channel(), {'type': 'chat'})
        return session

    # ----- housekeeping -----------------------------------------------------

    @api.model
    def _gc_visitors(self):
        """Cron: forget visitors not seen for the retention period."""
        days = self.env['ir.config_parameter'].sudo().get_param(RETENTION_PARAM, RETENTION_DAYS)
        try:
            days = float(days)
        except (TypeError, ValueError):
            days = RETENTION_DAYS
        self.env.cr.execute('DELETE FROM livechat_visitor WHERE last_seen < %s',
                            (_ago(days=days),))
        return self.env.cr.rowcount
