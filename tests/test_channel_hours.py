"""Opening hours (outside them: the offline form, or no button) and the typical
reply time the window shows, through the public API."""
import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import common

from ..logic.hours import is_open, typical_reply_minutes
from ..models.livechat_channel_hours import REPLY_TIME_QUERY
from ..models.mail_channel import SESSION_TYPE
from .visitor_common import VisitorApiCase

MONDAY_9_TO_17 = [(0, 9.0, 17.0)]
EVERY_DAY_ALL_DAY = [(0, 0, {'weekday': str(day), 'hour_from': 0, 'hour_to': 24})
                     for day in range(7)]


class TestHoursLogic(common.BaseCase):

    def test_local_time_and_daylight_saving(self):
        paris = 'Europe/Paris'
        # Monday 7 December 2026: 09:30 in Paris is 08:30 UTC (CET)
        self.assertTrue(is_open(MONDAY_9_TO_17, paris, datetime.datetime(2026, 12, 7, 8, 30)))
        self.assertFalse(is_open(MONDAY_9_TO_17, paris, datetime.datetime(2026, 12, 7, 7, 59)))
        self.assertFalse(is_open(MONDAY_9_TO_17, paris, datetime.datetime(2026, 12, 7, 16, 0)))
        # Monday 6 July 2026: 09:30 in Paris is 07:30 UTC (CEST)
        self.assertTrue(is_open(MONDAY_9_TO_17, paris, datetime.datetime(2026, 7, 6, 7, 30)))
        self.assertFalse(is_open(MONDAY_9_TO_17, paris, datetime.datetime(2026, 7, 6, 6, 59)))
        # the same instant is Tuesday in Tokyo
        self.assertFalse(is_open(MONDAY_9_TO_17, 'Asia/Tokyo',
                                 datetime.datetime(2026, 12, 7, 17, 0)))

    def test_night_shift_in_two_lines(self):
        night = [(4, 22.0, 24.0), (5, 0.0, 2.0)]  # Friday 22:00 to Saturday 02:00
        self.assertTrue(is_open(night, 'UTC', datetime.datetime(2026, 12, 11, 23, 59)))
        self.assertTrue(is_open(night, 'UTC', datetime.datetime(2026, 12, 12, 1, 30)))
        self.assertFalse(is_open(night, 'UTC', datetime.datetime(2026, 12, 12, 2, 0)))
        self.assertFalse(is_open([], 'UTC', datetime.datetime(2026, 12, 12, 2, 0)))

    def test_typical_reply_minutes(self):
        self.assertIsNone(typical_reply_minutes(4, 3.0))  # too few answered chats
        self.assertIsNone(typical_reply_minutes(0, None))
        self.assertEqual(typical_reply_minutes(5, 3.1), 4)
        self.assertEqual(typical_reply_minutes(50, 0.2), 1)
        self.assertEqual(typical_reply_minutes(50, 2.0), 2)


@common.at_install(False)
@common.post_install(True)
class TestOpeningHours(VisitorApiCase):

    def init(self):
        return self.api('/livechat/init?channel=%d' % self.channel.id)[1]

    def test_open_all_week_then_closed_when_the_hours_change(self):
        self.channel.write({'opening_hours': True, 'opening_hour_ids': EVERY_DAY_ALL_DAY})
        body = self.init()
        self.assertEqual((body['action'], body['available']), ('show', True))
        self.channel.write({'opening_hour_ids': [(5, 0, 0)]})  # no line: never open
        body = self.init()
        self.assertEqual((body['action'], body['available'], body['offline_form']),
                         ('show', False, True))
        self.channel.outside_hours = 'hide'
        self.assertEqual(self.init()['action'], 'hide')
        self.channel.write({'outside_hours': 'offline_form', 'offline_form': False})
        self.assertEqual(self.init()['action'], 'hide')
        self.channel.opening_hours = False  # the lines are kept, and ignored
        self.assertEqual((self.init()['action'], self.init()['available']), ('show', True))

    def test_no_chat_starts_outside_the_hours(self):
        self.channel.write({'opening_hours': True, 'opening_hour_ids': [(5, 0, 0)]})
        status, body = self.api('/livechat/session', {'channel': self.channel.id})
        self.assertEqual((status, body['code']), (409, 'no_operator'))
        self.assertFalse(self.sessions())
        # the offline form is still taken
        status, _body = self.api('/livechat/offline', {
            'channel': self.channel.id, 'name': 'Night Owl', 'email': 'owl@example.com',
            'message': 'Are you open tomorrow?'})
        self.assertEqual(status, 200)

    def test_wrong_lines_are_refused(self):
        for hour_from, hour_to in [(17, 9), (9, 9), (-1, 5), (20, 25)]:
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.channel.write({'opening_hour_ids': [(0, 0, {
                    'weekday': '0', 'hour_from': hour_from, 'hour_to': hour_to})]})

    def test_operators_read_and_administrators_write_the_hours(self):
        self.channel.write({'opening_hours': True, 'opening_hour_ids': EVERY_DAY_ALL_DAY})
        hours = self.channel.opening_hour_ids.sudo(self.operator)
        self.assertEqual(len(hours.read(['hour_to'])), 7)
        with self.assertRaises(AccessError):
            hours[0].write({'hour_to': 12})


