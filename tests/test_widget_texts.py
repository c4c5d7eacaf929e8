"""The widget's own texts (logic/widget_texts.py) come with /livechat/init in
the visitor's language, translated by the addon's .po files, or by what an
administrator writes in Settings ‣ Translations."""
import os

from odoo.tests import common

from ..logic.widget_texts import BUTTON_TEXTS, WIDGET_TEXTS
from .common import I18N, load_language
from .visitor_common import VisitorApiCase

# the languages the addon ships (i18n/<short>.po): a new file gets its line here
SHIPPED = {'ja': 'ja_JP', 'fr': 'fr_FR', 'de': 'de_DE', 'es': 'es_ES'}


@common.at_install(False)
@common.post_install(True)
class TestWidgetTexts(VisitorApiCase):

    def setUp(self):
        super().setUp()
        for short, code in SHIPPED.items():
            load_language(self, code, short)
        load_language(self, 'it_IT')  # installed, no it.po in the addon

    def texts(self, accept_language):
        """The texts of the window, in the language /livechat/init picked; the
        button's come with the init."""
        status, init = self.api('/livechat/init?channel=%d' % self.channel.id,
                                headers={'Accept-Language': accept_language})
        self.assertEqual(status, 200, init)
        status, window = self.api('/livechat/window?lang=%s' % init['lang'])
        self.assertEqual(status, 200, window)
        self.assertEqual(init['texts'], {key: window['texts'][key] for key in BUTTON_TEXTS})
        return window['texts']

    def test_every_shipped_language_translates_every_text(self):
        shipped = sorted(name[:-3] for name in os.listdir(I18N) if name.endswith('.po'))
        self.assertEqual(shipped, sorted(SHIPPED))
        translations = self.env['ir.translation']
        for code in SHIPPED.values():
            missing = [text for text in WIDGET_TEXTS.values() if not translations.search_count([
                ('lang', '=', code), ('type', '=', 'code'), ('src', '=', text),
                ('value', 'not in', (False, ''))])]
            self.assertEqual(missing, [], code)

    def test_each_visitor_reads_their_language(self):
        texts = self.texts('ja-JP,ja;q=0.9,en;q=0.5')
        self.assertEqual(set(texts), set(WIDGET_TEXTS))
        self.assertEqual([key for key, text in texts.items() if text == WIDGET_TEXTS[key]], [])
        self.assertEqual((texts['open'], texts['typing']), ('チャットを開く', '%sが入力中…'))
        self.assertEqual(self.texts('fr-CA,fr;q=0.8')['open'], 'Ouvrir la discussion')
        self.assertEqual(self.texts('de')['typing'], '%s schreibt…')
        self.assertEqual(self.texts('es-ES')['end'], 'Terminar el chat')

    def test_english_and_untranslated_languages_read_english(self):
        self.assertEqual(self.texts('ja')['send'], '送信')  # cached for Japanese first...
        self.assertEqual(self.texts('en-US'), WIDGET_TEXTS)  # ...and not for everyone
        self.assertEqual(self.texts('it-IT'), WIDGET_TEXTS)
        self.assertEqual(self.texts('xx-YY'), WIDGET_TEXTS)

    def test_an_administrator_can_reword_a_text(self):
        """Settings ‣ Translations ‣ Translated Terms: what the administrator
        writes there reaches the next visitor, without a restart."""
        self.assertEqual(self.texts('fr')['send'], 'Envoyer')  # now in the cache
        term = self.env['ir.translation'].search([
            ('lang', '=', 'fr_FR'), ('type', '=', 'code'), ('src', '=', 'Send')])
        settings_admin = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Settings Admin', 'login': 'lc_settings_admin',
            'groups_id': [(6, 0, [self.env.ref('base.group_system').id])]})
        term.sudo(settings_admin).write({'value': 'Expédier'})
        self.assertEqual(self.texts('fr')['send'], 'Expédier')
        self.assertEqual(self.texts('it')['send'], 'Send')
