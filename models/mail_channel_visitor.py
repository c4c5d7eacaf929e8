"""What the visitor API asks of a session: the visitor's secret, messages by
id, and the bus channels that wake the visitor and the operator."""
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from ..logic.text import html_to_text, text_to_html
from ..logic.tokens import MAX_ID, hash_token, parse_secret, token_matches
from .mail_channel import SESSION_TYPE

HISTORY_LIMIT = 500
# what the web client's chat window sends with a message (partner_ids and
# attachment_ids empty), and the session's channel_ids added above
_PLAIN_REPLY_KEYS = {'body', 'subject', 'message_type', 'subtype', 'content_subtype',
                     'partner_ids', 'attachment_ids', 'channel_ids', 'record_name'}
RATING_STARS = {1: '★☆☆☆☆', 2: '★★☆☆☆', 3: '★★★☆☆', 4: '★★★★☆', 5: '★★★★★'}
# compared against when the session does not exist, so that a wrong id and a
# wrong token take the same time
_DUMMY_HASH = hash_token('x' * 43)


class SessionEndedError(UserError):
    """A reply in a session the visitor left: the operator's chat window says
    it in place (static/src/js/operator_chat.js), other clients as any UserError."""


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    @api.model_cr
    def init(self):
        super().init()
        # operator load: open sessions per operator, read on every session start
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS mail_channel_livechat_open_operator_idx
                ON mail_channel (livechat_operator_id)
             WHERE livechat_state = 'open'""")

    # -- the visitor's secret --------------------------------------------------

    @api.model
    def _livechat_session_from_secret(self, secret):
        """The session this secret opens, or an empty recordset. Every visitor
        call starts here: one indexed read, whose values stay in the cache."""
        parsed = parse_secret(secret)
        session_id, token = parsed if parsed else (0, 'x' * 43)
        row = None
        if parsed:
            self.env.cr.execute(
                'SELECT visitor_secret_hash, livechat_state FROM mail_channel'
                ' WHERE id = %s AND channel_type = %s', (session_id, SESSION_TYPE))
            row = self.env.cr.fetchone()
        stored = row[0] if row else _DUMMY_HASH
        if token_matches(token, stored) and row:
            session = self.sudo().browse(session_id)
            session._cache.update(visitor_secret_hash=row[0], livechat_state=row[1])
            return session
        return self.sudo().browse()

    def _livechat_current_state(self):
        """The state as committed now (not the cache's: a poll outlives it)."""
        self.env.cr.execute('SELECT livechat_state FROM mail_channel WHERE id = %s', (self.id,))
        return self.env.cr.fetchone()[0]

    def _livechat_visitor_bus_channel(self):
        """Derived from the secret's hash: only the holder of the secret polls it."""
        self.ensure_one()
        return (self.env.cr.dbname, 'livechat.visitor', self.sudo().visitor_secret_hash)

    def _livechat_operator_bus_channel(self):
        self.ensure_one()
        return (self.env.cr.dbname, 'livechat.operator', self.livechat_operator_id.id)

    def _livechat_notify_visitor(self, payload):
        self.env['bus.bus'].sendone(self._livechat_visitor_bus_channel(), payload)

    def _livechat_notify_operator(self, payload):
        if self.livechat_operator_id:
            self.env['bus.bus'].sendone(self._livechat_operator_bus_channel(),
                                        dict(payload, session_id=self.id))

    @api.multi
    @api.returns('mail.message', lambda value: value.id)  # RPC callers get the id
    def message_post(self, *args, **kwargs):
        sessions = self.filtered(lambda c: c.channel_type == SESSION_TYPE)
        if sessions:
            # One message at a time per session, its id taken under the lock:
            # ids then grow in commit order, so a reader asking for the messages
            # after the last id it saw never skips one committed late.
            self.env.cr.execute('SELECT livechat_state FROM mail_channel WHERE id IN %s FOR UPDATE',
                                [tuple(sessions.ids)])
            ended = any(state == 'closed' for state, in self.env.cr.fetchall())
            if ended and kwargs.get('message_type') == 'comment' \
                    and kwargs.get('author_id', True) is not False:
                # the visitor's widget no longer shows anything once the chat
                # ended: a reply stored now would never be read
                raise SessionEndedError(_('The visitor left the chat: your message was not sent.'))
            if self == sessions and kwargs.get('message_type') == 'comment' \
                    and kwargs.get('subtype') == 'mail.mt_comment' and 'channel_ids' not in kwargs:
                # what Odoo's notification would write on it afterwards, written
                # with the message: see mail_message.py
                kwargs['channel_ids'] = [(4, self.id)]
                # the name stored at the start ("visitor, operator"), as Odoo's
                # name_get gave it; ours reads the visitor and the operator again
                kwargs.setdefault('record_name', self.name)
                if self._livechat_is_plain_reply(args, kwargs):
                    return self._livechat_post_plain_reply(kwargs)
        return super().message_post(*args, **kwargs)

    def _livechat_is_plain_reply(self, args, kwargs):
        """A user's text in a session, as the chat window sends it: no
        attachment, recipient, parent or other author."""
        return (not args and self.env.uid != SUPERUSER_ID and set(kwargs) <= _PLAIN_REPLY_KEYS
                and not kwargs.get('partner_ids') and not kwargs.get('attachment_ids')
                and self.env.user.has_group('base.group_user'))

    def _livechat_post_plain_reply(self, kwargs):
        """Posted as the user, a message is checked against the user's access
        when it is created and each time the posting reads it again: four
        checks per reply, each a query joining up to five tables. A plain reply
        is checked once for what those checks come to on a channel (the right to
        create messages, and to read this channel), then written as the
        superuser, authored by the user: about a third less CPU per reply
        (bench/message_cost.py). The row's create_uid is the superuser's, as
        with Odoo's own /mail/chat_post."""
        messages = self.env['mail.message']
        messages.check_access_rights('create')
        self.check_access_rights('read')
        self.check_access_rule('read')
        kwargs.update(author_id=messages._get_default_author().id,
                      email_from=messages._get_default_from())
        message = super(MailChannel, self.sudo()).message_post(**kwargs)
        return message.with_env(self.env)  # the caller's rights, not the superuser's

    @api.multi
    def _channel_message_notifications(self, message):
        """Every message of a session also wakes the visitor's poll, except the
        visitor's own: its sender has it in the answer to its post (its other tabs
        hear of it through the browser's storage, see the widget)."""
        notifications = super()._channel_message_notifications(message)
        if self.env.context.get('livechat_from_visitor'):
            return notifications
        for session in self.filtered(lambda c: c.channel_type == SESSION_TYPE):
            if session.sudo().visitor_secret_hash:
                notifications.append([session._livechat_visitor_bus_channel(),
                                      {'type': 'message', 'id': message.id}])
        return notifications

    # -- messages as the visitor sees them ---------------------------------------

    def _livechat_messages(self, after=0, before=None, limit=HISTORY_LIMIT, latest=False):
        """Conversation messages with ``after`` < id < ``before``, oldest first:
        the first ``limit`` of them, or the last ones when ``latest``. Plain
        SQL: every poll of every visitor reads them."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT m.id, m.body, m.author_id, p.name, m.date, c.visitor_name
              FROM mail_message m
              JOIN mail_channel c ON c.id = m.res_id
              LEFT JOIN res_partner p ON p.id = m.author_id
             WHERE m.model = 'mail.channel' AND m.res_id = %s
               AND m.message_type = 'comment' AND m.id > %s AND m.id < %s
             ORDER BY m.id {} LIMIT %s""".format('DESC' if latest else 'ASC'),
                            (self.id, after, MAX_ID + 1 if before is None else before, limit))
        rows = self.env.cr.fetchall()
        return [{
            'id': message_id,
            'body': html_to_text(body),
            'author': 'operator' if author_id else 'visitor',
            'author_name': author_name if author_id else (visitor_name or _('Visitor')),
            'date': fields.Datetime.to_string(fields.Datetime.from_string(date)),
        } for message_id, body, author_id, author_name, date, visitor_name
            in (rows[::-1] if latest else rows)]

    def _livechat_post_visitor_message(self, text):
        self.ensure_one()
        if not self.sudo().livechat_first_visitor_at:
            # the window opens before the message is posted, so that the
            # operator's client hears of the session before its first message
            self._livechat_announce_to_operator()
        message = self.sudo().with_context(
            mail_create_nosubscribe=True, livechat_from_visitor=True).message_post(
            body=text_to_html(text), author_id=False, email_from=self.visitor_name,
            message_type='comment', subtype='mail.mt_comment')
        return self._livechat_messages(after=message.id - 1)[0]

    # -- visitor events --------------------------------------------------------

    def _livechat_visitor_page(self, url, title):
        self.ensure_one()
        self.sudo().write({
            'visitor_page_url': url,
            'visitor_pages': self.chat_channel_id._visitor_pages(
                self.sudo().visitor_pages, url, title),
        })
        self._livechat_notify_operator({'type': 'visitor_update', 'page_url': url,
                                        'title': title})

    @api.multi
    def livechat_close(self):
        """Ending a session (visitor, operator or idle cron) tells both sides."""
        closing = self.filtered(lambda c: c.channel_type == SESSION_TYPE
                                and c.livechat_state == 'open')
        result = super().livechat_close()
        for session in closing:
            session.sudo().message_post(body=_('The conversation has ended.'),
                                        author_id=False, message_type='notification')
            session._livechat_notify_operator({'type': 'session_closed'})
            session._livechat_notify_visitor({'type': 'state', 'state': 'closed'})
        return result

    def _livechat_rate(self, rating, comment):
        self.ensure_one()
        self.sudo().write({'livechat_rating': rating, 'livechat_rating_comment': comment})
        text = _('Visitor rating: %s') % RATING_STARS[rating]
        if comment:
            text += ' — %s' % comment
        self.sudo().message_post(body=text_to_html(text), author_id=False,
                                 message_type='notification')
        self._livechat_notify_operator({'type': 'rating', 'rating': rating})
