"""Handing a chat on: the operator's commands (/help, /history, /forward,
/invite), forwarding with capacity and refusal, inviting, the trail, and the
Looking for Help flag."""
import json

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import common

from ..logic.handon import parse_command, split_target, unavailability
from ..models.mail_channel import SESSION_TYPE


class TestCommandLogic(common.BaseCase):

    def test_a_command_line(self):
        self.assertEqual(parse_command('/forward Anna Berg  billing'),
                         ('forward', 'Anna Berg  billing'))
        self.assertEqual(parse_command(' /HELP '), ('help', ''))
        self.assertEqual(parse_command('/x\nsecond line'), ('x', 'second line'))
        for text in ('/usr/bin is where', '/', 'hello /help', '//help', '', None):
            self.assertIsNone(parse_command(text), text)

    def test_the_longest_name_first_then_the_reason(self):
        names = ['Anna', 'Anna Berg', 'Billing']
        self.assertEqual(split_target('anna  BERG needs a refund', names),
                         ('Anna Berg', 'needs a refund'))
        self.assertEqual(split_target('@Anna', names), ('Anna', ''))
        self.assertEqual(split_target('billing', names), ('Billing', ''))
        self.assertEqual(split_target('Nobody here', names), (None, 'Nobody here'))

    def test_why_an_operator_cannot_take_a_chat(self):
        self.assertEqual(unavailability([]), 'absent')
        self.assertEqual(unavailability([(5, 0, False)]), 'offline')
        self.assertEqual(unavailability([(2, 2, True), (5, 0, False)]), 'full')
        self.assertIsNone(unavailability([(2, 2, True), (3, 2, True)]))


class HandOnCase(common.TransactionCase):

    def setUp(self):
        super().setUp()
        Users = self.env['res.users'].with_context(no_reset_password=True)
        operator_groups = [self.env.ref('base.group_user').id,
                           self.env.ref('livechat.group_livechat_operator').id]

        def user(name, login, groups=operator_groups):
            return Users.create({'name': name, 'login': login, 'email': login + '@example.com',
                                 'groups_id': [(6, 0, groups)]})

        self.mika = user('Mika Operator', 'hand_mika')
        self.bob = user('Bob Colleague', 'hand_bob')
        self.cleo = user('Cleo Billing', 'hand_cleo')
        self.employee = user('Emil Employee', 'hand_emil', [self.env.ref('base.group_user').id])
        self.support = self.env['livechat.channel'].create({
            'name': 'Support Desk', 'operator_ids': [
                (5, 0, 0), (0, 0, {'user_id': self.mika.id}),
                (0, 0, {'user_id': self.bob.id, 'max_concurrent_chats': 2})]})
        self.billing = self.env['livechat.channel'].create({
            'name': 'Billing Team', 'operator_ids': [(5, 0, 0), (0, 0, {'user_id': self.cleo.id})]})
        for operator in (self.mika, self.bob, self.cleo):
            self.set_online(operator)
        self.session = self.new_session()

    def set_online(self, user, online=True):
        self.env['bus.presence'].search([('user_id', '=', user.id)]).unlink()
        self.env['bus.presence'].create({
            'user_id': user.id, 'status': 'online', 'last_presence': fields.Datetime.now(),
            'last_poll': fields.Datetime.now() if online else '2000-01-01 00:00:00'})

    def new_session(self, operator=None, channel=None, visitor='Ann'):
        operator = operator or self.mika
        session = self.env['mail.channel'].create({
            'name': visitor, 'channel_type': SESSION_TYPE, 'public': 'private',
            'chat_channel_id': (channel or self.support).id, 'chat_operator_id': operator.id,
            'visitor_name': visitor, 'channel_partner_ids': [(4, operator.partner_id.id)],
            'visitor_pages': json.dumps([
                {'url': 'https://shop.test/', 'title': 'Home', 'at': '2026-03-02 09:00:00'},
                {'url': 'https://shop.test/pricing', 'title': 'Pricing',
                 'at': '2026-03-02 09:01:00'}]),
        })
        session.message_post(body='Hello', author_id=False, email_from=visitor,
                             message_type='comment', subtype='mail.mt_comment')
        return session

    def say(self, user, text, session=None):
        """What the operator's chat window posts (the plain-reply path)."""
        return (session or self.session).sudo(user).message_post(
            body='<p>%s</p>' % text, message_type='comment', subtype='mail.mt_comment',
            content_subtype='html', partner_ids=[], attachment_ids=[])

    def command(self, user, text, session=None):
        """What the chat window calls when the command was picked from its suggestions."""
        parsed = parse_command(text)
        return (session or self.session).sudo(user).execute_command(
            command=parsed[0], body='<p>%s</p>' % text, message_type='comment',
            subtype='mail.mt_comment', partner_ids=[], attachment_ids=[])

    def bus_rows(self, channel):
        return self.env['bus.bus'].search([('channel', '=', json.dumps(
            channel, separators=(',', ':')))])

    def answers(self, user):
        """The transient answers ``user`` got (their own bus channel only)."""
        payloads = [json.loads(row.message) for row in self.bus_rows(
            [self.cr.dbname, 'res.partner', user.partner_id.id])]
        return [p['body'] for p in payloads if p.get('info') == 'transient_message']

    def visitor_reads(self, session=None):
        return (session or self.session)._livechat_messages()

    def writes(self):
        """Rows inserted, updated or deleted so far in this transaction, but on
        the bus (where the transient answers go)."""
        self.cr.execute("""
            SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)
              FROM pg_stat_xact_user_tables WHERE relname != 'bus_bus'""")
        return self.cr.fetchone()[0]


