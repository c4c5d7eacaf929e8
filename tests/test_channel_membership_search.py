"""An operator's long poll leaves out the sessions that ended and that the
operator put away (models/mail_channel_members.py)."""
from odoo.tests import common


class TestOperatorPollChannels(common.TransactionCase):

    def setUp(self):
        super().setUp()
        self.user = self.env['res.users'].create({
            'name': 'Meri Member', 'login': 'meri.member@example.com',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})

    def test_a_poll_leaves_out_ended_sessions_put_away(self):
        partner = self.user.partner_id
        sessions = self.env['mail.channel']
        for state, pinned in (('open', True), ('open', False), ('closed', True), ('closed', False)):
            session = sessions.create({
                'name': '%s, pinned %s' % (state, pinned), 'channel_type': 'livechat_visitor',
                'public': 'private', 'livechat_state': state,
                'channel_partner_ids': [(4, partner.id)]})
            session.channel_last_seen_partner_ids.write({'is_pinned': pinned})
            sessions |= session
        put_away = sessions[3]
        domain = [('channel_partner_ids', 'in', [partner.id])]
        channels = self.env['mail.channel'].sudo(self.user)
        everything = channels.search(domain)
        self.assertEqual(everything & sessions, sessions)
        polled = channels.with_context(livechat_listening=True).search(domain)
        self.assertEqual(polled, everything - put_away)
