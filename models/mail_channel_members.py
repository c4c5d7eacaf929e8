"""A user's channels, found by membership first.

Every long poll of every logged-in user asks for the user's channels (mail's
bus controller: ``search([('channel_partner_ids', 'in', [partner])])``).
PostgreSQL plans that membership sub-select together with mail.channel's access
rule, and when the user's newest channel is newer than the table's statistics
(a session that just started), it walked the whole table through its primary
key, testing the rule on every row: 1.1 s per poll with 2 million past
sessions, for ours and im_livechat's operators alike. Here such a leaf becomes
the ids it stands for, read from the membership table first, so that the rule
is tested on those rows only.

For a long poll (context key ``livechat_listening``, see controllers/bus.py)
the sessions of ours that ended and that the member has unpinned (the
housekeeping cron unpins them a day after the end) are left out: with 10,000
past sessions of an operator, the poll's lookup and bus query take 30–38 ms
per wake instead of about 160 ms (bench/operator_poll_growth.py)."""
from odoo import api, models

from .mail_channel import SESSION_TYPE

_JOINED = 'SELECT DISTINCT channel_id FROM mail_channel_partner WHERE partner_id IN %(partners)s'
_LISTENED = """
    SELECT DISTINCT m.channel_id FROM mail_channel_partner m
     WHERE m.partner_id IN %(partners)s
       AND (m.is_pinned OR NOT EXISTS (
            SELECT 1 FROM mail_channel c WHERE c.id = m.channel_id
               AND c.channel_type = %(type)s AND c.livechat_state = 'closed'))"""


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        args = [self._livechat_membership_as_ids(leaf) for leaf in args]
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    def _livechat_membership_as_ids(self, leaf):
        """('channel_partner_ids', 'in', partner ids) -> ('id', 'in', their
        channels); any other leaf or operator as it is."""
        if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3
                and leaf[0] == 'channel_partner_ids' and leaf[1] == 'in'
                and isinstance(leaf[2], (list, tuple))
                and all(type(partner) is int for partner in leaf[2])):  # not bool, not str
            return leaf
        channel_ids = []
        if leaf[2]:
            # only a poll looks past the membership, at the session's state
            self.env.cr.execute(_LISTENED if self.env.context.get('livechat_listening')
                                else _JOINED, {'partners': tuple(leaf[2]), 'type': SESSION_TYPE})
            channel_ids = [row[0] for row in self.env.cr.fetchall()]
        return ('id', 'in', channel_ids)
