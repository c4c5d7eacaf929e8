from odoo.addons.livechat.tests.test_channel_i18n import untranslated_terms
from odoo.tests.common import TransactionCase


class TestJapanese(TransactionCase):

    def test_every_term_translated(self):
        self.assertEqual(untranslated_terms('livechat_crm'), [])
