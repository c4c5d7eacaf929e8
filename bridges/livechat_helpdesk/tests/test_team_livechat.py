from .common import HelpdeskLivechatCase


class TestTeamLivechat(HelpdeskLivechatCase):

    def test_unticked_team_has_no_channel(self):
        self.assertFalse(self.team.livechat_enabled)
        self.assertFalse(self.team.chat_channel_id)

    def test_tick_creates_channel_named_after_team_with_members(self):
        self.team.livechat_enabled = True
        channel = self.team.chat_channel_id
        self.assertEqual(channel.name, 'Printer Support')
        self.assertTrue(channel.active)
        self.assertEqual(self.operators(channel).mapped('user_id'), self.alice | self.bob)

    def test_team_created_ticked(self):
        team = self.env['helpdesk.ticket.team'].create({
            'name': 'Billing', 'livechat_enabled': True,
            'user_ids': [(6, 0, self.carol.ids)]})
        self.assertEqual(team.chat_channel_id.name, 'Billing')
        self.assertEqual(self.operators(team.chat_channel_id).mapped('user_id'), self.carol)

    def test_tick_with_existing_channel(self):
        existing = self.env['livechat.channel'].create({
            'name': 'Website', 'operator_ids': [(0, 0, {'user_id': self.carol.id})]})
        self.team.write({'livechat_enabled': True, 'chat_channel_id': existing.id})
        self.assertEqual(self.team.chat_channel_id, existing)
        # the operators follow the team: Carol is not a member
        self.assertEqual(self.operators(existing).mapped('user_id'), self.alice | self.bob)
        self.assertFalse(self.env['livechat.channel'].search([('name', '=', 'Printer Support')]))

    def test_members_change_operators(self):
        self.team.livechat_enabled = True
        channel = self.team.chat_channel_id
        self.team.user_ids = [(4, self.carol.id), (3, self.alice.id)]
        self.assertEqual(self.operators(channel).mapped('user_id'), self.bob | self.carol)
        self.assertFalse(self.operators(channel, active=False))

    def test_untick_stops_new_chats_and_keeps_history(self):
        self.team.livechat_enabled = True
        channel = self.team.chat_channel_id
        session = self.env['mail.channel'].create({
            'name': 'Visitor', 'channel_type': 'livechat_visitor',
            'chat_channel_id': channel.id, 'livechat_operator_id': self.alice.id})
        self.team.livechat_enabled = False
        self.assertTrue(channel.exists())
        self.assertFalse(channel.active)
        self.assertFalse(self.operators(channel))
        self.assertEqual(len(self.operators(channel, active=False)), 2)
        self.assertTrue(session.exists())
        self.assertEqual(session.chat_channel_id, channel)
        # ticking again revives the same channel
        self.team.livechat_enabled = True
        self.assertEqual(self.team.chat_channel_id, channel)
        self.assertTrue(channel.active)
        self.assertEqual(self.operators(channel).mapped('user_id'), self.alice | self.bob)
        self.assertFalse(self.operators(channel, active=False))

    def test_members_change_while_unticked(self):
        self.team.livechat_enabled = True
        channel = self.team.chat_channel_id
        self.team.livechat_enabled = False
        self.team.user_ids = [(4, self.carol.id)]
        self.assertFalse(self.operators(channel))
        self.team.livechat_enabled = True
        self.assertEqual(self.operators(channel).mapped('user_id'),
                         self.alice | self.bob | self.carol)

    def test_archived_team_closes_its_channel(self):
        self.team.livechat_enabled = True
        channel = self.team.chat_channel_id
        self.team.active = False
        self.assertFalse(channel.active)
        self.assertFalse(self.operators(channel))
