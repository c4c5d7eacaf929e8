import os

from babel.messages.pofile import read_po

from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import common
from odoo.tools.translate import trans_load

I18N = os.path.join(get_module_path('livechat'), 'i18n')


class TestJapanese(common.TransactionCase):

    def test_every_term_translated(self):
        with open(os.path.join(I18N, 'livechat.pot'), 'rb') as handle:
            template = {message.id for message in read_po(handle) if message.id}
        with open(os.path.join(I18N, 'ja.po'), 'rb') as handle:
            japanese = {message.id: message.string for message in read_po(handle) if message.id}
        self.assertTrue(template)
        self.assertEqual(sorted(template - set(japanese)), [])
        self.assertEqual(sorted(term for term in template if not japanese[term].strip()), [])

    def test_loaded_in_japanese(self):
        self.env['res.lang'].load_lang('ja_JP')
        trans_load(self.cr, os.path.join(I18N, 'ja.po'), 'ja_JP', verbose=False)
        self.env['ir.translation'].clear_caches()  # field labels are cached per language
        channels = self.env['livechat.channel'].with_context(lang='ja_JP')
        self.assertEqual(channels.fields_get(['name'])['name']['string'], 'チャネル名')
        rule_actions = dict(self.env['livechat.channel.rule'].with_context(lang='ja_JP')
                            .fields_get(['action'])['action']['selection'])
        self.assertEqual(rule_actions['notify'], '通知付きで表示')
        # a Python message raised to the user
        with self.assertRaisesRegex(ValidationError, '#RRGGBB 形式'), self.cr.savepoint():
            channels.create({'name': 'x', 'button_text_color': 'red'})
