"""mail.channel extended by live chat: a visitor's chat session.

One class, by concern: fields; posting and ending (message_post, livechat_close
and write, for both sides); the visitor side (secret, messages by id, bus
channels, visitor events); the operator window; statistics; transcript;
housekeeping crons.

The statistics are stored (and indexed where the report or a filter needs
them) and updated incrementally by message_post and on close, so neither the
list, nor the report, nor a filter ever scans mail_message."""
import logging
from datetime import datetime, timedelta

import pytz
from markupsafe import escape

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..logic.handon import parse_command, split_target, unavailability
from ..logic.operators import pick_operator
from ..logic.pages import add_page, read_pages
from ..logic.text import emails_in, html_to_text, is_email, text_to_html
from ..logic.tokens import MAX_ID, hash_token, parse_secret, token_matches
from ..logic.triage import session_status
from ..logic.user_agent import describe

_logger = logging.getLogger(__name__)

# Our own channel type: Odoo 11's im_livechat adds 'livechat'; both coexist.
SESSION_TYPE = 'livechat_visitor'

# Housekeeping thresholds (ir.config_parameter -> default hours); see README.
IDLE_HOURS = ('livechat.session_idle_hours', 24.0)
EMPTY_HOURS = ('livechat.session_empty_hours', 1.0)
UNPIN_HOURS = ('livechat.session_unpin_hours', 24.0)

HISTORY_LIMIT = 500
# the subtype of what the visitor reads as a notice ("Anna joined the chat")
NOTICE_SUBTYPE = 'livechat.mt_livechat_notice'
# what the web client's chat window sends with a message (partner_ids and
# attachment_ids empty), and the session's channel_ids message_post adds
_PLAIN_REPLY_KEYS = {'body', 'subject', 'message_type', 'subtype', 'content_subtype',
                     'partner_ids', 'attachment_ids', 'channel_ids', 'record_name'}
RATING_STARS = {1: '★☆☆☆☆', 2: '★★☆☆☆', 3: '★★★☆☆', 4: '★★★★☆', 5: '★★★★★'}
# compared against when the session does not exist, so that a wrong id and a
# wrong token take the same time
_DUMMY_HASH = hash_token('x' * 43)

# the visitor's own isolate marks would end ours early
_NO_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))


def _dt(value):
    return fields.Datetime.from_string(value) if value else None


def _minutes(start, end):
    return round((end - start).total_seconds() / 60.0, 2)


class SessionEndedError(UserError):
    """A reply in a session the visitor left: the operator's chat window says
    it in place (static/src/js/operator_chat.js), other clients as any UserError."""


