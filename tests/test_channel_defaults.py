from odoo.tests import common

from ..logic.colors import contrast_ratio
from ..models.livechat_channel import DEFAULT_COLORS
from .common import LivechatUsersCase


class TestDefaultChannel(common.TransactionCase):

    def test_default_channel_installed(self):
        channel = self.env.ref('livechat.default_channel')
        self.assertTrue(channel.welcome_message)
        self.assertTrue(channel.button_text)
        # installed by the superuser (admin in Odoo 11): the installer answers its chats
        self.assertEqual(channel.operator_ids.mapped('user_id'), self.env.ref('base.user_root'))
        self.assertEqual(channel.user_ids, self.env.ref('base.user_root'))
        self.assertTrue(self.env.ref('base.user_root').has_group(
            'livechat.group_livechat_manager'))

    def test_default_channel_is_noupdate(self):
        data = self.env['ir.model.data'].search([('module', '=', 'livechat'),
                                                 ('name', '=', 'default_channel')])
        self.assertTrue(data.noupdate)


class TestNewChannel(LivechatUsersCase):

    def test_creator_is_operator(self):
        self.assertEqual(self.channel.user_ids, self.manager)
        self.assertEqual(self.channel.operator_ids.user_id, self.manager)

    def test_default_colors(self):
        for field_name, color in DEFAULT_COLORS.items():
            self.assertEqual(self.channel[field_name], color)

    def test_user_ids_writes_operator_records(self):
        self.channel.write({'user_ids': [(6, 0, [self.manager.id, self.employee.id])]})
        self.assertEqual(self.channel.operator_ids.mapped('user_id'),
                         self.manager | self.employee)
        # a user made operator gets the Live Chat app
        self.assertTrue(self.employee.has_group('livechat.group_livechat_operator'))
        self.channel.write({'user_ids': [(3, self.manager.id)]})
        self.assertEqual(self.channel.operator_ids.mapped('user_id'), self.employee)
        self.assertFalse(self.env['livechat.operator'].with_context(active_test=False).search(
            [('channel_id', '=', self.channel.id), ('user_id', '=', self.manager.id)]))

    def test_unavailable_operator_still_listed(self):
        self.channel.operator_ids.active = False
        self.channel.invalidate_cache()
        self.assertFalse(self.channel.operator_ids)
        self.assertEqual(self.channel.user_ids, self.manager)
        self.assertEqual(len(self.channel.operator_setting_ids), 1)
        # writing the same users back keeps the record and its settings
        self.channel.write({'user_ids': [(6, 0, self.manager.ids)]})
        self.assertEqual(len(self.channel.operator_setting_ids), 1)

    def test_create_with_users_from_form(self):
        # the form sends the default operator line and the users at once
        channel = self.env['livechat.channel'].sudo(self.manager).create({
            'name': 'Sales',
            'operator_ids': [(0, 0, {'user_id': self.manager.id})],
            'user_ids': [(6, 0, [self.manager.id, self.operator.id])],
        })
        self.assertEqual(channel.operator_ids.mapped('user_id'), self.manager | self.operator)

    def test_create_with_users_leaving_out_the_creator(self):
        # the manual's flow (Create, remove the preset creator, Add another user,
        # Save), and the same create over RPC: exactly the users given
        channel = self.env['livechat.channel'].sudo(self.manager).create(
            {'name': 'Sales', 'user_ids': [(6, 0, [self.operator.id, self.operator2.id])]})
        self.assertEqual(channel.user_ids, self.operator | self.operator2)
        self.assertEqual(channel._all_operators().mapped('user_id'),
                         self.operator | self.operator2)
        channel = self.env['livechat.channel'].sudo(self.manager).create(
            {'name': 'Billing', 'user_ids': [(6, 0, self.operator.ids)],
             'operator_setting_ids': []})  # what the form sends beside them
        self.assertEqual(channel._all_operators().mapped('user_id'), self.operator)

    def test_create_without_operators(self):
        channel = self.env['livechat.channel'].sudo(self.manager).create(
            {'name': 'Nobody yet', 'user_ids': [(6, 0, [])]})
        self.assertFalse(channel.operator_ids)
        self.assertFalse(channel.user_ids)


class TestColorContrast(LivechatUsersCase):
    """The channel form warns when a colour pair is below WCAG AA (4.5:1 for text)."""

    def test_ratios_as_wcag_computes_them(self):
        self.assertAlmostEqual(contrast_ratio('#000000', '#FFFFFF'), 21.0)
        self.assertAlmostEqual(contrast_ratio('#FFFFFF', '#000000'), 21.0)
        self.assertAlmostEqual(contrast_ratio('#777777', '#ffffff'), 4.48, places=2)
        self.assertAlmostEqual(contrast_ratio('#123456', '#123456'), 1.0)

    def test_default_colors_pass_aa(self):
        self.assertGreaterEqual(contrast_ratio(DEFAULT_COLORS['button_text_color'],
                                               DEFAULT_COLORS['button_background_color']), 4.5)
        self.assertGreaterEqual(contrast_ratio(DEFAULT_COLORS['header_text_color'],
                                               DEFAULT_COLORS['header_background_color']), 4.5)
        self.assertFalse(self.channel.color_contrast_warning)

    def test_weak_pair_warns_and_saves(self):
        self.channel.sudo(self.manager).write({'button_background_color': '#FFFF00'})
        warning = self.channel.color_contrast_warning
        self.assertIn('Livechat Button Color (1.07:1)', warning)
        self.assertNotIn('Channel Header Color', warning)
        self.assertEqual(self.channel.button_background_color, '#FFFF00')  # saved all the same
        self.channel.write({'header_text_color': '#777777', 'header_background_color': '#FFFFFF'})
        self.assertIn('Channel Header Color (4.48:1)', self.channel.color_contrast_warning)
        self.channel.write({'button_background_color': '#0F7F74',
                            'header_text_color': '#595959'})  # 7.0:1
        self.assertFalse(self.channel.color_contrast_warning)
