import os

from babel.messages.pofile import read_po

from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import common

from .common import load_language


def untranslated_terms(module):
    """Terms of the module's template missing or empty in its ja.po (none expected)."""
    i18n = os.path.join(get_module_path(module), 'i18n')
    with open(os.path.join(i18n, '%s.pot' % module), 'rb') as handle:
        template = {message.id for message in read_po(handle) if message.id}
    with open(os.path.join(i18n, 'ja.po'), 'rb') as handle:
        japanese = {message.id: message.string for message in read_po(handle) if message.id}
    assert template, 'empty template for %s' % module
    return sorted(term for term in template if not japanese.get(term, '').strip())


class TestJapanese(common.TransactionCase):

    def test_every_term_translated(self):
        self.assertEqual(untranslated_terms('livechat'), [])

    def test_loaded_in_japanese(self):
        load_language(self, 'ja_JP', 'ja')
        self.env['ir.translation'].clear_caches()  # field labels are cached per language
        channels = self.env['livechat.channel'].with_context(lang='ja_JP')
        self.assertEqual(channels.fields_get(['name'])['name']['string'], 'チャネル名')
        rule_actions = dict(self.env['livechat.channel.rule'].with_context(lang='ja_JP')
                            .fields_get(['action'])['action']['selection'])
        self.assertEqual(rule_actions['notify'], '通知付きで表示')
        # a Python message raised to the user
        with self.assertRaisesRegex(ValidationError, '#RRGGBB 形式'), self.cr.savepoint():
            channels.create({'name': 'x', 'button_text_color': 'red'})
        # one with named placeholders: each value lands in its place in the translation
        rules = self.env['livechat.channel.rule'].with_context(lang='ja_JP')
        refused = r'URL正規表現 "\(\?=a\)" は使用できません: .+。ルールは RE2'
        with self.assertRaisesRegex(ValidationError, refused), self.cr.savepoint():
            rules.create({'channel_id': channels.create({'name': 'x'}).id, 'url_regex': '(?=a)'})
