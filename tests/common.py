"""Users of each kind the channel tests act as."""
from odoo.tests import common


class LivechatUsersCase(common.TransactionCase):

    def setUp(self):
        super(LivechatUsersCase, self).setUp()
        Users = self.env['res.users'].with_context(no_reset_password=True)

        def user(login, *groups):
            return Users.create({
                'name': login.title(), 'login': login, 'email': '%s@example.com' % login,
                'groups_id': [(6, 0, [self.env.ref(group).id for group in groups])]})

        self.manager = user('lc_manager', 'base.group_user', 'livechat.group_livechat_manager')
        self.operator = user('lc_operator', 'base.group_user', 'livechat.group_livechat_operator')
        self.operator2 = user('lc_operator2', 'base.group_user',
                              'livechat.group_livechat_operator')
        self.employee = user('lc_employee', 'base.group_user')
        self.portal = user('lc_portal', 'base.group_portal')
        self.public = self.env.ref('base.public_user')
        self.channel = self.env['livechat.channel'].sudo(self.manager).create(
            {'name': 'Support'}).sudo()