@common.at_install(False)
@common.post_install(True)
class TestReplyTime(VisitorApiCase):

    def answered(self, channel, minutes, days_ago=1):
        at = datetime.datetime.utcnow() - datetime.timedelta(days=days_ago)
        for answer_time in minutes:
            self.env['mail.channel'].create({
                'name': 'Past chat', 'channel_type': SESSION_TYPE, 'public': 'private',
                'chat_channel_id': channel.id, 'livechat_state': 'closed',
                'livechat_answer_time': answer_time,
                'livechat_first_answer_at': at.strftime('%Y-%m-%d %H:%M:%S')})

    def another_channel(self, **values):
        return self.env['livechat.channel'].create(dict(values, operator_ids=[
            (5, 0, 0), (0, 0, {'user_id': self.operator.id, 'max_concurrent_chats': 3})]))

    def reply_minutes(self, channel):
        return self.api('/livechat/init?channel=%d' % channel.id)[1]['reply_minutes']

    def test_median_of_the_last_week_once_enough_were_answered(self):
        self.answered(self.channel, [1.2, 2.5, 3.1, 8.0, 40.0])
        self.answered(self.channel, [90.0, 90.0, 90.0, 90.0], days_ago=8)  # too old to count
        self.assertEqual(self.reply_minutes(self.channel), 4)

    def test_its_query_has_an_index(self):
        """Once an hour per channel, yet not a read of all the channel's past
        sessions to keep the last week's: an index on exactly the query's
        conditions (its effect on a million sessions: BENCHMARKS.md, item 24;
        a test table is too small for the planner to show it)."""
        self.cr.execute("SELECT indexdef FROM pg_indexes"
                        " WHERE indexname = 'mail_channel_livechat_reply_time_idx'")
        definition = self.cr.fetchone()[0]
        self.assertIn('(chat_channel_id, livechat_first_answer_at)', definition)
        self.assertIn("channel_type)::text = '%s'" % SESSION_TYPE, definition)
        self.assertIn('livechat_answer_time IS NOT NULL', definition)
        for condition in ('chat_channel_id = %(channel)s', 'channel_type = %(type)s',
                          'livechat_answer_time IS NOT NULL', 'livechat_first_answer_at >'):
            self.assertIn(condition, REPLY_TIME_QUERY)

    def test_hidden_with_too_few_or_when_off_or_unavailable(self):
        self.answered(self.channel, [1.0, 2.0, 3.0, 4.0])
        self.assertIsNone(self.reply_minutes(self.channel))
        quiet = self.another_channel(name='Quiet', show_reply_time=False)
        self.answered(quiet, [1.0, 2.0, 3.0, 4.0, 5.0])
        self.assertIsNone(self.reply_minutes(quiet))
        quiet.show_reply_time = True
        self.assertEqual(self.reply_minutes(quiet), 3)  # the same chats, shown
        away = self.another_channel(name='Away')
        self.answered(away, [1.0, 2.0, 3.0, 4.0, 5.0])
        self.set_online(self.operator, False)
        self.assertIsNone(self.reply_minutes(away))