class TestForward(HandOnCase):

    def test_forward_to_an_operator_hands_the_chat_over(self):
        self.session.sudo().livechat_help_wanted = True
        self.command(self.mika, '/forward Bob Colleague knows billing')
        session = self.session
        self.assertEqual(session.chat_operator_id, self.bob)
        self.assertEqual(session.name, 'Ann, Bob Colleague')  # as Discuss lists it
        # the new operator is in, with the window opened; the old one left
        self.assertIn(self.bob.partner_id, session.channel_partner_ids)
        self.assertNotIn(self.mika.partner_id, session.channel_partner_ids)
        member = session.channel_last_seen_partner_ids.filtered(
            lambda m: m.partner_id == self.bob.partner_id)
        self.assertTrue(member.is_minimized and member.is_pinned)
        self.assertTrue(any(json.loads(row.message).get('id') == session.id
                            for row in self.bus_rows([self.cr.dbname, 'res.partner',
                                                      self.bob.partner_id.id])))
        self.assertFalse(session.livechat_help_wanted)
        # the trail: who forwarded to whom, and why
        trail = session.livechat_assignment_ids[0]
        self.assertEqual((trail.reason, trail.user_id, trail.by_user_id, trail.from_user_id,
                          trail.note), ('forwarded', self.bob, self.mika, self.mika,
                                        'knows billing'))
        # the visitor reads a notice, not a message, and the statistics stay
        last = self.visitor_reads()[-1]
        self.assertEqual((last['author'], last['body']),
                         ('system', 'Bob Colleague took over the chat.'))
        self.assertEqual(session.livechat_message_count, 1)
        self.assertFalse(session.livechat_first_answer_at)
        self.assertIn('Forwarded to Bob Colleague.', self.answers(self.mika)[-1])
        # the old operator's window closes and says why
        events = [json.loads(row.message) for row in self.bus_rows(
            [self.cr.dbname, 'livechat.operator', self.mika.id])]
        self.assertIn('handed_on', [event.get('type') for event in events])
        # and the new one answers the visitor
        self.say(self.bob, 'Bob here, how can I help?')
        self.assertEqual(self.visitor_reads()[-1]['author_name'], 'Bob Colleague')

    def test_forward_typed_by_hand_and_by_login(self):
        # not picked from the suggestions: the chat window posts it as text
        self.assertFalse(self.say(self.mika, '/forward hand_bob'))
        self.assertEqual(self.session.chat_operator_id, self.bob)
        self.assertEqual([m['body'] for m in self.visitor_reads()],
                         ['Hello', 'Bob Colleague took over the chat.'])

    def test_forward_to_a_channel_picks_its_operator(self):
        self.command(self.mika, '/forward billing team refund question')
        self.assertEqual(self.session.chat_operator_id, self.cleo)
        self.assertEqual(self.session.chat_channel_id, self.billing)
        trail = self.session.livechat_assignment_ids[0]
        self.assertEqual((trail.user_id, trail.note), (self.cleo, 'refund question'))

    def assert_refused(self, text, answer):
        before = self.writes()
        self.command(self.mika, text)
        self.assertEqual(self.writes(), before, 'a refused forward writes nothing')
        self.assertIn(answer, self.answers(self.mika)[-1])
        self.session.invalidate_cache()
        self.assertEqual(self.session.chat_operator_id, self.mika)
        self.assertEqual(self.session.channel_partner_ids, self.mika.partner_id)
        self.assertFalse(self.session.livechat_assignment_ids)
        self.assertEqual([m['body'] for m in self.visitor_reads()], ['Hello'])

    def test_a_forward_nobody_can_take_changes_nothing(self):
        self.assert_refused('/forward', 'Usage: /forward')
        self.assert_refused('/forward Nobody Atall', 'no operator or channel is named')
        self.assert_refused('/forward Cleo Billing', 'not an available operator of Support Desk')
        self.assert_refused('/forward Mika Operator', 'already has this chat')
        self.set_online(self.bob, False)
        self.assert_refused('/forward Bob Colleague', 'Bob Colleague is not connected')
        self.set_online(self.bob)
        self.new_session(self.bob, visitor='Bea')
        self.new_session(self.bob, visitor='Ben')  # Bob's maximum is 2
        self.assert_refused('/forward Bob Colleague', 'as many chats as they can take')
        self.set_online(self.cleo, False)
        self.assert_refused('/forward Billing Team', 'nobody on Billing Team can take a chat')

    def test_an_empty_chat_does_not_count_against_the_maximum(self):
        empty = self.new_session(self.bob, visitor='Bea')
        self.env['mail.message'].search([('model', '=', 'mail.channel'),
                                         ('res_id', '=', empty.id)]).unlink()
        empty.sudo().livechat_first_visitor_at = False
        self.new_session(self.bob, visitor='Ben')
        self.command(self.mika, '/forward Bob Colleague')
        self.assertEqual(self.session.chat_operator_id, self.bob)

    def test_only_the_chats_operators_and_administrators_hand_it_on(self):
        # an operator of the channel who is not in the chat, an employee
        for user in (self.bob, self.employee):
            with self.assertRaises(AccessError):
                self.command(user, '/forward Bob Colleague')
            with self.assertRaises(AccessError):
                self.session.sudo(user).action_livechat_ask_help()
        self.assertEqual(self.session.chat_operator_id, self.mika)
        manager = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Mo Manager', 'login': 'hand_mo', 'groups_id': [(6, 0, [
                self.env.ref('base.group_user').id,
                self.env.ref('livechat.group_livechat_manager').id])]})
        self.command(manager, '/forward Bob Colleague')
        self.assertEqual(self.session.chat_operator_id, self.bob)
        self.assertEqual(self.session.livechat_assignment_ids.by_user_id, manager)

    def test_an_ended_chat_is_not_handed_on(self):
        self.session.livechat_close()
        self.assert_refused('/forward Bob Colleague', 'The visitor left')


