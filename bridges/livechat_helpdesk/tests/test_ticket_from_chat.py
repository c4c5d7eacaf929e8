import json

from markupsafe import escape

from odoo.exceptions import UserError

from odoo.addons.livechat.logic.text import html_to_text

from .common import HelpdeskLivechatCase


class TestTicketFromChat(HelpdeskLivechatCase):

    def setUp(self):
        super(TestTicketFromChat, self).setUp()
        self.team.livechat_enabled = True
        self.session = self.env['mail.channel'].create({
            'name': 'Dana', 'channel_type': 'livechat_visitor',
            'chat_channel_id': self.team.chat_channel_id.id,
            'chat_operator_id': self.alice.id,
            'visitor_name': 'Dana Visitor', 'visitor_email': 'dana@example.com',
            'channel_partner_ids': [(4, self.alice.partner_id.id)]})
        self.say_visitor('My printer <b>jams</b> on page 2')
        self.session.sudo(self.alice).message_post(
            body='Which model is it?', message_type='comment', subtype='mail.mt_comment')
        self.say_visitor('The LX-500')

    def say_visitor(self, text, name='Dana Visitor'):
        self.env['mail.message'].create({
            'model': 'mail.channel', 'res_id': self.session.id,
            'channel_ids': [(4, self.session.id)], 'message_type': 'comment',
            'author_id': False, 'email_from': name, 'body': text})

    def test_command_is_offered_in_visitor_sessions_only(self):
        command = [c for c in self.env['mail.channel'].get_mention_commands()
                   if c['name'] == 'ticket']
        self.assertEqual(len(command), 1)
        self.assertEqual(command[0]['channel_types'], ['livechat_visitor'])

    def test_help_in_a_session_lists_it(self):
        self.session.sudo(self.alice).execute_command(command='help')
        rows = self.env['bus.bus'].search([('channel', '=', json.dumps(
            [self.cr.dbname, 'res.partner', self.alice.partner_id.id], separators=(',', ':')))])
        [answer] = [json.loads(row.message) for row in rows
                    if '"transient_message"' in row.message]
        self.assertIn('/ticket', answer['body'])

    def test_ticket_from_session(self):
        self.session.sudo(self.alice).execute_command(command='ticket')
        ticket = self.session.helpdesk_ticket_ids
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel_id,
                         self.env.ref('livechat_helpdesk.helpdesk_ticket_channel_chat'))
        self.assertEqual(ticket.channel_id.name, 'Chat')
        self.assertEqual(ticket.partner_id.email, 'dana@example.com')
        self.assertEqual(ticket.partner_id.name, 'Dana Visitor')
        self.assertEqual(ticket.partner_email, 'dana@example.com')
        self.assertEqual(ticket.partner_name, 'Dana Visitor')
        self.assertIn('Dana Visitor', ticket.name)
        # the transcript, in order, with the authors
        description = ticket.description
        first = description.index('jams')
        second = description.index('Which model is it?')
        third = description.index('LX-500')
        self.assertLess(first, second)
        self.assertLess(second, third)
        self.assertIn('Alice Agent', description)
        self.assertIn('<b>jams</b>', description)

    def test_visitor_is_told_the_number(self):
        ticket = self.session.sudo(self.alice)._livechat_create_ticket()
        self.assertNotEqual(ticket.number, '/')
        last = self.env['mail.message'].search(
            [('channel_ids', 'in', self.session.ids)], order='id desc', limit=1)
        self.assertIn('Ticket %s created' % ticket.number, last.body)
        self.assertIn(ticket.name, last.body)
        self.assertEqual(last.author_id, self.alice.partner_id)
        self.assertEqual(last.message_type, 'comment')
        # the announcement is not part of the transcript of a later ticket of the same chat
        self.assertNotIn('created', ticket.description)

    def test_existing_partner_is_reused(self):
        partner = self.env['res.partner'].create({'name': 'Dana D.', 'email': 'DANA@example.com'})
        ticket = self.session._livechat_create_ticket()
        self.assertEqual(ticket.partner_id, partner)

    def test_anonymous_visitor(self):
        self.session.write({'visitor_name': False, 'visitor_email': False})
        ticket = self.session._livechat_create_ticket()
        self.assertFalse(ticket.partner_id)
        self.assertTrue(ticket.name)

    def test_hostile_visitor_name_is_escaped(self):
        self.session.visitor_name = '<script>alert(1)</script>'
        self.say_visitor('hello', name='<script>alert(1)</script>')
        ticket = self.session._livechat_create_ticket()
        self.assertNotIn('<script>', ticket.description)
        last = self.env['mail.message'].search(
            [('channel_ids', 'in', self.session.ids)], order='id desc', limit=1)
        self.assertNotIn('<script>', last.body)

    def test_the_description_is_the_sessions_transcript(self):
        """One rendering of a chat: the ticket holds what the e-mail and the
        session form show, as the description field keeps HTML."""
        hostile = '<img src=x onerror=alert(1)>'
        self.say_visitor('<p>Hi</p><script>alert(2)</script>', name=hostile)
        session = self.session.sudo(self.alice)
        transcript = session._livechat_render_transcript()
        self.assertEqual(session._livechat_send_transcript('dana@example.com').body_html,
                         transcript)
        ticket = session._livechat_create_ticket()
        description = ticket._fields['description']
        self.assertEqual(ticket.description,
                         description.convert_to_cache(transcript, ticket))
        # the visitor's name is text, their message's markup was cleaned when posted
        self.assertIn(str(escape(hostile)), ticket.description)
        self.assertNotIn('<img', ticket.description)
        self.assertNotIn('<script', ticket.description)
        self.assertIn('Hi', ticket.description)

    def test_action_opens_the_ticket(self):
        action = self.session.action_livechat_create_ticket()
        self.assertEqual(action['res_model'], 'helpdesk.ticket')
        self.assertEqual(action['res_id'], self.session.helpdesk_ticket_ids.id)

    def test_refused_outside_visitor_sessions(self):
        Tickets = self.env['helpdesk.ticket']
        before = Tickets.search_count([])
        discussion = self.env['mail.channel'].create({'name': 'general-hd',
                                                      'channel_type': 'channel'})
        # the command is refused where the chat window does not offer it: the
        # user reads why (mail's transient message), nothing is made
        discussion.execute_command(command='ticket')
        answers = self.env['bus.bus'].search([('channel', '=', json.dumps(
            [self.cr.dbname, 'res.partner', self.env.user.partner_id.id],
            separators=(',', ':')))])
        self.assertIn('/ticket is not available in this conversation',
                      json.loads(answers[-1].message)['body'])
        chat = self.env['mail.channel'].create({'name': 'dm', 'channel_type': 'chat'})
        with self.assertRaises(UserError):
            chat.action_livechat_create_ticket()
        self.assertEqual(Tickets.search_count([]), before)

    def test_refused_when_no_team_answers_the_channel(self):
        other = self.env['livechat.channel'].create({'name': 'Sales', 'operator_ids': []})
        self.session.chat_channel_id = other
        with self.assertRaises(UserError):
            self.session.execute_command(command='ticket')
        self.assertFalse(self.session.helpdesk_ticket_ids)

    def test_transcript_times_in_the_operators_zone(self):
        self.alice.tz = 'Asia/Tokyo'
        first = self.env['mail.message'].search(
            [('model', '=', 'mail.channel'), ('res_id', '=', self.session.id)],
            order='id', limit=1)
        first.date = '2026-03-02 09:01:00'
        ticket = self.session.sudo(self.alice)._livechat_create_ticket()
        self.assertIn('2026-03-02 18:01', ticket.description)
        self.assertIn('Asia/Tokyo', ticket.description)
        # what the reader sees; the UTC time rides along in <time datetime="...">
        self.assertNotIn('09:01', html_to_text(ticket.description))
        self.assertIn('datetime="2026-03-02T09:01:00Z"', ticket.description)

    def test_ticket_from_a_chat_the_visitor_left(self):
        self.session.livechat_close()
        ticket = self.session.sudo(self.alice)._livechat_create_ticket()
        self.assertIn('LX-500', ticket.description)
        last = self.env['mail.message'].search(
            [('model', '=', 'mail.channel'), ('res_id', '=', self.session.id)],
            order='id desc', limit=1)
        self.assertIn('Ticket %s created' % ticket.number, last.body)
        self.assertEqual(last.message_type, 'notification')  # for the operators only
