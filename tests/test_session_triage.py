"""A session's triage: the status while open, the outcome once ended, internal
notes (/note, never sent to the visitor), tags; the report and the migration."""
import importlib.util
import os

from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path

from .test_handon import HandOnCase


class TestStatus(HandOnCase):

    def test_status_follows_who_wrote_last_and_the_help_flag(self):
        session = self.session
        self.assertEqual(session.livechat_status, 'in_progress')  # the visitor wrote
        self.say(self.mika, 'Hello Ann, what can I do?')
        self.assertEqual(session.livechat_status, 'waiting')
        session._livechat_post_visitor_message('My order is late')
        self.assertEqual(session.livechat_status, 'in_progress')
        session.sudo(self.mika).action_livechat_ask_help()
        self.assertEqual(session.livechat_status, 'help')
        self.say(self.mika, 'Let me ask a colleague')
        self.assertEqual(session.livechat_status, 'help')  # the flag is the one truth
        session.sudo(self.mika).action_livechat_withdraw_help()
        self.assertEqual(session.livechat_status, 'waiting')
        self.assertEqual(self.env['mail.channel'].search(
            [('livechat_status', '=', 'waiting'), ('id', '=', session.id)]), session)


class TestOutcome(HandOnCase):

    def test_no_answer_answered_forwarded(self):
        self.session.livechat_close()
        self.assertEqual(self.session.livechat_outcome, 'no_answer')
        answered = self.new_session(visitor='Ben')
        self.say(self.mika, 'Hi Ben', answered)
        answered.livechat_close()
        self.assertEqual(answered.livechat_outcome, 'answered')
        forwarded = self.new_session(visitor='Cai')
        self.command(self.mika, '/forward Bob Colleague', forwarded)
        self.assertEqual(forwarded.chat_operator_id, self.bob)
        self.assertFalse(forwarded.livechat_outcome)  # still open
        forwarded.livechat_close()
        self.assertEqual(forwarded.livechat_outcome, 'forwarded')

    def test_the_tag_report_counts_each_tagged_session_under_each_tag(self):
        Tags = self.env['livechat.session.tag']
        vip, refund = Tags.create({'name': 'VIP'}), Tags.create({'name': 'Refund'})
        other = self.new_session(visitor='Ben')
        self.session.livechat_tag_ids = vip | refund
        other.livechat_tag_ids = vip
        report = self.env['livechat.session.tag.report']
        rows = report.read_group([('tag_id', 'in', (vip | refund).ids)],
                                 ['nbr_sessions', 'tag_id'], ['tag_id'])
        self.assertEqual(sorted((row['tag_id'][1], row['nbr_sessions']) for row in rows),
                         [('Refund', 1), ('VIP', 2)])
        # an operator reads the rows of the channels they serve only
        stranger = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Sam Stranger', 'login': 'tags_sam',
            'groups_id': [(6, 0, [self.env.ref('livechat.group_livechat_operator').id])]})
        self.assertFalse(report.sudo(stranger).search([('tag_id', 'in', vip.ids)]))
        self.assertEqual(len(report.sudo(self.mika).search([('tag_id', 'in', vip.ids)])), 2)

    def test_the_report_groups_by_outcome(self):
        self.session.livechat_close()
        rows = self.env['livechat.session.report'].read_group(
            [('session_id', '=', self.session.id)], ['nbr_sessions', 'outcome'], ['outcome'])
        self.assertEqual([(row['outcome'], row['nbr_sessions']) for row in rows],
                         [('no_answer', 1)])

    def test_the_migration_gives_ended_sessions_an_outcome(self):
        path = os.path.join(get_module_path('livechat'), 'migrations', '11.0.1.2.0',
                            'post-migrate.py')
        spec = importlib.util.spec_from_file_location('livechat_post_migrate', path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        answered = self.new_session(visitor='Ben')
        self.say(self.mika, 'Hi Ben', answered)
        (self.session | answered).livechat_close()
        self.env.cr.execute('UPDATE mail_channel SET livechat_outcome = NULL WHERE id IN %s',
                            ((self.session | answered)._ids,))
        migration.set_outcomes(self.env.cr)
        (self.session | answered).invalidate_cache()
        self.assertEqual((self.session.livechat_outcome, answered.livechat_outcome),
                         ('no_answer', 'answered'))


class TestNotes(HandOnCase):

    def test_a_note_stays_with_the_operators(self):
        before, messages = self.visitor_reads(), len(self.session.channel_message_ids)
        self.command(self.mika, '/note Ann is a <b>reseller</b>, offer the partner price')
        self.assertIn('Note saved', self.answers(self.mika)[-1])
        self.assertIn('Mika Operator: Ann is a reseller, offer the partner price',
                      self.session.livechat_note)
        self.say(self.mika, '/note second thought')  # typed, not picked
        self.assertTrue(self.session.livechat_note.endswith('Mika Operator: second thought'))
        self.assertEqual(len(self.session.livechat_note.splitlines()), 2)
        # nothing posted, nothing for the visitor, nothing in the transcript
        self.assertEqual(len(self.session.channel_message_ids), messages)
        self.assertEqual(self.visitor_reads(), before)
        self.assertNotIn('reseller', self.session._livechat_render_transcript())
        self.assertFalse(self.bus_rows(self.session._livechat_visitor_bus_channel()).filtered(
            lambda row: 'reseller' in row.message or 'second thought' in row.message))

    def test_who_may_write_notes(self):
        writes = self.writes()
        self.command(self.bob, '/note not my chat')  # an operator of the channel, not of it
        self.assertIn('Only the operators of this chat', self.answers(self.bob)[-1])
        self.command(self.mika, '/note')
        self.assertIn('Nothing to note', self.answers(self.mika)[-1])
        self.assertEqual(self.writes(), writes)
        self.assertFalse(self.session.livechat_note)


class TestTags(HandOnCase):

    def test_administrators_keep_tags_and_operators_put_them_on(self):
        manager = self.env.ref('livechat.group_livechat_manager')
        self.cleo.groups_id = [(4, manager.id)]
        Tags = self.env['livechat.session.tag']
        vip = Tags.sudo(self.cleo).create({'name': 'VIP', 'color': 3})
        with self.assertRaises(AccessError):
            Tags.sudo(self.mika).create({'name': 'Mine'})
        self.session.sudo(self.mika).write({'livechat_tag_ids': [(4, vip.id)]})
        self.assertEqual(self.session.livechat_tag_ids, vip)
        self.assertEqual(self.env['mail.channel'].sudo(self.mika).search(
            [('livechat_tag_ids', 'in', vip.ids)]), self.session)
        # an employee who is not an operator sees neither tags nor the session's notes
        with self.assertRaises(AccessError):
            Tags.sudo(self.employee).search([])
        with self.assertRaises(AccessError):
            self.session.sudo(self.employee).read(['livechat_note'])