class TestInvite(HandOnCase):

    def test_invite_brings_a_colleague_beside_the_operator(self):
        self.session.sudo().livechat_help_wanted = True
        self.command(self.mika, '/invite Cleo Billing for the refund')
        session = self.session
        self.assertEqual(session.chat_operator_id, self.mika)
        self.assertEqual(session.channel_partner_ids,
                         self.mika.partner_id | self.cleo.partner_id)
        self.assertFalse(session.livechat_help_wanted)
        trail = session.livechat_assignment_ids
        self.assertEqual((trail.reason, trail.user_id, trail.by_user_id, trail.note),
                         ('invited', self.cleo, self.mika, 'for the refund'))
        self.assertEqual(self.visitor_reads()[-1],
                         dict(self.visitor_reads()[-1], author='system',
                              body='Cleo Billing joined the chat.'))
        self.assertIn('Cleo Billing was invited.', self.answers(self.mika)[-1])
        # both answer the visitor
        self.say(self.cleo, 'Cleo from billing here.')
        self.say(self.mika, 'Thanks Cleo.')
        self.assertEqual([m['author_name'] for m in self.visitor_reads()[-2:]],
                         ['Cleo Billing', 'Mika Operator'])
        # when the visitor leaves, both windows hear it
        self.session.livechat_close()
        for user in (self.mika, self.cleo):
            events = [json.loads(row.message) for row in self.bus_rows(
                [self.cr.dbname, 'livechat.operator', user.id])]
            self.assertIn({'type': 'session_closed', 'session_id': self.session.id}, events)

    def test_an_invitation_nobody_can_take_changes_nothing(self):
        refusals = [('/invite', 'Usage: /invite'),
                    ('/invite Billing Team', 'no operator is named'),
                    ('/invite Emil Employee', 'no operator is named'),
                    ('/invite Mika Operator', 'already in this chat')]
        self.set_online(self.cleo, False)
        refusals.append(('/invite Cleo Billing', 'Cleo Billing is not connected'))
        for text, answer in refusals:
            before = self.writes()
            self.command(self.mika, text)
            self.assertEqual(self.writes(), before, text)
            self.assertIn(answer, self.answers(self.mika)[-1])
        self.assertEqual(self.session.channel_partner_ids, self.mika.partner_id)

    def test_looking_for_help_and_a_colleague_joins(self):
        self.session.sudo(self.mika).action_livechat_ask_help()
        self.assertTrue(self.session.livechat_help_wanted)
        self.session.sudo(self.mika).action_livechat_withdraw_help()
        self.assertFalse(self.session.livechat_help_wanted)
        self.session.sudo(self.mika).action_livechat_ask_help()
        flagged = self.env['mail.channel'].sudo(self.bob).search(
            [('channel_type', '=', SESSION_TYPE), ('livechat_help_wanted', '=', True)])
        self.assertEqual(flagged, self.session)
        with self.assertRaises(AccessError):  # not an operator of Support Desk
            self.session.sudo(self.cleo).action_livechat_join()
        self.session.sudo(self.bob).action_livechat_join()
        self.assertIn(self.bob.partner_id, self.session.channel_partner_ids)
        self.assertFalse(self.session.livechat_help_wanted)
        self.assertEqual(self.visitor_reads()[-1]['body'], 'Bob Colleague joined the chat.')


