"""Our live chat and Odoo's im_livechat in one database (as `make test` builds it):
each keeps its own sessions, fields and housekeeping."""
import unittest

from odoo.tests import common

from ..models.mail_channel import SESSION_TYPE


class TestBesideImLivechat(common.TransactionCase):

    def setUp(self):
        super().setUp()
        if 'im_livechat.channel' not in self.env:
            raise unittest.SkipTest('im_livechat is not installed in this database')
        self.theirs = self.env['im_livechat.channel'].create({
            'name': 'Odoo desk', 'user_ids': [(6, 0, self.env.user.ids)]})
        self.ours = self.env['livechat.channel'].create({'name': 'Our desk'})
        self.their_session = self.env['mail.channel'].create({
            'name': 'Their visitor', 'channel_type': 'livechat',
            'livechat_channel_id': self.theirs.id, 'anonymous_name': 'Visitor 1'})
        self.our_session = self.env['mail.channel'].create({
            'name': 'Our visitor', 'channel_type': SESSION_TYPE,
            'chat_channel_id': self.ours.id, 'visitor_name': 'Aiko'})

    def test_each_session_keeps_its_own_channel(self):
        fields = self.env['mail.channel']._fields
        self.assertEqual(fields['livechat_channel_id'].comodel_name, 'im_livechat.channel')
        self.assertEqual(fields['chat_channel_id'].comodel_name, 'livechat.channel')
        self.assertEqual(self.theirs.channel_ids, self.their_session)
        self.assertEqual(self.ours.session_ids, self.our_session)
        infos = {info['id']: info for info in
                 (self.their_session | self.our_session).channel_info()}
        self.assertEqual(infos[self.our_session.id]['anonymous_name'], 'Aiko')
        self.assertEqual(infos[self.their_session.id]['anonymous_name'], 'Visitor 1')

    def test_each_housekeeping_leaves_the_other_alone(self):
        # both sessions are old and silent: each cleaner may only take its own
        self.env.cr.execute("UPDATE mail_channel"
                            " SET livechat_started_at = now() - interval '3 days', "
                            "create_date = now() - interval '3 days', "
                            "write_date = now() - interval '3 days' "
                            "WHERE id IN %s", [(self.their_session.id, self.our_session.id)])
        self.env['mail.channel'].invalidate_cache()
        self.env['mail.channel']._livechat_cron_close_idle()
        self.env['mail.channel']._livechat_cron_remove_empty()
        self.assertTrue(self.their_session.exists())
        self.assertFalse(self.our_session.exists())

        mine = self.env['mail.channel'].create({
            'name': 'Another visitor', 'channel_type': SESSION_TYPE,
            'chat_channel_id': self.ours.id})
        self.env.cr.execute("UPDATE mail_channel"
                            " SET livechat_started_at = now() - interval '3 days', "
                            "create_date = now() - interval '3 days', "
                            "write_date = now() - interval '3 days' "
                            "WHERE id = %s", [mine.id])
        self.env['mail.channel'].remove_empty_livechat_sessions()  # Odoo's own cron
        self.assertFalse(self.their_session.exists())
        self.assertTrue(mine.exists())
