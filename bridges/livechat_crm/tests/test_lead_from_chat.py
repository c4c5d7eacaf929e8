"""/lead in the operator's chat window: the lead, its fields and links, who may,
and that the visitor never sees the command or its answer."""
from odoo.addons.livechat.tests.test_handon import HandOnCase


class TestLeadFromChat(HandOnCase):

    def setUp(self):
        super().setUp()
        salesman = self.env.ref('sales_team.group_sale_salesman')
        self.mika.groups_id = [(4, salesman.id)]
        self.japan = self.env.ref('base.jp')
        self.session.write({'visitor_email': 'ann@example.com',
                            'visitor_country_id': self.japan.id})
        self.say(self.mika, 'How many <b>seats</b> do you need?')
        self.session.message_post(body='<p>About 40 &lt;script&gt;</p>', author_id=False,
                                  email_from='Ann', message_type='comment',
                                  subtype='mail.mt_comment')

    def test_the_lead_has_the_visitor_and_the_transcript(self):
        before = self.visitor_reads()
        self.command(self.mika, '/lead 40 seats for Ann')
        lead = self.session.lead_ids
        self.assertEqual(len(lead), 1)
        self.assertEqual((lead.name, lead.contact_name, lead.email_from, lead.country_id),
                         ('40 seats for Ann', 'Ann', 'ann@example.com', self.japan))
        self.assertEqual(lead.source_id, self.env.ref('livechat_crm.utm_source_livechat'))
        self.assertEqual(lead.source_id.name, 'Live Chat')
        self.assertEqual(lead.livechat_session_id, self.session)
        self.assertEqual(lead.user_id, self.mika)
        self.assertEqual(self.session.lead_count, 1)
        # the transcript as plain text, in order, the visitor's text as it was typed
        notes = lead.description
        self.assertLess(notes.index('Ann: Hello'), notes.index('Mika Operator: How many seats'))
        self.assertIn('Ann: About 40 <script>', notes)
        self.assertNotIn('<b>', notes)
        # the operator is answered with the lead; the visitor sees nothing new
        self.assertIn('Lead created: 40 seats for Ann', self.answers(self.mika)[-1])
        self.assertIn('/web#model=crm.lead&amp;id=%d' % lead.id, self.answers(self.mika)[-1])
        self.assertEqual(self.visitor_reads(), before)
        self.assertFalse(self.bus_rows(self.session._livechat_visitor_bus_channel()).filtered(
            lambda row: 'lead' in row.message.lower()))

    def test_typed_lead_is_caught_and_titled_by_default(self):
        messages = len(self.session.channel_message_ids)
        self.say(self.mika, '/lead')
        self.assertEqual(len(self.session.channel_message_ids), messages)  # nothing posted
        self.assertEqual(self.session.lead_ids.name, 'Live chat with Ann')

    def test_help_lists_lead(self):
        self.command(self.mika, '/help')
        self.assertIn('/lead', self.answers(self.mika)[-1])

    def test_who_may_make_a_lead(self):
        # an operator of the channel who is not in this chat
        self.bob.groups_id = [(4, self.env.ref('sales_team.group_sale_salesman').id)]
        writes = self.writes()
        self.command(self.bob, '/lead')
        self.assertIn('Only the operators of this chat', self.answers(self.bob)[-1])
        self.assertEqual(self.writes(), writes)
        # the chat's operator without the Sales right
        self.mika.groups_id = [(3, self.env.ref('sales_team.group_sale_salesman').id),
                               (3, self.env.ref('sales_team.group_sale_salesman_all_leads').id)]
        self.mika.invalidate_cache()
        writes = self.writes()
        self.command(self.mika, '/lead')
        self.assertIn('Sales right', self.answers(self.mika)[-1])
        self.assertEqual(self.writes(), writes)
        self.assertFalse(self.session.lead_ids)

    def test_not_in_other_conversations(self):
        channel = self.env['mail.channel'].create({'name': 'general-talk', 'public': 'public'})
        channel.sudo(self.mika).execute_command(command='lead', body='/lead x')
        self.assertFalse(self.env['crm.lead'].search([('livechat_session_id', '!=', False)]))

    def test_the_session_form_opens_without_sales_rights(self):
        """The form reads lead_count for every user: an operator without Sales
        rights reads 0, not an access error."""
        self.command(self.mika, '/lead')
        operator = self.cleo  # an operator of another channel: no Sales right
        operator.groups_id = [(4, self.env.ref('livechat.group_livechat_manager').id)]
        self.assertFalse(operator.has_group('sales_team.group_sale_salesman'))
        self.assertEqual(self.session.sudo(operator).read(['lead_count'])[0]['lead_count'], 0)
        self.assertEqual(self.session.sudo(self.mika).lead_count, 1)