class MailChannel(models.Model):
    """A visitor's chat session is a mail.channel of our own type, so Odoo's
    chat windows, Discuss and message history serve the operator side."""
    _inherit = 'mail.channel'

    # ----- fields -----------------------------------------------------------

    channel_type = fields.Selection(selection_add=[(SESSION_TYPE, 'Visitor Chat')])
    # named apart from im_livechat's fields on the channel (its channel, and from
    # 13.0 its operator as a res.partner), so that a port can live beside it
    chat_channel_id = fields.Many2one('livechat.channel', 'Live Chat Channel',
                                          index=True, ondelete='set null')
    chat_operator_id = fields.Many2one('res.users', 'Operator', index=True)
    visitor_name = fields.Char()
    visitor_email = fields.Char()
    visitor_phone = fields.Char('Phone', copy=False)
    visitor_prechat_answer = fields.Text('Answer to the Pre-chat Question', copy=False)
    visitor_verified = fields.Boolean(
        'Verified Identity', readonly=True, copy=False,
        help="The site signed the visitor's e-mail with the channel's identity secret.")
    visitor_country_id = fields.Many2one('res.country')
    visitor_lang = fields.Selection(
        lambda self: self.env['res.lang'].get_installed(), 'Visitor Language',
        readonly=True, copy=False,
        help="The language of the visitor's widget: what is mailed to them is written in it.")
    # sha256 of the visitor's secret: the secret itself is never stored
    visitor_secret_hash = fields.Char(copy=False, groups='base.group_system')
    # not create_date: with im_livechat installed, mail.channel's create_date is
    # redefined and ends up read from the mail alias
    livechat_started_at = fields.Datetime('Start', readonly=True, copy=False,
                                          default=fields.Datetime.now)
    livechat_state = fields.Selection([('open', 'Open'), ('closed', 'Closed')],
                                      'Session State', default='open', index=True)
    livechat_closed_at = fields.Datetime('Ended At')
    livechat_rating = fields.Integer('Rating', help='1 (bad) to 5 (great); 0: not rated.')
    livechat_rating_comment = fields.Text('Rating Comment')
    # what the operator sees of the visitor (kept up to date by the visitor API)
    visitor_page_url = fields.Char('Current Page')
    visitor_user_agent = fields.Char('Browser')
    visitor_pages = fields.Text('Pages Visited', help='JSON list of {"url", "title", "at"}.')

    livechat_first_visitor_at = fields.Datetime('First Visitor Message', readonly=True, copy=False)
    livechat_first_answer_at = fields.Datetime('First Answer', readonly=True, copy=False)
    livechat_last_message_at = fields.Datetime('Last Message', readonly=True, copy=False,
                                               index=True)
    livechat_answer_time = fields.Float(
        'Time to Answer (min)', readonly=True, copy=False, group_operator='avg',
        help='Minutes from the first visitor message to the first operator answer.')
    livechat_duration = fields.Float(
        'Duration (min)', readonly=True, copy=False, group_operator='avg',
        help='Minutes from the start to the end of the session (or its last message while open).')
    livechat_message_count = fields.Integer('Messages', readonly=True, copy=False)
    livechat_transcript_email = fields.Char(
        'Transcript Sent To', readonly=True, copy=False,
        help='Where the visitor asked for the transcript at the end of the chat.')
    livechat_transcript = fields.Html('Transcript', compute='_compute_livechat_transcript',
                                      sanitize=False)
    # an operator asks colleagues to step in: Sessions > Looking for Help lists
    # these; cleared when the chat is forwarded or someone is invited
    livechat_help_wanted = fields.Boolean('Looking for Help', copy=False)
    # from the Visitors list (models/livechat_visitor.py): its secret is derived, not drawn
    livechat_operator_started = fields.Boolean('Started by the Operator', readonly=True,
                                               copy=False)
    livechat_assignment_ids = fields.One2many('livechat.assignment', 'session_id',
                                              'Assignments', readonly=True)

    @api.model_cr
    def init(self):
        result = super().init()
        # Partial indexes over our sessions only (mail_channel also holds Discuss
        # channels): "Today"/the report's date axis and the cleanup crons filter
        # on livechat_started_at; "Unanswered" on a NULL first answer; the idle cron on
        # open sessions by last activity. The operator load (open sessions
        # per operator), read on every session start. And the typical reply
        # time's last days of answered sessions, read once an hour per channel
        # (without it, a scan of all the channel's past sessions).
        indexes = {
            'mail_channel_livechat_started_idx':
                '(livechat_started_at) WHERE channel_type = %r' % SESSION_TYPE,
            'mail_channel_livechat_unanswered_idx':
                '(livechat_started_at) WHERE channel_type = %r'
                ' AND livechat_first_answer_at IS NULL' % SESSION_TYPE,
            'mail_channel_livechat_open_idx':
                "(livechat_last_message_at) WHERE channel_type = %r"
                " AND livechat_state = 'open'" % SESSION_TYPE,
            'mail_channel_livechat_operator_date_idx':
                '(chat_operator_id, livechat_started_at) WHERE channel_type = %r' % SESSION_TYPE,
            'mail_channel_livechat_open_operator_idx':
                "(chat_operator_id) WHERE livechat_state = 'open'",
            'mail_channel_livechat_reply_time_idx':
                '(chat_channel_id, livechat_first_answer_at) WHERE channel_type = %r'
                ' AND livechat_answer_time IS NOT NULL' % SESSION_TYPE,
        }
        for name, definition in indexes.items():
            self._cr.execute(  # pylint: disable=sql-injection  # constant names and clauses
                'CREATE INDEX IF NOT EXISTS %s ON mail_channel %s' % (name, definition))
        return result

    # ----- posting and ending (both sides) -----------------------------------

    @api.multi
    @api.returns('mail.message', lambda value: value.id)  # RPC callers get the id
    def message_post(self, *args, **kwargs):
        """A session's messages are posted one at a time, refused from a user
        once the session ended, and counted into its statistics."""
        poster = self
        sessions = self.filtered(lambda c: c.channel_type == SESSION_TYPE)
        if sessions:
            # One message at a time per session, its id taken under the lock:
            # ids then grow in commit order, so a reader asking for the messages
            # after the last id it saw never skips one committed late.
            self.env.cr.execute('SELECT livechat_state FROM mail_channel WHERE id IN %s FOR UPDATE',
                                [tuple(sessions.ids)])
            ended = any(state == 'closed' for state, in self.env.cr.fetchall())
            command = self == sessions and not args and self._livechat_command_line(kwargs)
            if command:
                # typed without picking it from the suggestions: still a
                # command, and an unknown one is said so; never sent
                self.execute_command(command=command[0], body=kwargs.get('body'))
                return self.env['mail.message']
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
                    poster = self._livechat_plain_reply_poster(kwargs)
        message = super(MailChannel, poster).message_post(*args, **kwargs)
        if sessions and message.message_type == 'comment':
            sessions._livechat_count_message(message)
        if poster is not self:
            message = message.with_env(self.env)  # the caller's rights, not the superuser's
        return message

    @api.multi
    def livechat_close(self):
        """End the sessions now (operator button, visitor API, idle cron): the
        statistics are rebuilt from the messages, and both sides are told."""
        sessions = self.filtered(
            lambda c: c.channel_type == SESSION_TYPE and c.livechat_state == 'open')
        sessions.sudo().write({'livechat_state': 'closed',
                               'livechat_closed_at': fields.Datetime.now()})
        sessions._livechat_recompute_stats()
        for session in sessions:
            session.sudo().message_post(body=_('The conversation has ended.'),
                                        author_id=False, message_type='notification')
            session._livechat_notify_colleagues({'type': 'session_closed'})
            session._livechat_notify_visitor({'type': 'state', 'state': 'closed'})
        return True

    @api.multi
    def write(self, values):
        result = super().write(values)
        # a close written directly (e.g. by the visitor API) still fixes the duration
        if 'livechat_closed_at' in values:
            self.filtered(lambda c: c.channel_type == SESSION_TYPE)._livechat_update_duration()
        return result

    # ----- visitor side -----------------------------------------------------

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

    def _livechat_current_operator(self):
        """The operator as committed now, as the widget names them (a forward changes them)."""
        self.env.cr.execute("""
            SELECT u.id, p.name FROM mail_channel c
              JOIN res_users u ON u.id = c.chat_operator_id
              JOIN res_partner p ON p.id = u.partner_id
             WHERE c.id = %s""", (self.id,))
        row = self.env.cr.fetchone()
        return {'id': row[0], 'name': row[1]} if row else None

    def _livechat_operator_seen(self):
        """The last message an operator of the chat has seen (read receipts)."""
        self.env.cr.execute('SELECT max(seen_message_id) FROM mail_channel_partner'
                            ' WHERE channel_id = %s', (self.id,))
        return self.env.cr.fetchone()[0] or 0

    @api.multi
    def channel_seen(self):
        """An operator's chat window shows the chat's last message: the visitor's
        widget says "Seen" under their own messages up to it."""
        last = super().channel_seen()
        if last and self.channel_type == SESSION_TYPE and self.sudo().visitor_secret_hash:
            self._livechat_notify_visitor({'type': 'seen', 'id': last})
        return last

    def _livechat_visitor_bus_channel(self):
        """Derived from the secret's hash: only the holder of the secret polls it."""
        self.ensure_one()
        return (self.env.cr.dbname, 'livechat.visitor', self.sudo().visitor_secret_hash)

    def _livechat_operator_bus_channel(self):
        self.ensure_one()
        return (self.env.cr.dbname, 'livechat.operator', self.chat_operator_id.id)

    def _livechat_notify_visitor(self, payload):
        self.env['bus.bus'].sendone(self._livechat_visitor_bus_channel(), payload)

    def _livechat_notify_operator(self, payload):
        if self.chat_operator_id:
            self.env['bus.bus'].sendone(self._livechat_operator_bus_channel(),
                                        dict(payload, session_id=self.id))

    def _livechat_notify_colleagues(self, payload):
        """The operator's event, also to the users invited into the chat. For
        rare events: it reads the members (the visitor typing goes to the
        operator alone)."""
        users = self.chat_operator_id | self.sudo().channel_partner_ids.mapped(
            'user_ids').filtered(lambda user: not user.share)
        self.env['bus.bus'].sendmany([((self.env.cr.dbname, 'livechat.operator', user.id),
                                       dict(payload, session_id=self.id)) for user in users])

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

    def _livechat_messages(self, after=0, before=None, limit=HISTORY_LIMIT, latest=False):
        """Conversation messages with ``after`` < id < ``before``, oldest first:
        the first ``limit`` of them, or the last ones when ``latest``. Plain
        SQL: every poll of every visitor reads them. Besides the comments, the
        notices meant for the visitor ("... joined the chat"), as author
        'system'."""
        self.ensure_one()
        notice = self.env['ir.model.data'].xmlid_to_res_id(NOTICE_SUBTYPE) or 0
        self.env.cr.execute("""
            SELECT m.id, m.body, m.author_id, p.name, m.date, c.visitor_name,
                   m.message_type != 'comment'
              FROM mail_message m
              JOIN mail_channel c ON c.id = m.res_id
              LEFT JOIN res_partner p ON p.id = m.author_id
             WHERE m.model = 'mail.channel' AND m.res_id = %s
               AND (m.message_type = 'comment' OR m.subtype_id = %s)
               AND m.id > %s AND m.id < %s
             ORDER BY m.id {} LIMIT %s""".format('DESC' if latest else 'ASC'),
                            (self.id, notice, after,
                             MAX_ID + 1 if before is None else before, limit))
        rows = self.env.cr.fetchall()
        return [{
            'id': message_id,
            'body': html_to_text(body),
            'author': 'system' if is_notice else 'operator' if author_id else 'visitor',
            'author_name': author_name if author_id else (visitor_name or _('Visitor')),
            'date': fields.Datetime.to_string(fields.Datetime.from_string(date)),
        } for message_id, body, author_id, author_name, date, visitor_name, is_notice
            in (rows[::-1] if latest else rows)]

    @api.model
    def _livechat_max_message_length(self):
        """The longest visitor message, in characters (widget and e-mail alike)."""
        return int(self.env['ir.config_parameter'].sudo().get_param(
            'livechat.max_message_length', 4000))

    def _livechat_post_visitor_message(self, text, attachment_ids=()):
        self.ensure_one()
        if not self.sudo().livechat_first_visitor_at:
            # the window opens before the message is posted, so that the
            # operator's client hears of the session before its first message
            self._livechat_announce_to_operator()
        message = self.sudo().with_context(
            mail_create_nosubscribe=True, livechat_from_visitor=True).message_post(
            body=text_to_html(text), author_id=False, email_from=self.visitor_name,
            message_type='comment', subtype='mail.mt_comment', attachment_ids=list(attachment_ids))
        return self._livechat_messages(after=message.id - 1)[0]

    def _livechat_visitor_page(self, url, title, seen_at=None):
        """The visitor's widget reports a page (``seen_at``: see logic.pages.add_page);
        one that comes after a later page's report only joins the history."""
        self.ensure_one()
        pages, current = add_page(self.sudo().visitor_pages, url, title, fields.Datetime.now(),
                                  seen_at)
        values = {'visitor_pages': pages}
        if current:
            values['visitor_page_url'] = url
        self.sudo().write(values)
        if current:
            self._livechat_notify_operator({'type': 'visitor_update', 'page_url': url,
                                            'title': title})

    def _livechat_rate(self, rating, comment):
        self.ensure_one()
        self.sudo().write({'livechat_rating': rating, 'livechat_rating_comment': comment})
        text = _('Visitor rating: %s') % RATING_STARS[rating]
        if comment:
            text += ' — %s' % comment
        self.sudo().message_post(body=text_to_html(text), author_id=False,
                                 message_type='notification')
        self._livechat_notify_operator({'type': 'rating', 'rating': rating})

    # ----- operator window --------------------------------------------------

    def _livechat_announce_to_operator(self):
        """Open the session's chat window, unfolded, in the assigned operator's
        browser, on whatever screen the operator is (with a chime). Called at the
        visitor's first message: a session nobody wrote in rings no one."""
        for session in self.filtered('chat_operator_id'):
            session._livechat_open_window(session.chat_operator_id.partner_id)

    def _livechat_open_window(self, partner):
        """The session's window opens, unfolded, in the browser of ``partner``
        (a member): the assigned operator, or a colleague it was handed to."""
        self.env['mail.channel.partner'].sudo().search(
            [('channel_id', '=', self.id), ('partner_id', '=', partner.id)]).write(
            {'is_minimized': True, 'fold_state': 'open', 'is_pinned': True})
        self._broadcast(partner.ids)

    def _livechat_is_plain_reply(self, args, kwargs):
        """A user's text in a session, as the chat window sends it: no
        attachment, recipient, parent or other author."""
        return (not args and self.env.uid != SUPERUSER_ID and set(kwargs) <= _PLAIN_REPLY_KEYS
                and not kwargs.get('partner_ids') and not kwargs.get('attachment_ids')
                and self.env.user.has_group('base.group_user'))

    def _livechat_plain_reply_poster(self, kwargs):
        """Posted as the user, a message is checked against the user's access
        when it is created and each time the posting reads it again: four
        checks per reply, each a query joining up to five tables. A plain reply
        is checked once for what those checks come to on a channel (the right to
        create messages, and to read this channel), then written as the
        superuser, authored by the user: less CPU per reply (bench/message_cost.py,
        figures in BENCHMARKS.md). The row's create_uid is the superuser's, as
        with Odoo's own /mail/chat_post. Returns who posts it."""
        messages = self.env['mail.message']
        messages.check_access_rights('create')
        self.check_access_rights('read')
        self.check_access_rule('read')
        kwargs.update(author_id=messages._get_default_author().id,
                      email_from=messages._get_default_from())
        return self.sudo()

    @api.model
    def _livechat_stored_name(self, visitor_name, operator):
        """The session's stored name (Discuss lists it, messages keep it as
        their record name): set at the start, again when the chat is forwarded."""
        return '%s, %s' % (visitor_name, operator.name)

    @api.multi
    def name_get(self):
        """A session is named after its visitor, who chose that name: its
        right-to-left marks stay inside it (first strong isolate ... pop
        directional isolate), not turning around the operator's name after it
        in breadcrumbs and links."""
        names = dict(super().name_get())
        for session in self.filtered(lambda c: c.channel_type == SESSION_TYPE):
            visitor = (session.visitor_name or _('Visitor')).translate(_NO_ISOLATES)
            names[session.id] = ', '.join(filter(None, [
                '\u2068%s\u2069' % visitor, session.chat_operator_id.name]))
        return [(record.id, names[record.id]) for record in self]

    @api.multi
    def channel_info(self, extra_info=False):
        infos = super().channel_info(extra_info)
        sessions = {session.id: session for session in self
                    if session.channel_type == SESSION_TYPE}
        for info in infos:
            session = sessions.get(info['id'])
            if session:
                # mail's chat manager shows 'anonymous_name' as the window title
                info['anonymous_name'] = session.visitor_name or _('Visitor')
                info['livechat_state'] = session.livechat_state
        return infos

    @api.model
    def channel_fetch_slot(self):
        """The sessions the operator still has pinned come back after a reload."""
        values = super().channel_fetch_slot()
        pinned = self.env['mail.channel.partner'].search([
            ('partner_id', '=', self.env.user.partner_id.id), ('is_pinned', '=', True),
            ('channel_id.channel_type', '=', SESSION_TYPE)]).mapped('channel_id')
        values['channel_livechat_visitor'] = pinned.channel_info()
        return values

    @api.multi
    def livechat_visitor_info(self):
        """The visitor as the operator's chat window shows it."""
        self.ensure_one()
        if self.channel_type != SESSION_TYPE:
            return {}
        self.check_access_rule('read')
        session = self.sudo()
        return {
            'name': session.visitor_name or _('Visitor'),
            'email': session.visitor_email or '',
            'verified': session.visitor_verified,
            'phone': session.visitor_phone or '',
            'answer': session.visitor_prechat_answer or '',
            'country': session.visitor_country_id.name or '',
            'country_code': (session.visitor_country_id.code or '').lower(),
            'lang': dict(self.env['res.lang'].get_installed()).get(session.visitor_lang, ''),
            'page_url': session.visitor_page_url or '',
            'browser': describe(session.visitor_user_agent),
            'pages': read_pages(session.visitor_pages),
            'state': session.livechat_state,
            'channel': session.chat_channel_id.name or '',
        }

    # ----- handing a chat on: commands, forward, invite, looking for help ---

    # Commands are typed in the operator's chat window and answered there only
    # (mail's transient message on the user's own bus channel): none is posted.

    def _define_command_history(self):
        return {'channel_types': [SESSION_TYPE], 'help': _("Show the visitor's pages")}

    def _define_command_forward(self):
        return {'channel_types': [SESSION_TYPE],
                'help': _('Hand this chat on: /forward <operator or channel> [reason]')}

    def _define_command_invite(self):
        return {'channel_types': [SESSION_TYPE],
                'help': _('Bring a colleague into this chat: /invite <operator> [reason]')}

    @api.multi
    def execute_command(self, command='', **kwargs):
        """Mail's command runner, which ignores what it does not know, saying
        so in sessions, and refusing a command where its definition does not
        offer it (the web client would not; an RPC call might)."""
        self.ensure_one()
        definition = {c['name']: c for c in self.get_mention_commands()}.get(command)
        if definition and self.channel_type not in definition.get('channel_types',
                                                                  [self.channel_type]):
            return self._livechat_answer(
                _('/%(command)s is not available in this conversation.') % {'command': command})
        if self.channel_type != SESSION_TYPE:
            return super().execute_command(command=command, **kwargs)
        if not definition:
            return self._livechat_answer(
                _('Unknown command /%(command)s: nothing was sent. Type /help for the list.')
                % {'command': command})
        return super().execute_command(command=command, **kwargs)

    def _livechat_command_line(self, kwargs):
        """What a command line as the chat window posts it names, or None."""
        if (kwargs.get('message_type') != 'comment' or 'author_id' in kwargs
                or self.env.context.get('livechat_from_visitor')
                or not self.env.user.has_group('base.group_user')):
            return None
        return parse_command(html_to_text(kwargs.get('body')))

    def _livechat_arguments(self, kwargs):
        parsed = parse_command(html_to_text(kwargs.get('body')))
        return parsed[1] if parsed else ''

    def _livechat_answer(self, text):
        """Text for the user's eyes only, in this session's window."""
        self._send_transient_message(self.env.user.partner_id,
                                     str(escape(text)).replace('\n', '<br/>'))

    def _execute_command_help(self, **kwargs):
        if self.channel_type != SESSION_TYPE:
            return super()._execute_command_help(**kwargs)
        lines = [_('Commands in this chat (only you see them and their answers):')]
        lines += ['/%s — %s' % (c['name'], c['help']) for c in sorted(
            self.get_mention_commands(), key=lambda c: c['name'])
            if SESSION_TYPE in c.get('channel_types', [SESSION_TYPE])]
        self._livechat_answer('\n'.join(lines))

    def _execute_command_history(self, **kwargs):
        self.check_access_rule('read')
        pages = read_pages(self.sudo().visitor_pages)
        if not pages:
            return self._livechat_answer(_('No page of the visitor is known.'))
        lines = [_("The visitor's pages, oldest first:")]
        lines += ['%s  %s  %s' % (self._livechat_local_time(page.get('at')),
                                  page.get('title') or '', page.get('url') or '')
                  for page in pages]
        self._livechat_answer('\n'.join(lines))

    def _execute_command_forward(self, **kwargs):
        self._livechat_answer(self._livechat_forward(self._livechat_arguments(kwargs)))

    def _execute_command_invite(self, **kwargs):
        self._livechat_answer(self._livechat_invite(self._livechat_arguments(kwargs)))

    def _livechat_is_chat_operator(self):
        """Whether the user acts on this chat as its operator: one of the
        session's operators (members with the operator group) or a live chat
        administrator."""
        user = self.env.user
        if user._is_superuser() or user.has_group('livechat.group_livechat_manager'):
            return True
        return (user.has_group('livechat.group_livechat_operator')
                and user.partner_id in self.sudo().channel_partner_ids)

    def _livechat_check_hand_on(self):
        if not self._livechat_is_chat_operator():
            raise AccessError(_('Only the operators of this chat and live chat administrators '
                                'can forward it, invite someone or ask for help.'))

    def _livechat_named(self, arguments):
        """The operator (res.users, by login or name) or live chat channel the
        arguments name first, and the rest of them (the reason)."""
        # no-search-all: every operator and channel, tens of rows; their names are
        # matched in Python, word by word and case aside (logic/handon.py)
        archived_too = self.env['livechat.operator'].sudo().with_context(active_test=False)
        operators = archived_too.search([]).mapped('user_id')  # pylint: disable=no-search-all
        names = {}
        for user in operators:
            names.setdefault(user.login, user)
            names.setdefault(user.name, user)
        for channel in self.env['livechat.channel'].sudo().search([]):  # pylint: disable=no-search-all
            names.setdefault(channel.name, channel)
        name, rest = split_target(arguments, list(names))
        return names.get(name), rest

    def _livechat_why_not(self, user, channels):
        """Why ``user`` cannot take a chat now on any of ``channels`` (a
        sentence), or None when they can."""
        why = unavailability([
            (max_chats, load, connected) for channel in channels
            for user_id, max_chats, load, connected
            in channel._operator_loads(connected_only=False) if user_id == user.id])
        if not why:
            return None
        return {
            'absent': _('%(name)s is not an available operator of %(channel)s.'),
            'offline': _('%(name)s is not connected.'),
            'full': _('%(name)s already has as many chats as they can take.'),
        }[why] % {'name': user.name, 'channel': ', '.join(channels.mapped('name'))}

    def _livechat_ended_refusal(self):
        if self.livechat_state == 'closed':
            return _('The visitor left: this chat can no longer be handed on.')
        return None

    def _livechat_hand_on_target(self, arguments, usage):
        """What forward and invite check first: ``(refusal, target, reason)``,
        the refusal a sentence or None, the target as _livechat_named gives it."""
        self.ensure_one()
        self._livechat_check_hand_on()
        refusal = self._livechat_ended_refusal() or (None if arguments else usage)
        if refusal:
            return refusal, None, ''
        return (None,) + self._livechat_named(arguments)

    def _livechat_forward(self, arguments):
        """Hand the chat to the operator or channel ``arguments`` names;
        returns what the operator reads. A forward nobody can take writes
        nothing."""
        refusal, target, reason = self._livechat_hand_on_target(
            arguments, _('Usage: /forward <operator or channel> [reason]'))
        if refusal:
            return refusal
        session = self.sudo()
        if not target:
            return _('Nothing was forwarded: no operator or channel is named "%(name)s".') % {
                'name': arguments}
        if target._name == 'res.users':
            channel = session.chat_channel_id
            if target == session.chat_operator_id:
                return _('%(name)s already has this chat.') % {'name': target.name}
            refusal = self._livechat_why_not(target, channel)
            if refusal:
                return _('Nothing was forwarded: %(why)s') % {'why': refusal}
        else:
            channel = target
            candidates = [c for c in channel._candidates()
                          if c.user_id not in (session.chat_operator_id.id, self.env.uid)]
            pick = pick_operator(candidates)
            if not pick:
                return _('Nothing was forwarded: nobody on %(channel)s can take a chat now.') % {
                    'channel': channel.name}
            target = self.env['res.users'].sudo().browse(pick.user_id)
        previous = session.chat_operator_id
        self._livechat_hand_to(target, channel, 'forwarded', reason, previous)
        values = {'chat_operator_id': target.id, 'livechat_help_wanted': False,
                  'name': self._livechat_stored_name(session.visitor_name or _('Visitor'), target)}
        if channel != session.chat_channel_id:
            values['chat_channel_id'] = channel.id
        session.write(values)
        session._livechat_post_notice(_('%(name)s took over the chat.') % {'name': target.name},
                                      target)
        session._livechat_open_window(target.partner_id)
        if previous and previous != target:
            session._livechat_remove_member(previous, _('Chat with %(visitor)s forwarded to '
                                                        '%(name)s.') % {
                'visitor': session.visitor_name or _('Visitor'), 'name': target.name})
        return _('Forwarded to %(name)s.') % {'name': target.name}

    def _livechat_invite(self, arguments):
        """Bring the operator ``arguments`` names into the chat beside the
        assigned one; returns what the inviting user reads."""
        refusal, target, reason = self._livechat_hand_on_target(
            arguments, _('Usage: /invite <operator> [reason]'))
        if refusal:
            return refusal
        session = self.sudo()
        if not target or target._name != 'res.users':
            return _('Nobody was invited: no operator is named "%(name)s".') % {'name': arguments}
        if target.partner_id in session.channel_partner_ids:
            return _('%(name)s is already in this chat.') % {'name': target.name}
        channels = self.env['livechat.operator'].sudo().with_context(active_test=False).search(
            [('user_id', '=', target.id)]).mapped('channel_id')
        refusal = self._livechat_why_not(target, channels)
        if refusal:
            return _('Nobody was invited: %(why)s') % {'why': refusal}
        self._livechat_add_helper(target, reason)
        return _('%(name)s was invited.') % {'name': target.name}

    def _livechat_add_helper(self, user, note):
        """``user`` joins the chat beside its operator, and the visitor reads it."""
        session = self.sudo()
        self._livechat_hand_to(user, session.chat_channel_id, 'invited', note,
                               session.chat_operator_id)
        session.write({'livechat_help_wanted': False})
        session._livechat_post_notice(_('%(name)s joined the chat.') % {'name': user.name}, user)
        session._livechat_open_window(user.partner_id)

    def _livechat_hand_to(self, user, channel, reason, note, previous):
        """The trail, and ``user`` a member of the session."""
        session = self.sudo()
        load = [row[2] for row in channel._operator_loads(connected_only=False)
                if row[0] == user.id] if channel else []
        self.env['livechat.assignment'].sudo().create({
            'session_id': session.id, 'user_id': user.id, 'reason': reason,
            'load': load[0] if load else 0, 'by_user_id': self.env.uid,
            'from_user_id': previous.id, 'note': note or False})
        if user.partner_id not in session.channel_partner_ids:
            session.write({'channel_last_seen_partner_ids': [(0, 0, {
                'partner_id': user.partner_id.id})]})

    def _livechat_remove_member(self, user, text):
        """``user`` leaves the session: its window closes (mail's channel
        removal), and a notification tells why."""
        info = self.channel_info('unsubscribe')[0]  # read while still a member
        self.write({'channel_partner_ids': [(3, user.partner_id.id)]})
        bus = self.env['bus.bus']
        bus.sendone((self.env.cr.dbname, 'res.partner', user.partner_id.id), info)
        bus.sendone((self.env.cr.dbname, 'livechat.operator', user.id),
                    {'type': 'handed_on', 'session_id': self.id, 'text': text})

    def _livechat_post_notice(self, text, author):
        """A notice the visitor reads in the chat (not counted as a message)."""
        self.message_post(body=text_to_html(text), author_id=author.partner_id.id,
                          message_type='notification', subtype=NOTICE_SUBTYPE,
                          channel_ids=[(4, self.id)])

    @api.multi
    def action_livechat_ask_help(self):
        return self._livechat_set_help_wanted(True)

    @api.multi
    def action_livechat_withdraw_help(self):
        return self._livechat_set_help_wanted(False)

    def _livechat_set_help_wanted(self, wanted):
        for session in self:
            session._livechat_check_hand_on()
        self.sudo().write({'livechat_help_wanted': wanted})
        return True

    @api.multi
    def action_livechat_join(self):
        """A colleague steps into a chat that is looking for help (the form's
        button): any operator of the session's channel, or an administrator."""
        self.ensure_one()
        user = self.env.user
        session = self.sudo()
        if not (user.has_group('livechat.group_livechat_manager') or user in
                session.chat_channel_id.with_context(active_test=False).operator_ids.mapped(
                    'user_id')):
            raise AccessError(_('Only the operators of the channel %(channel)s can join this '
                                'chat.') % {'channel': session.chat_channel_id.name})
        if self._livechat_ended_refusal():
            raise UserError(self._livechat_ended_refusal())
        if user.partner_id not in session.channel_partner_ids:
            self._livechat_add_helper(user, False)
        return True

    # ----- statistics -------------------------------------------------------

    def _livechat_is_visitor_message(self, message):
        return not message.author_id

    def _livechat_count_message(self, message):
        """Fold one new message into the stored statistics (no message scan)."""
        at = _dt(message.date)
        from_visitor = self._livechat_is_visitor_message(message)
        for session in self.sudo():
            values = {'livechat_message_count': session.livechat_message_count + 1}
            last = _dt(session.livechat_last_message_at)
            if not last or at > last:
                values['livechat_last_message_at'] = fields.Datetime.to_string(at)
            first_visitor = _dt(session.livechat_first_visitor_at)
            if from_visitor and (not first_visitor or at < first_visitor):
                values['livechat_first_visitor_at'] = fields.Datetime.to_string(at)
            elif (not from_visitor and first_visitor and at >= first_visitor
                  and not session.livechat_first_answer_at):
                values['livechat_first_answer_at'] = fields.Datetime.to_string(at)
                values['livechat_answer_time'] = _minutes(first_visitor, at)
            values['livechat_duration'] = session._livechat_duration_until(
                _dt(values.get('livechat_last_message_at') or session.livechat_last_message_at))
            # the triage status (mail_channel_triage.py) follows who wrote last
            values['livechat_waiting'] = not from_visitor
            values['livechat_status'] = session_status(session.livechat_help_wanted,
                                                       not from_visitor)
            session._livechat_write_stats(values)

    def _livechat_write_stats(self, values):
        """One UPDATE of our own stored statistics, for every message: the ORM's
        write would add mail.thread's tracking and the alias mixin's queries to
        it, and nothing is computed from these columns."""
        assignments = ', '.join('"%s" = %%s' % name for name in values)  # our field names only
        self.env.cr.execute(
            'UPDATE mail_channel SET %s, write_uid = %%s,'
            " write_date = (now() at time zone 'UTC') WHERE id IN %%s" % assignments,
            list(values.values()) + [self.env.uid, tuple(self.ids)])
        self.invalidate_cache(fnames=list(values) + ['write_uid', 'write_date'], ids=self.ids)

    def _livechat_duration_until(self, last_message_at):
        """Minutes from the start to the close, or to ``last_message_at`` while open."""
        start = _dt(self.livechat_started_at)
        end = _dt(self.livechat_closed_at) or last_message_at
        return max(_minutes(start, end), 0.0) if start and end else 0.0

    def _livechat_update_duration(self):
        for session in self:
            duration = session._livechat_duration_until(_dt(session.livechat_last_message_at))
            if duration != session.livechat_duration:
                session.write({'livechat_duration': duration})

    def _livechat_recompute_stats(self):
        """Rebuild the statistics from the messages, one aggregate query per
        session: used on close, where message dates may have been corrected."""
        for session in self.sudo():
            self.env.cr.execute("""
                SELECT count(*), max(date), min(date) FILTER (WHERE author_id IS NULL)
                  FROM mail_message
                 WHERE model = 'mail.channel' AND res_id = %s AND message_type = 'comment'
            """, (session.id,))
            count, last, first_visitor = self.env.cr.fetchone()
            first_answer = None
            if first_visitor:
                self.env.cr.execute("""
                    SELECT min(date) FROM mail_message
                     WHERE model = 'mail.channel' AND res_id = %s AND message_type = 'comment'
                       AND author_id IS NOT NULL AND date >= %s
                """, (session.id, first_visitor))
                first_answer = self.env.cr.fetchone()[0]
            first_visitor, last, first_answer = _dt(first_visitor), _dt(last), _dt(first_answer)
            to_string = fields.Datetime.to_string
            session.write({
                'livechat_message_count': count,
                'livechat_last_message_at': last and to_string(last),
                'livechat_first_visitor_at': first_visitor and to_string(first_visitor),
                'livechat_first_answer_at': first_answer and to_string(first_answer),
                'livechat_answer_time':
                    _minutes(first_visitor, first_answer) if first_answer else 0.0,
            })
            session._livechat_update_duration()

    # ----- transcript -------------------------------------------------------

    def _livechat_transcript_messages(self):
        self.ensure_one()
        return self.env['mail.message'].sudo().search(
            [('model', '=', 'mail.channel'), ('res_id', '=', self.id),
             ('message_type', '=', 'comment')], order='date asc, id asc')

    def _livechat_author_name(self, message):
        if message.author_id:
            return message.author_id.name
        return message.email_from or self.visitor_name or _('Visitor')

    def _livechat_time_zone(self):
        """The zone a transcript's times are written in, named in it: the
        reader's (the web client's context, else their preference), else the
        company's, else UTC."""
        for name in (self.env.context.get('tz'), self.env.user.tz,
                     self.env.user.company_id.partner_id.tz):
            if name in pytz.all_timezones_set:
                return name
        return 'UTC'

    def _livechat_local_time(self, date):
        """A stored (UTC) date as the transcript shows it, in _livechat_time_zone()."""
        zone = pytz.timezone(self._livechat_time_zone())
        return pytz.utc.localize(_dt(date)).astimezone(zone).strftime('%Y-%m-%d %H:%M')

    def _livechat_render_transcript(self):
        """The chat as HTML, oldest message first, authors escaped: the one
        rendering that the session form, the e-mail (operator's wizard and
        visitor API) and the Helpdesk bridge's ticket all show."""
        self.ensure_one()
        html = self.env['ir.qweb'].render('livechat.session_transcript', {
            'session': self,
            'messages': self._livechat_transcript_messages(),
            'author_name': self._livechat_author_name,
            'format_time': lambda m: self._livechat_local_time(m.date),
            'utc_time': lambda m: _dt(m.date).strftime('%Y-%m-%dT%H:%M:%SZ'),
            'time_zone': self._livechat_time_zone(),
        })
        return html.decode() if isinstance(html, bytes) else html

    def _livechat_plain_transcript(self):
        """The chat as plain text, a line per message (time, author: text), for
        text fields such as a CRM lead's notes."""
        self.ensure_one()
        lines = ['%s  %s: %s' % (self._livechat_local_time(message.date),
                                 self._livechat_author_name(message), html_to_text(message.body))
                 for message in self._livechat_transcript_messages()]
        return '\n'.join([_('Times in %(zone)s') % {'zone': self._livechat_time_zone()}] + lines)

    @api.depends('message_ids')
    def _compute_livechat_transcript(self):
        for session in self:
            if session.channel_type == SESSION_TYPE and session.id:
                session.livechat_transcript = session._livechat_render_transcript()

    def _livechat_transcript_addresses(self):
        """Where the visitor may have the transcript mailed: the addresses the
        visitor wrote in this chat in a message an operator answered (wrote
        after). So the server is no mail relay: an operator has read the
        address and taken part in whatever text goes to it."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT body FROM mail_message
             WHERE model = 'mail.channel' AND res_id = %s AND message_type = 'comment'
               AND author_id IS NULL
               AND id < (SELECT max(id) FROM mail_message
                          WHERE model = 'mail.channel' AND res_id = %s
                            AND message_type = 'comment' AND author_id IS NOT NULL)
          ORDER BY id""", (self.id, self.id))
        return [email for body, in self.env.cr.fetchall()
                for email in emails_in(html_to_text(body))]

    @api.multi
    def _livechat_send_transcript(self, email):
        """Queue an e-mail with the transcript to `email`; returns the mail.mail.
        Meant for the operator's wizard and for the visitor API at the end of a chat."""
        self.ensure_one()
        email = (email or '').strip()
        if self.channel_type != SESSION_TYPE:
            raise UserError(_('Only live chat sessions have a transcript.'))
        if not is_email(email):
            raise UserError(_('Please enter a valid e-mail address.'))
        return self._livechat_in_visitor_lang()._livechat_queue_transcript(email)

    def _livechat_in_visitor_lang(self):
        """This session in its visitor's language: what is mailed to them is
        written in it, whoever sends it (an operator may read another)."""
        return self.with_context(lang=self.visitor_lang) if self.visitor_lang else self

    def _livechat_queue_transcript(self, email):
        company = self.env.user.company_id
        return self.env['mail.mail'].sudo().create({
            'subject': _('Transcript of your chat with %s') % company.name,
            'email_from': company.email or self.env.user.email or False,
            'email_to': email,
            'body_html': self._livechat_render_transcript(),
            'auto_delete': True,
        })

    # ----- housekeeping (ir.cron) -------------------------------------------

    def _livechat_hours_param(self, param):
        key, default = param
        try:
            return float(self.env['ir.config_parameter'].sudo().get_param(key, default))
        except (TypeError, ValueError):
            _logger.warning('Ignoring non-numeric %s, using %s', key, default)
            return default

    def _livechat_cutoff(self, param):
        return fields.Datetime.to_string(
            datetime.utcnow() - timedelta(hours=self._livechat_hours_param(param)))

    @api.model
    def _livechat_cron_close_idle(self):
        cutoff = self._livechat_cutoff(IDLE_HOURS)
        idle = self.sudo().search([
            ('channel_type', '=', SESSION_TYPE), ('livechat_state', '=', 'open'),
            '|', ('livechat_last_message_at', '<', cutoff),
            '&', ('livechat_last_message_at', '=', False), ('livechat_started_at', '<', cutoff)])
        idle.livechat_close()
        return idle

    @api.model
    def _livechat_cron_remove_empty(self):
        """Sessions in which the visitor never wrote are noise in the history;
        but an operator's words to a visitor on the site stay (the idle cron ends them)."""
        empty = self.sudo().search([
            ('channel_type', '=', SESSION_TYPE), ('livechat_first_visitor_at', '=', False),
            ('livechat_operator_started', '=', False),
            ('livechat_started_at', '<', self._livechat_cutoff(EMPTY_HOURS))])
        count = len(empty)
        empty.unlink()
        return count

    @api.model
    def _livechat_cron_unpin_closed(self):
        members = self.env['mail.channel.partner'].sudo().search([
            ('channel_id.channel_type', '=', SESSION_TYPE), ('is_pinned', '=', True),
            ('channel_id.livechat_state', '=', 'closed'),
            ('channel_id.livechat_closed_at', '<', self._livechat_cutoff(UNPIN_HOURS))])
        members.write({'is_pinned': False})
        return members
