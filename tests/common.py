"""Users of each kind the channel tests act as; languages installed for a test."""
import os

from odoo.modules.module import get_module_path
from odoo.tests import common
from odoo.tools.translate import trans_load

I18N = os.path.join(get_module_path('livechat'), 'i18n')


def load_language(case, code, po=None):
    """Install ``code`` for this test, with the addon's ``i18n/<po>.po`` loaded
    into it when ``po`` is given. The installed languages and translations are
    cached in the registry: cleared after the test, which rolls them back."""
    case.addCleanup(case.registry.clear_caches)
    case.env['res.lang'].load_lang(code)
    if po:
        trans_load(case.cr, os.path.join(I18N, po + '.po'), code, verbose=False)


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
