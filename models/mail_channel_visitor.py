"""What the visitor API asks of a session: the visitor's secret, messages by
id, and the bus channels that wake the visitor and the operator."""
from odoo import _, api, models

from ..logic.text import html_to_text, text_to_html
from ..logic.tokens import hash_token, parse_secret, token_matches
from .mail_channel import SESSION_TYPE

HISTORY_LIMIT = 500
RATING_STARS = {1: '★☆☆☆☆', 2: '★★☆☆☆', 3: '★★★☆☆', 4: '★★★★☆', 5: '★★★★★'}
# compared against when the session does not exist, so that a wrong id and a
# wrong token take the same time
_DUMMY_HASH = hash_token('x' * 43)


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
        """The session this secret opens, or an empty recordset."""
        parsed = parse_secret(secret)
        session_id, token = parsed if parsed else (0, 'x' * 43)
        session = self.sudo().search([('id', '=', session_id),
                                      ('channel_type', '=', SESSION_TYPE)]) \
            if parsed else self.sudo().browse()
        stored = session.visitor_secret_hash if session else _DUMMY_HASH
        if token_matches(token, stored) and session:
            return session
        return self.sudo().browse()

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
            self.env.cr.execute('SELECT id FROM mail_channel WHERE id IN %s FOR UPDATE',
                                [tuple(sessions.ids)])
            if self == sessions and kwargs.get('message_type') == 'comment' \
                    and kwargs.get('subtype') == 'mail.mt_comment' and 'channel_ids' not in kwargs:
                # what Odoo's notification would write on it afterwards, written
                # with the message: see mail_message.py
                kwargs['channel_ids'] = [(4, self.id)]
        return super().message_post(*args, **kwargs)

    @api.multi
    def _channel_message_notifications(self, message):
        """Every message of a session also wakes the visitor's poll."""
        notifications = super()._channel_message_notifications(message)
        for session in self.filtered(lambda c: c.channel_type == SESSION_TYPE):
            if session.sudo().visitor_secret_hash:
                notifications.append([session._livechat_visitor_bus_channel(),
                                      {'type': 'message', 'id': message.id}])
        return notifications

    # -- messages as the visitor sees them ---------------------------------------

    def _livechat_messages(self, after=0):
        """Conversation messages with id > ``after``, oldest first."""
        self.ensure_one()
        messages = self.env['mail.message'].sudo().search_read(
            [('model', '=', 'mail.channel'), ('res_id', '=', self.id),
             ('message_type', '=', 'comment'), ('id', '>', after)],
            ['body', 'author_id', 'email_from', 'date'], order='id asc', limit=HISTORY_LIMIT)
        return [{
            'id': message['id'],
            'body': html_to_text(message['body']),
            'author': 'operator' if message['author_id'] else 'visitor',
            'author_name': message['author_id'][1] if message['author_id']
            else (self.visitor_name or _('Visitor')),
            'date': message['date'],
        } for message in messages]

    def _livechat_post_visitor_message(self, text):
        self.ensure_one()
        message = self.sudo().with_context(mail_create_nosubscribe=True).message_post(
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
