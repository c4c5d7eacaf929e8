"""The CRM bridge gives a session's outcome "lead", before or after the end."""
from odoo.addons.livechat.tests.test_handon import HandOnCase


class TestLeadOutcome(HandOnCase):

    def setUp(self):
        super().setUp()
        salesman = self.env.ref('sales_team.group_sale_salesman')
        self.mika.groups_id = [(4, salesman.id)]
        self.say(self.mika, 'How many seats do you need?')

    def test_a_lead_makes_the_outcome(self):
        self.command(self.mika, '/lead 40 seats')
        self.session.livechat_close()
        self.assertEqual(self.session.livechat_outcome, 'lead')

    def test_a_lead_after_the_end_updates_it(self):
        self.session.livechat_close()
        self.assertEqual(self.session.livechat_outcome, 'answered')
        self.session.sudo(self.mika)._livechat_create_lead('40 seats')
        self.assertEqual(self.session.livechat_outcome, 'lead')
