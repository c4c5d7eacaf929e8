"""Who may read and change channel configuration: every denial asserted."""
from odoo.exceptions import AccessError, ValidationError

from .common import LivechatUsersCase

MODELS = ['livechat.channel', 'livechat.channel.rule', 'livechat.operator']


class TestChannelAccess(LivechatUsersCase):

    def setUp(self):
        super(TestChannelAccess, self).setUp()
        self.rule = self.env['livechat.channel.rule'].create(
            {'channel_id': self.channel.id, 'url_regex': '/shop'})
        self.channel.write({'user_ids': [(4, self.operator.id), (4, self.operator2.id)]})
        operators = self.channel.operator_ids
        self.own = operators.filtered(lambda op: op.user_id == self.operator)
        self.others = operators.filtered(lambda op: op.user_id == self.operator2)

    def records(self, user):
        return {'livechat.channel': self.channel.sudo(user),
                'livechat.channel.rule': self.rule.sudo(user),
                'livechat.operator': self.own.sudo(user)}

    def assertDenied(self, call, what):
        with self.assertRaises(AccessError, msg=what), self.cr.savepoint():
            call()

    def test_no_access_without_group(self):
        for user in (self.employee, self.portal, self.public):
            for model, record in self.records(user).items():
                what = '%s on %s' % (user.login, model)
                self.assertDenied(lambda: record.read(['id']), 'read ' + what)
                self.assertDenied(lambda: record.env[model].search([]), 'search ' + what)
                self.assertDenied(lambda: record.write({'sequence': 1} if 'rule' in model
                                                       else {'active': False}), 'write ' + what)
                self.assertDenied(lambda: record.unlink(), 'unlink ' + what)
            self.assertDenied(lambda: self.env['livechat.channel'].sudo(user).create(
                {'name': 'X'}), 'create channel ' + user.login)

    def test_operator_reads_configuration(self):
        records = self.records(self.operator)
        self.assertEqual(records['livechat.channel'].name, 'Support')
        self.assertEqual(records['livechat.channel.rule'].url_regex, '/shop')
        self.assertEqual(len(self.channel.sudo(self.operator).operator_ids), 3)

    def test_operator_reads_rules_and_statistics_of_own_channels_only(self):
        other = self.env['livechat.channel'].create({'name': 'Sales'})
        hidden = self.env['livechat.channel.rule'].create(
            {'channel_id': other.id, 'url_regex': '/secret-launch'})
        self.env['mail.channel'].create({
            'name': 'Sales chat', 'channel_type': 'livechat_visitor', 'public': 'private',
            'chat_channel_id': other.id, 'chat_operator_id': self.manager.id})
        rules = self.env['livechat.channel.rule'].sudo(self.operator)
        self.assertEqual(rules.search([]), self.rule)
        self.assertDenied(lambda: hidden.sudo(self.operator).read(['url_regex']),
                          'read a rule of a channel the operator does not serve')
        self.assertEqual(other.sudo(self.operator).name, 'Sales', 'the card, to join it')
        self.assertFalse(other.sudo(self.operator).rule_ids)
        report = self.env['livechat.session.report']
        self.assertFalse(report.sudo(self.operator).search([('channel_id', '=', other.id)]))
        self.assertTrue(report.sudo(self.manager).search([('channel_id', '=', other.id)]))
        self.assertEqual(rules.sudo(self.manager).search([('id', '=', hidden.id)]), hidden)

    def test_operator_cannot_configure(self):
        channel = self.channel.sudo(self.operator)
        rule = self.rule.sudo(self.operator)
        self.assertDenied(lambda: channel.write({'name': 'Mine'}), 'write channel')
        self.assertDenied(lambda: channel.write({'welcome_message': 'Hi'}), 'write message')
        self.assertDenied(lambda: channel.env['livechat.channel'].create({'name': 'New'}),
                          'create channel')
        self.assertDenied(lambda: channel.unlink(), 'unlink channel')
        self.assertDenied(lambda: rule.write({'url_regex': '/'}), 'write rule')
        self.assertDenied(lambda: rule.env['livechat.channel.rule'].create(
            {'channel_id': self.channel.id}), 'create rule')
        self.assertDenied(lambda: rule.unlink(), 'unlink rule')
        self.assertDenied(lambda: channel.write({'user_ids': [(4, self.employee.id)]}),
                          'add operator through the channel')

    def test_operator_edits_only_own_operator_record(self):
        own = self.own.sudo(self.operator)
        own.write({'active': False, 'max_concurrent_chats': 2})
        self.assertEqual((own.active, own.max_concurrent_chats), (False, 2))
        others = self.others.sudo(self.operator)
        self.assertDenied(lambda: others.write({'max_concurrent_chats': 9}), 'write others')
        self.assertDenied(lambda: others.write({'active': False}), 'deactivate others')
        self.assertDenied(lambda: own.write({'user_id': self.operator2.id}), 'reassign own')
        self.assertDenied(lambda: own.write({'channel_id': self.env.ref(
            'livechat.default_channel').id}), 'move own')
        self.assertDenied(lambda: own.env['livechat.operator'].create(
            {'channel_id': self.channel.id, 'user_id': self.employee.id}), 'create operator')
        self.assertDenied(lambda: others.unlink(), 'unlink others')
        self.assertDenied(lambda: own.unlink(), 'unlink own (leave instead)')

    def test_portal_user_cannot_be_made_operator(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.channel.sudo(self.manager).write({'user_ids': [(4, self.portal.id)]})
        self.assertFalse(self.portal.has_group('livechat.group_livechat_operator'))

    def test_manager_configures_everything(self):
        channel = self.env['livechat.channel'].sudo(self.manager).create({'name': 'Sales'})
        channel.write({'welcome_message': 'Welcome', 'user_ids': [(4, self.operator.id)],
                       'rule_ids': [(0, 0, {'action': 'hide', 'url_regex': '/jobs'})]})
        self.assertEqual(channel.rule_ids.action, 'hide')
        operator = channel.operator_ids.filtered(lambda op: op.user_id == self.operator)
        operator.write({'max_concurrent_chats': 7})
        self.others.sudo(self.manager).write({'active': False})
        channel.rule_ids.unlink()
        channel.unlink()
        self.assertFalse(channel.exists())


class TestAccessLines(LivechatUsersCase):

    def test_one_live_line_per_model_and_group(self):
        """security/ir.model.access.csv: each line grants something that no other
        line of the same model and group grants already."""
        data = self.env['ir.model.data'].search(
            [('module', '=', 'livechat'), ('model', '=', 'ir.model.access')])
        lines = self.env['ir.model.access'].browse(data.mapped('res_id'))
        perms = ('perm_read', 'perm_write', 'perm_create', 'perm_unlink')
        for line in lines:
            key = (line.model_id, line.group_id)
            same = lines.filtered(lambda other: other != line and
                                  (other.model_id, other.group_id) == key)
            granted = {perm for perm in perms if line[perm]}
            elsewhere = {perm for perm in perms for other in same if other[perm]}
            self.assertTrue(granted - elsewhere, '%s gives nothing of its own' % line.name)
