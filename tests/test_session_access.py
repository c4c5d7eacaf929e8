"""Who sees which sessions (mail.channel of our type), each role as its own user,
none of them the superuser.

Odoo 11 combines record rules so: global rules (no group) all apply (AND); the
rules of the user's groups apply as one alternative (OR), and that alternative
ANDs with the global ones. Odoo's own mail.channel rule (public channels, private
ones to their members) is made a rule of the groups every user is in
(security/livechat_rules.xml), so that it ORs with ours."""
from odoo.exceptions import AccessError

from ..models.mail_channel import SESSION_TYPE
from .common import LivechatUsersCase

HISTORY = [('channel_type', '=', SESSION_TYPE)]  # the Session History action's domain


class TestSessionAccess(LivechatUsersCase):

    def setUp(self):
        super(TestSessionAccess, self).setUp()
        self.channel.write({'user_ids': [(4, self.operator.id)]})
        self.sales = self.env['livechat.channel'].create(
            {'name': 'Sales', 'user_ids': [(6, 0, self.operator2.ids)]})
        # as the visitor API makes them: private, the assigned operator the only member
        self.mine = self.session(self.channel, self.operator)
        self.colleague = self.session(self.channel, self.manager)
        self.other_channel = self.session(self.sales, self.operator2)
        # a chat of a channel the operator does not serve, that they are in
        # (they served it before leaving it, or were invited)
        self.joined_elsewhere = self.session(self.sales, self.operator)
        self.everything = self.mine | self.colleague | self.other_channel | \
            self.joined_elsewhere
        # Discuss channels beside them: one public, one private without the users
        Channel = self.env['mail.channel'].with_context(mail_create_nosubscribe=True)
        self.public_channel = Channel.create({'name': 'lobby', 'public': 'public'})
        self.private_channel = Channel.create({'name': 'board', 'public': 'private'})

    def session(self, channel, operator):
        return self.env['mail.channel'].with_context(mail_create_nosubscribe=True).create({
            'name': 'Visitor, %s' % operator.name, 'channel_type': SESSION_TYPE,
            'public': 'private', 'chat_channel_id': channel.id,
            'chat_operator_id': operator.id,
            'channel_partner_ids': [(4, operator.partner_id.id)]})

    def visible(self, user, domain=HISTORY):
        return self.env['mail.channel'].sudo(user).search(domain)

    def assertDenied(self, call, what):
        with self.assertRaises(AccessError, msg=what), self.cr.savepoint():
            call()

    def test_the_users_are_not_the_superuser(self):
        for user in (self.manager, self.operator, self.employee, self.portal):
            self.assertFalse(user._is_superuser())

    def test_administrator_sees_every_session_as_the_report_does(self):
        self.assertEqual(self.visible(self.manager) & self.everything, self.everything)
        report = self.env['livechat.session.report'].sudo(self.manager)
        self.assertEqual(report.search([('session_id', 'in', self.everything.ids)]).mapped(
            'session_id'), self.everything)
        for session in self.everything:
            session.sudo(self.manager).read(['visitor_name', 'livechat_transcript'])
        grouped = self.env['mail.channel'].sudo(self.manager).read_group(
            HISTORY + [('id', 'in', self.everything.ids)], ['chat_channel_id'],
            ['chat_channel_id'])
        self.assertEqual(sum(group['chat_channel_id_count'] for group in grouped), 4)

    def test_administrator_sees_no_more_of_discuss_than_before(self):
        visible = self.visible(self.manager, [('id', 'in', (
            self.public_channel | self.private_channel).ids)])
        self.assertEqual(visible, self.public_channel)
        self.assertDenied(lambda: self.private_channel.sudo(self.manager).read(['name']),
                          'a private Discuss channel the administrator is not in')

    def test_operator_sees_the_sessions_of_own_channels(self):
        visible = self.visible(self.operator) & self.everything
        self.assertEqual(visible, self.mine | self.colleague | self.joined_elsewhere)
        self.colleague.sudo(self.operator).read(['visitor_name', 'livechat_transcript'])
        report = self.env['livechat.session.report'].sudo(self.operator)
        self.assertEqual(report.search([('session_id', 'in', self.everything.ids)]).mapped(
            'session_id'), self.mine | self.colleague)

    def test_operator_does_not_see_other_channels_sessions(self):
        self.assertDenied(lambda: self.other_channel.sudo(self.operator).read(['name']),
                          "read a session of a channel the operator does not serve")
        self.assertDenied(lambda: self.other_channel.sudo(self.operator).write(
            {'livechat_rating': 1}), 'write it')

    def test_operator_reads_but_does_not_change_a_colleagues_session(self):
        self.mine.sudo(self.operator).write({'livechat_rating_comment': 'mine'})
        self.assertDenied(lambda: self.colleague.sudo(self.operator).write(
            {'livechat_rating': 1}), "write a colleague's session")
        self.assertDenied(lambda: self.colleague.sudo(self.operator).unlink(),
                          "delete a colleague's session")

    def test_unavailable_operator_still_sees_own_channels_sessions(self):
        self.channel.operator_setting_ids.filtered(
            lambda op: op.user_id == self.operator).write({'active': False})
        self.channel.active = False
        self.assertEqual(self.visible(self.operator) & self.colleague, self.colleague)

    def test_operator_who_left_sees_only_the_chats_they_were_in(self):
        self.channel.sudo(self.operator).action_leave()
        visible = self.visible(self.operator) & self.everything
        self.assertEqual(visible, self.mine | self.joined_elsewhere)

    def test_users_without_live_chat_groups_see_no_session(self):
        for user in (self.employee, self.portal, self.public):
            self.assertFalse(self.visible(user), user.login)
            for session in self.everything:
                self.assertDenied(lambda: session.sudo(user).read(['visitor_name']),
                                  'read a session as %s' % user.login)
            self.assertFalse(self.env['mail.channel'].sudo(user).search(
                [('id', 'in', self.private_channel.ids)]), user.login)
        self.assertEqual(self.visible(self.employee, [('id', '=', self.public_channel.id)]),
                         self.public_channel, "Odoo's rule still shows public channels")

    def test_session_history_action_counts(self):
        # what Live Chat > Session History lists for each of them
        counts = {user.login: len(self.visible(user) & self.everything)
                  for user in (self.manager, self.operator, self.operator2, self.employee)}
        self.assertEqual(counts, {'lc_manager': 4, 'lc_operator': 3, 'lc_operator2': 2,
                                  'lc_employee': 0})

    def test_session_form_buttons_by_role(self):
        """Send transcript by e-mail and End Session, on a session the user is not in."""
        def send(user, session):
            return self.env['livechat.transcript.wizard'].sudo(user).with_context(
                active_model='mail.channel', active_id=session.id).create(
                {'email': 'visitor@example.com'}).action_send()
        for user in (self.manager, self.operator):
            send(user, self.colleague)
        self.assertDenied(lambda: send(self.operator, self.other_channel),
                          "a transcript of another channel's session")
        self.colleague.sudo(self.manager).livechat_close()
        self.assertEqual(self.colleague.livechat_state, 'closed')
