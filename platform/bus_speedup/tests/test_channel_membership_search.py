"""Searching channels by member (every logged-in user's long poll does) finds
the same channels as Odoo's own sub-select, access rule included
(models/mail_channel.py)."""
from odoo.tests import common


class TestChannelMembershipSearch(common.TransactionCase):

    def setUp(self):
        super().setUp()
        employee = self.env.ref('base.group_user')
        self.user = self.env['res.users'].create({
            'name': 'Meri Member', 'login': 'meri.member@example.com',
            'groups_id': [(6, 0, [employee.id])]})
        partner = self.user.partner_id
        channels = self.env['mail.channel'].with_context(mail_create_nosubscribe=True)
        self.public = channels.create({'name': 'public, member', 'public': 'public',
                                       'channel_partner_ids': [(4, partner.id)]})
        self.private = channels.create({'name': 'private, member', 'public': 'private',
                                        'channel_partner_ids': [(4, partner.id)]})
        self.hidden = channels.create({'name': 'private, not a member', 'public': 'private'})
        # a member outside the channel's group: mail.channel's rule hides it from them
        self.hidden |= channels.create({'name': 'groups, member outside', 'public': 'groups',
                         'group_public_id': self.env.ref('base.group_system').id,
                         'channel_partner_ids': [(4, partner.id)]})

    def odoo_sub_select(self, domain):
        """The ids Odoo's own many2many sub-select gives, the rule applied."""
        query = self.env['mail.channel'].sudo(self.user)._where_calc(domain)
        self.env['mail.channel'].sudo(self.user)._apply_ir_rules(query, 'read')
        tables, where, params = query.get_sql()
        self.cr.execute('SELECT mail_channel.id FROM %s WHERE %s' % (tables, where), params)
        return {row[0] for row in self.cr.fetchall()}

    def test_member_search_finds_what_odoo_finds(self):
        domain = [('channel_partner_ids', 'in', [self.user.partner_id.id])]
        found = self.env['mail.channel'].sudo(self.user).search(domain)
        self.assertEqual(set(found.ids), self.odoo_sub_select(domain))
        self.assertEqual(found & (self.public | self.private | self.hidden),
                         self.public | self.private)  # new employees also join #general

    def test_leaf_becomes_ids_inside_any_domain(self):
        channels = self.env['mail.channel'].sudo(self.user)
        partner = self.user.partner_id.id
        mine = channels.search([('channel_partner_ids', 'in', [partner])])
        self.assertEqual(channels.search(['|', ('channel_partner_ids', 'in', [partner]),
                                          ('name', '=', 'private, not a member')]), mine)
        self.assertEqual(channels.search([('channel_partner_ids', 'in', [partner]),
                                          ('name', '=like', 'public%')]), self.public)
        self.assertFalse(channels.search([('channel_partner_ids', 'in', [])]))
        self.assertEqual(channels._membership_as_ids(
            ('channel_partner_ids', 'in', [partner]))[:2], ('id', 'in'))
        # anything else is left to Odoo
        for leaf in (('channel_partner_ids', 'not in', [partner]),
                     ('channel_partner_ids', 'in', 'Meri'), ('channel_partner_ids', 'in', [True]),
                     ('channel_partner_ids', '=', partner), '|'):
            self.assertEqual(channels._membership_as_ids(leaf), leaf)
