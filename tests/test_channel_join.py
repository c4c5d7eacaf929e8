from odoo.exceptions import AccessError

from ..models.mail_channel import SESSION_TYPE
from .common import LivechatUsersCase


class TestJoinLeave(LivechatUsersCase):

    def test_join_then_leave(self):
        channel = self.channel.sudo(self.operator)
        self.assertFalse(channel.is_joined)
        channel.action_join()
        channel.invalidate_cache()
        self.assertTrue(channel.is_joined)
        self.assertIn(self.operator, self.channel.operator_ids.mapped('user_id'))
        channel.action_join()  # twice: still one record
        self.assertEqual(len(self.channel.operator_ids.filtered(
            lambda op: op.user_id == self.operator)), 1)
        channel.action_leave()
        channel.invalidate_cache()
        self.assertFalse(channel.is_joined)
        self.assertNotIn(self.operator, self.channel.operator_ids.mapped('user_id'))
        # leaving touched only the current user's record
        self.assertEqual(self.channel.operator_ids.mapped('user_id'), self.manager)

    def test_join_makes_unavailable_operator_available(self):
        self.channel.sudo(self.operator).action_join()
        own = self.channel.operator_ids.filtered(lambda op: op.user_id == self.operator)
        own.sudo(self.operator).active = False
        self.channel.sudo(self.operator).action_join()
        self.assertTrue(own.active)

    def test_non_operator_cannot_join(self):
        with self.assertRaises(AccessError):
            self.channel.sudo(self.employee).action_join()
        with self.assertRaises(AccessError):
            self.channel.sudo(self.portal).action_leave()


class TestOpenSessionCount(LivechatUsersCase):

    def session(self, channel, state='open', channel_type=SESSION_TYPE):
        return self.env['mail.channel'].create({
            'name': 'Visitor', 'channel_type': channel_type, 'chat_channel_id': channel.id,
            'livechat_state': state, 'public': 'private'})

    def test_counts_open_sessions_of_each_channel(self):
        other = self.env['livechat.channel'].create({'name': 'Other'})
        self.session(self.channel)
        self.session(self.channel)
        self.session(self.channel, state='closed')
        self.session(other)
        self.session(other, channel_type='channel')  # not a visitor chat
        channels = self.channel | other
        self.assertEqual(channels.mapped('open_session_count'), [2, 1])

    def test_one_query_for_any_number_of_channels(self):
        channels = self.env['livechat.channel'].create({'name': 'Quiet'})
        for i in range(6):
            channels |= self.env['livechat.channel'].create({'name': 'C%d' % i})
            self.session(channels[-1])

        def queries(records):
            records.invalidate_cache()
            before = self.cr.sql_log_count
            records.mapped('open_session_count')  # as the kanban reads it
            return self.cr.sql_log_count - before

        self.assertEqual(queries(channels[:2]), queries(channels))
        self.assertEqual(channels.mapped('open_session_count'), [0] + [1] * 6)
