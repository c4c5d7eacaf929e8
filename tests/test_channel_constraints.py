from odoo.exceptions import ValidationError

from .common import LivechatUsersCase

BAD_COLORS = ['red', '#12345', '#1234567', '#GGGGGG', '123456', '#12 456',
              '#fff;background:url(x)', '<script>', ' #123456', '#123456\n']


class TestChannelConstraints(LivechatUsersCase):

    def assertNotSaved(self, record, vals):
        before = record.read(list(vals))[0]
        with self.assertRaises(ValidationError), self.cr.savepoint():
            record.write(vals)
        record.invalidate_cache()
        self.assertEqual(record.read(list(vals))[0], before)

    def test_bad_colors_refused(self):
        for field_name in ('button_background_color', 'button_text_color',
                           'header_background_color', 'header_text_color'):
            for value in BAD_COLORS:
                self.assertNotSaved(self.channel, {field_name: value})

    def test_bad_color_message_names_field_and_value(self):
        with self.assertRaisesRegex(ValidationError, 'Header Title Color.*#12345'), \
                self.cr.savepoint():
            self.channel.write({'header_text_color': '#12345'})

    def test_good_colors_saved(self):
        self.channel.write({'button_background_color': '#a1B2c3'})
        self.assertEqual(self.channel.button_background_color, '#a1B2c3')

    def test_bad_url_regex_refused(self):
        rule = self.env['livechat.channel.rule'].create(
            {'channel_id': self.channel.id, 'url_regex': '/shop'})
        for regex in ['(', '[a-', '*shop', 'a{1001}']:
            self.assertNotSaved(rule, {'url_regex': regex})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env['livechat.channel.rule'].create(
                {'channel_id': self.channel.id, 'url_regex': '(unclosed'})

    def test_url_regex_the_linear_engine_cannot_run_refused(self):
        rule = self.env['livechat.channel.rule'].create(
            {'channel_id': self.channel.id, 'url_regex': '/shop'})
        for regex in [r'/shop(?!/cart)', r'(?<=/)shop', r'/(\w+)/\1']:
            self.assertNotSaved(rule, {'url_regex': regex})
        with self.assertRaisesRegex(ValidationError, 'RE2.*lookarounds'), self.cr.savepoint():
            rule.write({'url_regex': r'/shop(?!/cart)'})

    def test_negative_timer_refused(self):
        rule = self.env['livechat.channel.rule'].create(
            {'channel_id': self.channel.id, 'action': 'auto_open', 'auto_open_delay': 5})
        self.assertNotSaved(rule, {'auto_open_delay': -1})
        rule.auto_open_delay = 0
        self.assertEqual(rule.auto_open_delay, 0)
