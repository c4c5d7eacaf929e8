"""Session history: stored statistics, transcript, closing and housekeeping.

The statistics are stored (and indexed where the report or a filter needs
them) and updated incrementally by message_post and on close, so neither the
list, nor the report, nor a filter ever scans mail_message."""
import logging
from datetime import datetime, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..logic.text import emails_in, html_to_text, is_email
from .mail_channel import SESSION_TYPE

_logger = logging.getLogger(__name__)

# Housekeeping thresholds (ir.config_parameter -> default hours); see README.
IDLE_HOURS = ('livechat.session_idle_hours', 24.0)
EMPTY_HOURS = ('livechat.session_empty_hours', 1.0)
UNPIN_HOURS = ('livechat.session_unpin_hours', 24.0)


def _dt(value):
    return fields.Datetime.from_string(value) if value else None


def _minutes(start, end):
    return round((end - start).total_seconds() / 60.0, 2)


class LivechatSession(models.Model):
    _inherit = 'mail.channel'

    livechat_first_visitor_at = fields.Datetime('First Visitor Message', readonly=True, copy=False)
    livechat_first_answer_at = fields.Datetime('First Answer', readonly=True, copy=False)
    livechat_last_message_at = fields.Datetime('Last Message', readonly=True, copy=False, index=True)
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

    @api.model_cr
    def init(self):
        super().init()
        # Partial indexes over our sessions only (mail_channel also holds Discuss
        # channels): "Today"/the report's date axis and the cleanup crons filter
        # on livechat_started_at; "Unanswered" on a NULL first answer; the idle cron on
        # open sessions by last activity.
        indexes = {
            'mail_channel_livechat_started_idx':
                '(livechat_started_at) WHERE channel_type = %r' % SESSION_TYPE,
            'mail_channel_livechat_unanswered_idx':
                '(livechat_started_at) WHERE channel_type = %r AND livechat_first_answer_at IS NULL' % SESSION_TYPE,
            'mail_channel_livechat_open_idx':
                "(livechat_last_message_at) WHERE channel_type = %r AND livechat_state = 'open'" % SESSION_TYPE,
            'mail_channel_livechat_operator_date_idx':
                '(livechat_operator_id, livechat_started_at) WHERE channel_type = %r' % SESSION_TYPE,
        }
        for name, definition in indexes.items():
            self._cr.execute('CREATE INDEX IF NOT EXISTS %s ON mail_channel %s' % (name, definition))

    # ----- statistics -------------------------------------------------------

    @api.multi
    @api.returns('self', lambda value: value.id)  # RPC callers get the id, as from mail.thread
    def message_post(self, *args, **kwargs):
        message = super(LivechatSession, self).message_post(*args, **kwargs)
        sessions = self.filtered(lambda c: c.channel_type == SESSION_TYPE)
        if sessions and message.message_type == 'comment':
            sessions._livechat_count_message(message)
        return message

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
            session.write({
                'livechat_message_count': count,
                'livechat_last_message_at': last and fields.Datetime.to_string(last),
                'livechat_first_visitor_at': first_visitor and fields.Datetime.to_string(first_visitor),
                'livechat_first_answer_at': first_answer and fields.Datetime.to_string(first_answer),
                'livechat_answer_time': _minutes(first_visitor, first_answer) if first_answer else 0.0,
            })
            session._livechat_update_duration()

    @api.multi
    def livechat_close(self):
        """End the sessions now (operator button, visitor API, idle cron)."""
        sessions = self.filtered(lambda c: c.channel_type == SESSION_TYPE and c.livechat_state == 'open')
        sessions.sudo().write({'livechat_state': 'closed',
                               'livechat_closed_at': fields.Datetime.now()})
        sessions._livechat_recompute_stats()
        return True

    @api.multi
    def write(self, values):
        result = super(LivechatSession, self).write(values)
        # a close written directly (e.g. by the visitor API) still fixes the duration
        if 'livechat_closed_at' in values:
            self.filtered(lambda c: c.channel_type == SESSION_TYPE)._livechat_update_duration()
        return result

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
        company = self.env.user.company_id
        return self.env['mail.mail'].sudo().create({
            'subject': _('Transcript of your chat with %s') % company.name,
            'email_from': company.email or self.env.user.email or False,
            'email_to': email,
            'body_html': self._livechat_render_transcript(),
            'auto_delete': True,
        })

    # ----- housekeeping (ir.cron) ------------------------------------------

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
        """Sessions in which the visitor never wrote are noise in the history."""
        empty = self.sudo().search([
            ('channel_type', '=', SESSION_TYPE), ('livechat_first_visitor_at', '=', False),
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
