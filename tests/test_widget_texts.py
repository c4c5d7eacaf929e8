"""The widget's own texts (logic/widget_texts.py) come with /livechat/init in
the visitor's language, translated by the addon's .po files."""
import os

from odoo.modules.module import get_module_path
from odoo.tests import common
from odoo.tools.translate import trans_load

from ..logic.widget_texts import WIDGET_TEXTS
from .visitor_common import VisitorApiCase


@common.at_install(False)
@common.post_install(True)
class TestWidgetTexts(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.addCleanup(self.registry.clear_caches)  # installed languages, translations
        for code in ('ja_JP', 'fr_FR'):  # French: installed, no fr.po in the addon
            self.env['res.lang'].load_lang(code)
        trans_load(self.cr, os.path.join(get_module_path('livechat'), 'i18n', 'ja.po'), 'ja_JP',
                   verbose=False)

    def texts(self, accept_language):
        status, body = self.api('/livechat/init?channel=%d' % self.channel.id,
                                headers={'Accept-Language': accept_language})
        self.assertEqual(status, 200, body)
        return body['texts']

    def test_japanese_visitor_reads_every_text_in_japanese(self):
        texts = self.texts('ja-JP,ja;q=0.9,en;q=0.5')
        self.assertEqual(set(texts), set(WIDGET_TEXTS))
        self.assertEqual([key for key, text in texts.items() if text == WIDGET_TEXTS[key]], [])
        self.assertEqual((texts['open'], texts['typing']), ('チャットを開く', '%sが入力中…'))

    def test_english_and_untranslated_languages_read_english(self):
        self.assertEqual(self.texts('ja')['send'], '送信')  # cached for Japanese first...
        self.assertEqual(self.texts('en-US'), WIDGET_TEXTS)  # ...and not for everyone
        self.assertEqual(self.texts('fr-FR'), WIDGET_TEXTS)
        self.assertEqual(self.texts('xx-YY'), WIDGET_TEXTS)
