"""/lead as the visitor's public API sees it: neither the command nor its answer."""
from odoo.tests import common

from odoo.addons.livechat.tests.visitor_common import VisitorApiCase


@common.at_install(False)
@common.post_install(True)
class TestLeadUnseenByVisitor(VisitorApiCase):

    def test_history_and_poll_show_nothing_of_the_lead(self):
        self.operator.groups_id = [(4, self.env.ref('sales_team.group_sale_salesman').id)]
        started = self.start(name='Ann')
        session = self.env['mail.channel'].browse(started['session'])
        session._livechat_post_visitor_message('We need 40 seats')
        status, before = self.api('/livechat/history', secret=started['secret'])
        self.assertEqual(status, 200, before)
        self.assertTrue(before['messages'])
        # typed in the operator's chat window (the plain-reply path)
        session.sudo(self.operator).message_post(
            body='<p>/lead Seats for Ann</p>', message_type='comment',
            subtype='mail.mt_comment', content_subtype='html', partner_ids=[],
            attachment_ids=[])
        self.assertEqual(session.lead_ids.name, 'Seats for Ann')
        status, after = self.api('/livechat/history', secret=started['secret'])
        self.assertEqual(status, 200, after)
        self.assertEqual(after['messages'], before['messages'])
        # last=0: the whole chat at once, without waiting
        status, polled = self.api('/livechat/poll', {'last': 0}, started['secret'])
        self.assertEqual(status, 200, polled)
        self.assertEqual(polled['messages'], before['messages'])
