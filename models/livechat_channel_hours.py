"""A channel's opening hours (outside them the widget offers the offline form or
hides) and its typical reply time, both read by page views from caches."""
import datetime
import time

from odoo import _, api, fields, models, tools
from odoo.addons.base.res.res_partner import _tz_get
from odoo.exceptions import ValidationError

from ..logic.hours import REPLY_TIME_DAYS, is_open, typical_reply_minutes, valid_line
from .mail_channel import SESSION_TYPE

WEEKDAYS = [('0', 'Monday'), ('1', 'Tuesday'), ('2', 'Wednesday'), ('3', 'Thursday'),
            ('4', 'Friday'), ('5', 'Saturday'), ('6', 'Sunday')]

# read through mail_channel_livechat_reply_time_idx (models/mail_channel.py)
REPLY_TIME_QUERY = """
    SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY livechat_answer_time)
      FROM mail_channel
     WHERE chat_channel_id = %(channel)s AND channel_type = %(type)s
       AND livechat_answer_time IS NOT NULL
       AND livechat_first_answer_at > (now() at time zone 'UTC') - interval '%(days)s days'
"""


class LivechatChannelHours(models.Model):
    _name = 'livechat.channel.hours'
    _description = 'Live Chat Opening Hours'
    _order = 'weekday, hour_from, id'
    _inherit = ['livechat.cached.configuration']  # page views cache the schedule

    channel_id = fields.Many2one('livechat.channel', required=True, ondelete='cascade',
                                 index=True)
    weekday = fields.Selection(WEEKDAYS, 'Day', required=True, default='0')
    hour_from = fields.Float('From', required=True, default=9.0)
    hour_to = fields.Float('To', required=True, default=17.0,
                           help='24:00 for the end of the day.')

    @api.constrains('hour_from', 'hour_to')
    def _check_hours(self):
        for line in self:
            if not valid_line(line.hour_from, line.hour_to):
                raise ValidationError(_(
                    'Opening hours run from 00:00 to 24:00 and end after they start; '
                    'for a night shift, write one line until 24:00 and one from 00:00.'))


class LivechatChannel(models.Model):
    _inherit = 'livechat.channel'

    opening_hours = fields.Boolean(
        help='Chats can start only within the hours below, in their time zone.')
    opening_tz = fields.Selection(_tz_get, 'Time Zone', default='UTC', required=True)
    opening_hour_ids = fields.One2many('livechat.channel.hours', 'channel_id', 'Hours',
                                       copy=True)
    outside_hours = fields.Selection(
        [('offline_form', 'Offer the offline message form'), ('hide', 'Hide the chat button')],
        'Outside Opening Hours', default='offline_form', required=True,
        help='The offline message form is offered only when it is on for the channel.')
    show_reply_time = fields.Boolean(
        'Show Typical Reply Time', default=True,
        help='The chat window says "Typically replies in N minutes": the median time to the '
             'first answer in the last %d days, once enough chats were answered.'
             % REPLY_TIME_DAYS)

    @api.model
    @tools.ormcache('channel_id')
    def _hours_options(self, channel_id):
        """(schedule, outside_hours, show_reply_time) of a channel; schedule is
        None without opening hours, else (time zone, lines)."""
        channel = self.browse(channel_id).sudo()
        schedule = (channel.opening_tz, tuple(
            (int(line.weekday), line.hour_from, line.hour_to)
            for line in channel.opening_hour_ids)) if channel.opening_hours else None
        return schedule, channel.outside_hours, channel.show_reply_time

    @api.model
    def _open_now(self, channel_id):
        schedule = self._hours_options(channel_id)[0]
        return schedule is None or is_open(schedule[1], schedule[0], datetime.datetime.utcnow())

    @api.model
    @tools.ormcache('channel_id', 'hour')
    def _typical_reply_minutes(self, channel_id, hour):
        """Median minutes to the first answer over the last days; ``hour`` (hours
        since the epoch) keys the cache, so that it is measured once an hour."""
        self.env.cr.execute(REPLY_TIME_QUERY, {
            'channel': channel_id, 'type': SESSION_TYPE, 'days': REPLY_TIME_DAYS})
        return typical_reply_minutes(*self.env.cr.fetchone())

    @api.model
    def _page_view(self, channel_id, url, country_code, lang='en_US'):
        answer = super()._page_view(channel_id, url, country_code, lang)
        if answer is None:
            return None
        _schedule, outside_hours, show_reply_time = self._hours_options(channel_id)
        if not self._open_now(channel_id):
            answer['available'] = False
            if outside_hours == 'hide' or not answer['offline_form']:
                answer['action'], answer['auto_open_delay'] = 'hide', 0
        shown = answer['available'] and show_reply_time
        answer['reply_minutes'] = self._typical_reply_minutes(
            channel_id, int(time.time() // 3600)) if shown else None
        return answer

    def _start_session(self, visitor, operator=None):
        # an operator who starts a chat chose to answer, whatever the hours
        if not operator and not self._open_now(self.id):
            return None, None
        return super()._start_session(visitor, operator)
