"""A user's channels, found by membership first.

Every long poll of every logged-in user asks for the user's channels (mail's
bus controller: ``search([('channel_partner_ids', 'in', [partner])])``).
PostgreSQL plans that membership sub-select together with mail.channel's access
rule, and when the user's newest channel is newer than the table's statistics
(a session that just started), it walked the whole table through its primary
key, testing the rule on every row. Here such a leaf becomes the ids it stands
for, read from the membership table first, so that the rule is tested on those
rows only."""
from odoo import api, models


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        args = [self._membership_as_ids(leaf) for leaf in args]
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    def _membership_as_ids(self, leaf):
        """('channel_partner_ids', 'in', partner ids) -> ('id', 'in', their
        channels); any other leaf or operator as it is."""
        if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3
                and leaf[0] == 'channel_partner_ids' and leaf[1] == 'in'
                and isinstance(leaf[2], (list, tuple))
                and all(type(partner) is int for partner in leaf[2])):  # not bool, not str
            return leaf
        channel_ids = []
        if leaf[2]:
            self.env.cr.execute('SELECT DISTINCT channel_id FROM mail_channel_partner'
                                ' WHERE partner_id IN %s', [tuple(leaf[2])])
            channel_ids = [row[0] for row in self.env.cr.fetchall()]
        return ('id', 'in', channel_ids)
