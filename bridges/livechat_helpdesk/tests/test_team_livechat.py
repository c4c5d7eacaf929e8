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

    def existing_channel(self):
        """A channel answered by Carol, who is not in the team, with her own settings."""
        return self.env['livechat.channel'].create({
            'name': 'Website', 'operator_ids': [(0, 0, {'user_id': self.carol.id,
                                                         'max_concurrent_chats': 2})]})

    def test_tick_with_existing_channel_keeps_its_operators(self):
        existing = self.existing_channel()
        self.team.write({'livechat_enabled': True, 'chat_channel_id': existing.id})
        self.assertEqual(self.team.chat_channel_id, existing)
        # the members join Carol, who keeps answering with her own settings
        self.assertEqual(self.operators(existing).mapped('user_id'),
                         self.alice | self.bob | self.carol)
        carol = self.operators(existing).filtered(lambda op: op.user_id == self.carol)
        self.assertEqual(carol.max_concurrent_chats, 2)
        self.assertFalse(self.env['livechat.channel'].search([('name', '=', 'Printer Support')]))
        # a member leaving the team stops answering; Carol stays
        self.team.user_ids = [(3, self.alice.id)]
        self.assertEqual(self.operators(existing).mapped('user_id'), self.bob | self.carol)

    def test_untick_keeps_a_channel_with_other_operators_open(self):
        existing = self.existing_channel()
        self.team.write({'livechat_enabled': True, 'chat_channel_id': existing.id})
        self.team.livechat_enabled = False
        self.assertTrue(existing.active)
        self.assertEqual(self.operators(existing).mapped('user_id'), self.carol)
        self.assertEqual(self.operators(existing, active=False).mapped('user_id'),
                         self.alice | self.bob)

    def test_untick_never_archives_the_websites_channel(self):
        self.team.livechat_enabled = True
        channel = self.team.chat_channel_id
        website = self.env['website'].search([], limit=1)
        website.chat_channel_id = channel
        self.team.livechat_enabled = False
        self.assertTrue(channel.active, "the website's button would disappear")
        self.assertFalse(self.operators(channel), 'the members stop answering it')
        self.assertEqual(website.chat_channel_id, channel)

    def test_untick_never_archives_another_teams_channel(self):
        self.team.livechat_enabled = True
        channel = self.team.chat_channel_id
        other = self.env['helpdesk.ticket.team'].create({
            'name': 'Billing', 'livechat_enabled': True, 'chat_channel_id': channel.id,
            'user_ids': [(6, 0, (self.bob | self.carol).ids)]})
        self.team.livechat_enabled = False
        self.assertTrue(channel.active)
        # Bob is still the other team's
        self.assertEqual(self.operators(channel).mapped('user_id'), self.bob | self.carol)
        other.livechat_enabled = False
        self.assertFalse(channel.active, 'nothing uses it any more')

    def test_choosing_another_channel_releases_the_first(self):
        self.team.livechat_enabled = True
        first = self.team.chat_channel_id
        existing = self.existing_channel()
        self.team.chat_channel_id = existing
        self.assertFalse(first.active)
        self.assertFalse(self.operators(first))
        self.assertEqual(self.operators(existing).mapped('user_id'),
                         self.alice | self.bob | self.carol)

    def form_warning(self, team, field, **values):
        """What the team form says when ``field`` is changed to ``values``, as the
        web client asks it (``onchange``) on the saved team or a new one."""
        Team = self.env['helpdesk.ticket.team']
        record = dict(Team.default_get(list(Team._fields)), **(team.read()[0] if team else {}))
        record = {name: value[0] if isinstance(value, tuple) else value
                  for name, value in record.items() if name in Team._fields}
        record['user_ids'] = [(6, 0, record.get('user_ids') or [])]
        record.update(values)
        return team.onchange(record, field, Team._onchange_spec()).get('warning')

    def test_form_warns_before_sharing_or_keeping_a_channel(self):
        Team = self.env['helpdesk.ticket.team']
        existing = self.existing_channel()
        warning = self.form_warning(Team, 'chat_channel_id', name='Billing',
                                    livechat_enabled=True, chat_channel_id=existing.id,
                                    user_ids=[(6, 0, self.alice.ids)])
        self.assertIn('Carol Agent', warning['message'])
        warning = self.form_warning(self.team, 'chat_channel_id', livechat_enabled=True,
                                    chat_channel_id=existing.id)
        self.assertIn('Carol Agent', warning['message'])
        # a channel without other operators: nothing to say
        dedicated = self.env['livechat.channel'].create(
            {'name': 'Printers', 'user_ids': [(6, 0, self.alice.ids)]})
        self.assertFalse(self.form_warning(self.team, 'chat_channel_id', livechat_enabled=True,
                                           chat_channel_id=dedicated.id))
        # unticking: said only when the channel stays open (here: the website's)
        self.team.write({'livechat_enabled': True, 'chat_channel_id': dedicated.id})
        self.assertFalse(self.form_warning(self.team, 'livechat_enabled',
                                           livechat_enabled=False))
        self.env['website'].search([], limit=1).chat_channel_id = dedicated
        warning = self.form_warning(self.team, 'livechat_enabled', livechat_enabled=False)
        self.assertIn("website's live chat channel", warning['message'])
