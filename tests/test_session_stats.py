"""Stored session statistics, transcript and housekeeping, on fixed timestamps."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import common

T0 = datetime(2026, 3, 2, 9, 0, 0)


def ts(minutes=0, seconds=0):
    return fields.Datetime.to_string(T0 + timedelta(minutes=minutes, seconds=seconds))


class SessionCase(common.TransactionCase):

    def setUp(self):
        super(SessionCase, self).setUp()
        self.operator = self.env['res.users'].create({
            'name': 'Mika Operator', 'login': 'mika.operator@example.com',
            'email': 'mika.operator@example.com',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id,
                                  self.env.ref('livechat.group_livechat_operator').id])]})
        self.channel = self.env['livechat.channel'].create({'name': 'Support'})

    def new_session(self, created=None, **values):
        session = self.env['mail.channel'].create(dict({
            'name': 'Visitor Ann', 'channel_type': 'livechat_visitor',
            'chat_channel_id': self.channel.id, 'chat_operator_id': self.operator.id,
            'visitor_name': 'Ann', 'visitor_email': 'ann@example.com',
            'channel_partner_ids': [(4, self.operator.partner_id.id)]}, **values))
        session.livechat_started_at = created or ts(0)  # pinned for the arithmetic below
        return session

    def visitor_says(self, session, text, at):
        return session.message_post(body=text, author_id=False, email_from='Ann',
                                    message_type='comment', date=at)

    def operator_says(self, session, text, at):
        return session.sudo(self.operator).message_post(
            body=text, message_type='comment', date=at)


class TestSessionStats(SessionCase):

    def test_stats_follow_posted_messages(self):
        session = self.new_session()
        self.operator_says(session, 'Welcome!', ts(0, 5))  # before the visitor: not an answer
        self.visitor_says(session, 'Hi, my order?', ts(1))
        self.assertFalse(session.livechat_first_answer_at)
        self.operator_says(session, 'Let me look.', ts(3, 30))
        self.visitor_says(session, 'Thanks', ts(4))
        self.operator_says(session, 'Shipped today.', ts(10))
        self.assertEqual(session.livechat_message_count, 5)
        self.assertEqual(session.livechat_first_visitor_at, ts(1))
        self.assertEqual(session.livechat_first_answer_at, ts(3, 30))
        self.assertAlmostEqual(session.livechat_answer_time, 2.5)
        self.assertEqual(session.livechat_last_message_at, ts(10))
        # open session: duration runs up to the last message
        self.assertAlmostEqual(session.livechat_duration, 10.0)

    def test_notifications_are_not_counted(self):
        session = self.new_session()
        session.message_post(body='joined', message_type='notification')
        self.assertEqual(session.livechat_message_count, 0)
        self.assertFalse(session.livechat_last_message_at)

    def test_other_channels_get_no_stats(self):
        channel = self.env['mail.channel'].create({'name': 'general-talk'})
        channel.message_post(body='hello', message_type='comment')
        self.assertEqual(channel.livechat_message_count, 0)

    def test_close_sets_duration_from_closed_at(self):
        session = self.new_session()
        self.visitor_says(session, 'Hello?', ts(2))
        session.write({'livechat_state': 'closed', 'livechat_closed_at': ts(45)})
        self.assertAlmostEqual(session.livechat_duration, 45.0)

    def test_close_recomputes_from_corrected_dates(self):
        session = self.new_session()
        first = self.visitor_says(session, 'Hello?', ts(2))
        answer = self.operator_says(session, 'Hi!', ts(3))
        # dates corrected afterwards (e.g. imported history): close rebuilds the stats
        first.write({'date': ts(1)})
        answer.write({'date': ts(7)})
        session.livechat_close()
        self.assertEqual(session.livechat_state, 'closed')
        self.assertTrue(session.livechat_closed_at)
        self.assertEqual(session.livechat_message_count, 2)
        self.assertEqual(session.livechat_first_visitor_at, ts(1))
        self.assertAlmostEqual(session.livechat_answer_time, 6.0)
        self.assertEqual(session.livechat_last_message_at, ts(7))

    def test_unanswered_session(self):
        session = self.new_session()
        self.visitor_says(session, 'Anyone?', ts(1))
        self.visitor_says(session, 'Hello??', ts(6))
        self.assertEqual(session.livechat_answer_time, 0.0)
        unanswered = self.env['mail.channel'].search([
            ('id', '=', session.id), ('livechat_first_answer_at', '=', False)])
        self.assertEqual(unanswered, session)


class TestSessionReport(SessionCase):

    def test_report_groups_per_operator(self):
        first = self.new_session(livechat_rating=5)
        self.visitor_says(first, 'Hi', ts(1))
        self.operator_says(first, 'Hello', ts(2))
        second = self.new_session(livechat_rating=1)
        self.visitor_says(second, 'Hi', ts(1))
        self.operator_says(second, 'Hello', ts(5))
        self.new_session()  # never answered, never rated: left out of the averages
        report = self.env['livechat.session.report']
        report.invalidate_cache()
        rows = report.read_group([('operator_id', '=', self.operator.id)],
                                 ['operator_id', 'nbr_sessions', 'answer_time', 'rating'],
                                 ['operator_id'])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]['nbr_sessions'], 3)
        self.assertAlmostEqual(rows[0]['answer_time'], 2.5)
        self.assertAlmostEqual(rows[0]['rating'], 3.0)
        ratings = report.read_group([('operator_id', '=', self.operator.id)],
                                    ['rating_value', 'nbr_sessions'], ['rating_value'])
        counts = {row['rating_value']: row['rating_value_count'] for row in ratings}
        self.assertEqual(counts, {'1': 1, '5': 1, False: 1})


class TestTranscript(SessionCase):

    def test_transcript_in_order_with_names(self):
        session = self.new_session()
        self.operator_says(session, 'Second line', ts(3))
        self.visitor_says(session, 'First line', ts(1))
        html = session.livechat_transcript
        self.assertLess(html.index('First line'), html.index('Second line'))
        self.assertIn('Ann', html)
        self.assertIn('Mika Operator', html)

    def test_send_transcript(self):
        session = self.new_session()
        self.visitor_says(session, 'Where is <b>my</b> parcel?', ts(1))
        mail = session._livechat_send_transcript(' ann@example.com ')
        self.assertEqual(mail.email_to, 'ann@example.com')
        self.assertIn('parcel', mail.body_html)
        self.assertEqual(mail.state, 'outgoing')

    def test_send_transcript_refuses_bad_addresses(self):
        session = self.new_session()
        for email in ['', None, 'not-an-address', 'a@b', 'x' * 250 + '@example.com',
                      'ann@example.com, eve@example.com', '"><script>@x.io',
                      'ann@example.com\nBcc: eve@example.com']:
            with self.assertRaises(UserError, msg=repr(email)):
                session._livechat_send_transcript(email)

    def test_send_transcript_only_for_sessions(self):
        channel = self.env['mail.channel'].create({'name': 'general-talk'})
        with self.assertRaises(UserError):
            channel._livechat_send_transcript('ann@example.com')

    def test_wizard_prefills_visitor_email(self):
        session = self.new_session()
        wizard = self.env['livechat.transcript.wizard'].with_context(
            active_model='mail.channel', active_id=session.id).create({})
        self.assertEqual(wizard.email, 'ann@example.com')
        mails = self.env['mail.mail'].search([('email_to', '=', 'ann@example.com')])
        wizard.action_send()
        self.assertEqual(len(self.env['mail.mail'].search(
            [('email_to', '=', 'ann@example.com')]) - mails), 1)


class TestHousekeeping(SessionCase):
    """The crons compare with utcnow(): sessions are placed relative to now."""

    def ago(self, hours):
        return fields.Datetime.to_string(datetime.utcnow() - timedelta(hours=hours))

    def test_close_idle(self):
        self.env['ir.config_parameter'].set_param('livechat.session_idle_hours', '24')
        idle = self.new_session(created=self.ago(30))
        self.visitor_says(idle, 'Hi', self.ago(25))
        active = self.new_session(created=self.ago(30))
        self.visitor_says(active, 'Hi', self.ago(2))
        silent = self.new_session(created=self.ago(26))
        fresh = self.new_session(created=self.ago(1))
        self.env['mail.channel']._livechat_cron_close_idle()
        self.assertEqual(idle.livechat_state, 'closed')
        self.assertEqual(silent.livechat_state, 'closed')
        self.assertEqual(active.livechat_state, 'open')
        self.assertEqual(fresh.livechat_state, 'open')

    def test_close_idle_follows_parameter(self):
        self.env['ir.config_parameter'].set_param('livechat.session_idle_hours', '1')
        session = self.new_session(created=self.ago(3))
        self.visitor_says(session, 'Hi', self.ago(2))
        self.env['mail.channel']._livechat_cron_close_idle()
        self.assertEqual(session.livechat_state, 'closed')

    def test_bad_parameter_falls_back_to_default(self):
        self.env['ir.config_parameter'].set_param('livechat.session_idle_hours', 'soon')
        session = self.new_session(created=self.ago(3))
        self.env['mail.channel']._livechat_cron_close_idle()
        self.assertEqual(session.livechat_state, 'open')

    def test_remove_empty(self):
        empty = self.new_session(created=self.ago(2))
        self.operator_says(empty, 'Hello, can I help?', self.ago(2))
        talked = self.new_session(created=self.ago(2))
        self.visitor_says(talked, 'Hi', self.ago(1.9))
        recent = self.new_session(created=self.ago(0.5))
        other = self.env['mail.channel'].create({'name': 'quiet-room'})
        self.env['mail.channel']._livechat_cron_remove_empty()
        self.assertFalse(empty.exists())
        self.assertTrue(talked.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(other.exists())

    def test_unpin_closed(self):
        old = self.new_session(livechat_state='closed', livechat_closed_at=self.ago(25))
        recent = self.new_session(livechat_state='closed', livechat_closed_at=self.ago(3))
        live = self.new_session()
        Member = self.env['mail.channel.partner']
        for session in old | recent | live:
            Member.search([('channel_id', '=', session.id)]).write({'is_pinned': True})
        self.env['mail.channel']._livechat_cron_unpin_closed()

        def pinned(session):
            return Member.search([('channel_id', '=', session.id),
                                  ('partner_id', '=', self.operator.partner_id.id)]).is_pinned
        self.assertFalse(pinned(old))
        self.assertTrue(pinned(recent))
        self.assertTrue(pinned(live))


class TestCannedResponses(SessionCase):

    def test_operators_read_managers_edit(self):
        Shortcode = self.env['mail.shortcode']
        answer = Shortcode.create({'source': 'thanks', 'substitution': 'Thank you!',
                                   'shortcode_type': 'text'})
        as_operator = Shortcode.sudo(self.operator)
        self.assertEqual(as_operator.search([('source', '=', 'thanks')]).substitution, 'Thank you!')
        with self.assertRaises(AccessError):
            as_operator.browse(answer.id).write({'substitution': 'changed'})
        with self.assertRaises(AccessError):
            as_operator.create({'source': 'x', 'substitution': 'y', 'shortcode_type': 'text'})
        manager = self.env['res.users'].create({
            'name': 'Noa Manager', 'login': 'noa.manager@example.com',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id,
                                  self.env.ref('livechat.group_livechat_manager').id])]})
        Shortcode.sudo(manager).browse(answer.id).write({'substitution': 'Thanks a lot!'})
        self.assertEqual(answer.substitution, 'Thanks a lot!')

    def test_other_employees_keep_mails_rights(self):
        employee = self.env['res.users'].create({
            'name': 'Ema Employee', 'login': 'ema.employee@example.com',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        mine = self.env['mail.shortcode'].sudo(employee).create(
            {'source': 'brb', 'substitution': 'Be right back', 'shortcode_type': 'text'})
        mine.write({'substitution': 'Back in a minute'})
        self.assertEqual(mine.substitution, 'Back in a minute')
