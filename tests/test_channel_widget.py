import re

from odoo import SUPERUSER_ID, api
from odoo.tests import common

from .common import LivechatUsersCase


class TestWidgetCode(LivechatUsersCase):

    def setUp(self):
        super(TestWidgetCode, self).setUp()
        self.env['ir.config_parameter'].set_param('web.base.url', 'https://chat.example.com/')

    def test_snippet_and_link_format(self):
        channel_id = self.channel.id
        self.assertEqual(self.channel.script_snippet,
                         '<script async src="https://chat.example.com/livechat/loader/%d.js">'
                         '</script>' % channel_id)
        self.assertEqual(self.channel.support_url,
                         'https://chat.example.com/livechat/support/%d' % channel_id)

    def test_follows_base_url(self):
        self.env['ir.config_parameter'].set_param('web.base.url', 'http://10.0.0.5:8069')
        self.channel.invalidate_cache()
        self.assertTrue(re.fullmatch(r'<script async src="http://10\.0\.0\.5:8069/livechat/'
                                     r'loader/\d+\.js"></script>', self.channel.script_snippet))

    def test_operator_can_read_widget_code(self):
        self.assertEqual(self.channel.sudo(self.operator).support_url,
                         'https://chat.example.com/livechat/support/%d' % self.channel.id)


@common.at_install(False)
@common.post_install(True)
class TestWebsiteSetting(common.HttpCase):
    """Website settings: the Live Chat box adds or removes the loader on the pages."""

    def setUp(self):
        super(TestWebsiteSetting, self).setUp()
        # Odoo 11's HttpCase serves requests on the registry's test cursor, not on
        # self.cr: work on that cursor so the server sees what the test writes
        own_cr, own_env = self.cr, self.env
        self.cr = self.registry.test_cr
        self.env = api.Environment(self.cr, SUPERUSER_ID, {})
        self.addCleanup(setattr, self, 'env', own_env)
        self.addCleanup(setattr, self, 'cr', own_cr)
        # pages rendered by at_install tests compiled website.layout while only the
        # views of already loaded modules applied: start from fresh templates
        self.env['ir.qweb'].clear_caches()
        self.channel = self.env['livechat.channel'].create({'name': 'Website chat'})
        self.website = self.env['website'].search([], limit=1)
        self.tag = '<script async="async" src="/livechat/loader/%d.js"></script>' % self.channel.id

    def save_settings(self, enabled, channel=False):
        settings = self.env['res.config.settings'].create({
            'website_livechat_enabled': enabled,
            'website_chat_channel_id': channel and channel.id})
        settings.execute()

    def homepage(self):
        # the server's request ends by rolling back to the test cursor's last
        # "commit" (a savepoint, undone when the test ends): keep our changes
        self.cr.commit()  # pylint: disable=invalid-commit
        # the first page view builds the website's asset bundles: slow on 2 cores
        response = self.url_open('/', timeout=120)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_settings_toggle_the_loader(self):
        self.save_settings(True, self.channel)
        self.assertEqual(self.website.chat_channel_id, self.channel)
        self.assertTrue(self.env['res.config.settings'].default_get(
            ['website_livechat_enabled'])['website_livechat_enabled'])
        self.assertEqual(self.homepage().count(self.tag), 1)

        self.save_settings(False, self.channel)  # unticked: the channel goes too
        self.website.invalidate_cache()
        self.assertFalse(self.website.chat_channel_id)
        self.assertFalse(self.env['res.config.settings'].default_get(
            ['website_livechat_enabled'])['website_livechat_enabled'])
        self.assertNotIn('/livechat/loader/', self.homepage())

    def test_ticking_proposes_a_channel(self):
        settings = self.env['res.config.settings'].new({'website_livechat_enabled': True})
        settings._onchange_website_livechat_enabled()
        self.assertTrue(settings.website_chat_channel_id)

    def test_deleted_channel_removes_the_loader(self):
        self.website.chat_channel_id = self.channel
        self.assertIn(self.tag, self.homepage())
        self.channel.unlink()
        self.assertNotIn('/livechat/loader/', self.homepage())
