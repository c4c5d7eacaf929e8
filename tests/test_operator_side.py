"""The operator's side of a session, on the server: a reply after the visitor
left is refused (the widget would never show it), what the transcript says of
its times, and the data an upgrade must not reset."""
import re

from odoo.exceptions import UserError
from odoo.modules.module import get_module_resource
from odoo.tests import common
from odoo.tools import convert_file

from .test_session_stats import SessionCase, ts


class TestReplyAfterTheVisitorLeft(SessionCase):

    def setUp(self):
        super().setUp()
        self.session = self.new_session(public='private')
        self.visitor_says(self.session, 'Hello?', ts(1))
        self.session.livechat_close()

    def messages(self):
        return self.env['mail.message'].search(
            [('model', '=', 'mail.channel'), ('res_id', '=', self.session.id)])

    def test_a_reply_is_refused_and_nothing_stored(self):
        before = self.messages()
        # as the web client's chat window sends it (the plain-reply path) ...
        with self.assertRaisesRegex(UserError, 'The visitor left the chat'):
            self.session.sudo(self.operator).message_post(
                body='<p>Still there?</p>', message_type='comment', subtype='mail.mt_comment',
                content_subtype='html', partner_ids=[], attachment_ids=[])
        # ... and any other way of posting a comment as a user
        with self.assertRaisesRegex(UserError, 'The visitor left the chat'):
            self.operator_says(self.session, 'Hello again', ts(5))
        self.assertEqual(self.messages(), before)
        self.assertEqual(self.session.livechat_message_count, 1)

    def test_the_open_session_takes_the_same_reply(self):
        session = self.new_session(public='private')
        self.operator_says(session, 'Welcome', ts(1))
        self.assertEqual(session.livechat_message_count, 1)

    def test_what_odoo_and_we_post_after_the_end_still_goes(self):
        # notes and system messages are for the operators, not the visitor
        self.session.sudo().message_post(body='Rated', author_id=False,
                                         message_type='notification')
        self.session._livechat_rate(5, 'Thanks')
        self.assertEqual(self.session.livechat_rating, 5)
        # the transcript, by e-mail and in the form
        mail = self.session._livechat_send_transcript('ann@example.com')
        self.assertIn('Hello?', mail.body_html)
        self.assertIn('Hello?', self.session.livechat_transcript)


class TestVisitorTextStaysInPlace(SessionCase):

    def test_the_session_name_isolates_the_visitors_part(self):
        # a right-to-left override, and a stray end of isolate trying to leave ours
        session = self.new_session(visitor_name='Eve \u2069\u202elive')
        self.assertEqual(session.display_name,
                         '\u2068Eve \u202elive\u2069, Mika Operator')
        self.assertEqual(self.new_session(chat_operator_id=False).display_name,
                         '\u2068Ann\u2069')


class TestTranscriptTimes(SessionCase):

    def test_times_in_the_readers_zone_and_named(self):
        session = self.new_session()
        self.visitor_says(session, 'Morning', ts(1))  # 09:01 UTC
        self.operator.tz = 'Asia/Tokyo'
        html = session.sudo(self.operator).livechat_transcript
        self.assertIn('2026-03-02 18:01', html)
        self.assertIn('Asia/Tokyo', html)
        # the UTC time rides along, for the web client to show in the browser's zone
        self.assertIn('datetime="2026-03-02T09:01:00Z"', html)
        html = session.with_context(tz='America/New_York').livechat_transcript
        self.assertIn('2026-03-02 04:01', html)
        self.assertIn('America/New_York', html)

    def test_without_any_zone_it_says_utc(self):
        session = self.new_session()
        self.visitor_says(session, 'Morning', ts(1))
        self.operator.tz = False
        self.env.user.company_id.partner_id.tz = False
        html = session.sudo(self.operator).with_context(tz='Not/AZone').livechat_transcript
        self.assertIn('2026-03-02 09:01', html)
        self.assertTrue(re.search(r'Times in\s*<span[^>]*>UTC</span>', html), html)

    def test_a_long_word_wraps_and_directions_stay_inside(self):
        session = self.new_session()
        self.visitor_says(session, 'x' * 4000, ts(1))
        html = session.livechat_transcript
        self.assertIn('table-layout: fixed', html)
        self.assertEqual(html.count('overflow-wrap: anywhere'), 2)  # author and text
        self.assertEqual(html.count('unicode-bidi: isolate'), 2)


class TestUpgradeKeepsSettings(common.TransactionCase):

    def test_cron_intervals_survive_an_upgrade(self):
        crons = [self.env.ref('livechat.%s' % name) for name in (
            'cron_close_idle_sessions', 'cron_remove_empty_sessions',
            'cron_unpin_closed_sessions', 'cron_gc_rate_counters')]
        for cron in crons:
            cron.write({'interval_number': 6, 'interval_type': 'days'})
        for data_file in ('livechat_session_cron.xml', 'livechat_cron_data.xml'):
            # what -u livechat does with each data file
            convert_file(self.cr, 'livechat', 'data/%s' % data_file, {}, mode='update',
                         kind='data', pathname=get_module_resource('livechat', 'data', data_file))
        for cron in crons:
            cron.invalidate_cache()
            self.assertEqual((cron.interval_number, cron.interval_type), (6, 'days'), cron.name)

    def test_init_leaves_odoos_own_indexes_in_place(self):
        # mail.channel's own init makes this index; ours come on top of it
        self.cr.execute('DROP INDEX mail_channel_partner_seen_message_id_idx')
        self.env['mail.channel'].init()
        self.cr.execute("SELECT 1 FROM pg_indexes"
                        " WHERE indexname = 'mail_channel_partner_seen_message_id_idx'")
        self.assertTrue(self.cr.fetchone())

