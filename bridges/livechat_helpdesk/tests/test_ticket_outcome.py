from .common import HelpdeskLivechatCase


class TestTicketOutcome(HelpdeskLivechatCase):
    """The Helpdesk bridge gives a session's outcome "ticket", whether the
    ticket is made before or after the chat ended."""

    def setUp(self):
        super().setUp()
        self.team.livechat_enabled = True
        self.session = self.env['mail.channel'].create({
            'name': 'Eve', 'channel_type': 'livechat_visitor',
            'chat_channel_id': self.team.chat_channel_id.id,
            'chat_operator_id': self.alice.id, 'visitor_name': 'Eve Visitor',
            'channel_partner_ids': [(4, self.alice.partner_id.id)]})
        self.session._livechat_post_visitor_message('My screen is blank')

    def test_a_ticket_makes_the_outcome(self):
        self.session.sudo(self.alice)._livechat_create_ticket()
        self.assertFalse(self.session.livechat_outcome)  # still open
        self.session.livechat_close()
        self.assertEqual(self.session.livechat_outcome, 'ticket')

    def test_a_ticket_after_the_end_updates_it(self):
        self.session.livechat_close()
        self.assertEqual(self.session.livechat_outcome, 'no_answer')
        self.session.sudo(self.alice)._livechat_create_ticket()
        self.assertEqual(self.session.livechat_outcome, 'ticket')