class TestCommands(HandOnCase):

    def test_help_lists_the_commands_of_a_visitor_chat(self):
        self.command(self.mika, '/help')
        answer = self.answers(self.mika)[-1]
        for name in ('/help', '/history', '/forward', '/invite'):
            self.assertIn(name, answer)
        self.assertNotIn('/who', answer)  # mail's, for Discuss channels only

    def test_history_shows_the_visitors_pages(self):
        self.command(self.mika, '/history')
        answer = self.answers(self.mika)[-1]
        self.assertLess(answer.index('https://shop.test/'),
                        answer.index('https://shop.test/pricing'))
        self.assertIn('Pricing', answer)

    def test_commands_and_answers_never_reach_the_visitor(self):
        before = self.visitor_reads()
        for text in ('/history', '/help', '/invite', '/frobnicate the visitor'):
            self.assertFalse(self.say(self.mika, text))
        self.command(self.mika, '/history')
        self.assertEqual(self.visitor_reads(), before)
        self.assertEqual(self.session.livechat_message_count, 1)
        self.assertIn('Unknown command /frobnicate', ' '.join(self.answers(self.mika)))
        # nothing on the visitor's bus channel either (no visitor secret: no channel)
        self.session.sudo().visitor_secret_hash = 'h' * 64
        self.say(self.mika, '/history')
        self.assertFalse(self.bus_rows(list(self.session._livechat_visitor_bus_channel())))

    def test_text_that_is_no_command_is_sent(self):
        self.say(self.mika, '/usr/local is the folder')
        self.assertEqual(self.visitor_reads()[-1]['body'], '/usr/local is the folder')

    def test_a_visitor_typing_a_slash_is_just_text(self):
        self.session.with_context(livechat_from_visitor=True).message_post(
            body='/help', author_id=False, message_type='comment', subtype='mail.mt_comment')
        self.assertEqual(self.visitor_reads()[-1]['body'], '/help')

    def test_commands_are_refused_outside_visitor_chats(self):
        group = self.env['mail.channel'].create({
            'name': 'team-room', 'channel_partner_ids': [(4, self.mika.partner_id.id)]})
        for text in ('/forward Bob Colleague', '/invite Bob Colleague', '/history'):
            before = self.writes()
            self.command(self.mika, text, session=group)
            self.assertEqual(self.writes(), before)
            self.assertIn('is not available in this conversation', self.answers(self.mika)[-1])
        self.assertEqual(group.channel_partner_ids, self.mika.partner_id)
        # the Discuss help is still mail's own
        self.command(self.mika, '/help', session=group)
        self.assertIn('team-room', self.answers(self.mika)[-1])
