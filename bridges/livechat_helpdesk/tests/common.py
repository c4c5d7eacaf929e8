from odoo.tests.common import TransactionCase


class HelpdeskLivechatCase(TransactionCase):

    def setUp(self):
        super(HelpdeskLivechatCase, self).setUp()
        Users = self.env['res.users'].with_context(no_reset_password=True)
        groups = [(6, 0, [self.env.ref('base.group_user').id,
                          self.env.ref('helpdesk_mgmt.group_helpdesk_user').id])]
        self.alice = Users.create({'name': 'Alice Agent', 'login': 'hd_alice',
                                   'email': 'alice@example.com', 'groups_id': groups})
        self.bob = Users.create({'name': 'Bob Agent', 'login': 'hd_bob',
                                 'email': 'bob@example.com', 'groups_id': groups})
        self.carol = Users.create({'name': 'Carol Agent', 'login': 'hd_carol',
                                   'email': 'carol@example.com', 'groups_id': groups})
        self.team = self.env['helpdesk.ticket.team'].create({
            'name': 'Printer Support', 'user_ids': [(6, 0, (self.alice | self.bob).ids)]})

    def operators(self, channel, active=True):
        ops = self.env['livechat.operator'].with_context(active_test=False).search(
            [('channel_id', '=', channel.id)])
        return ops.filtered(lambda op: op.active == active)
