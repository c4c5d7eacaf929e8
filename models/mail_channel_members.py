"""An operator's long poll listens to the sessions that may still bring news.

Under context key ``livechat_listening`` (the operator's poll, see
controllers/bus.py) a search of the user's channels by membership leaves out
the sessions of ours that ended and that the member has unpinned (the
housekeeping cron unpins them a day after the end): nothing more comes to
them, and an operator who answered thousands of chats would otherwise listen
to each of them on every wake (bench/operator_poll_growth.py).

platform/bus_speedup also rewrites that leaf, for every search: this override
comes first (livechat sits deeper in Odoo's module graph than bus_speedup, so
its class is above in the MRO); were it not, the put-away sessions would be
listened to again, slower but not wrong."""
from odoo import api, models

from .mail_channel import SESSION_TYPE

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
        if self.env.context.get('livechat_listening'):
            args = [self._livechat_listened(leaf) for leaf in args]
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    def _livechat_listened(self, leaf):
        """mail's poll's ('channel_partner_ids', 'in', [partner]) -> ('id',
        'in', the channels listened to); any other leaf as it is."""
        if not (isinstance(leaf, (list, tuple)) and len(leaf) == 3
                and tuple(leaf[:2]) == ('channel_partner_ids', 'in') and isinstance(leaf[2], list)
                and leaf[2] and all(type(partner) is int for partner in leaf[2])):
            return leaf
        self.env.cr.execute(_LISTENED, {'partners': tuple(leaf[2]), 'type': SESSION_TYPE})
        return ('id', 'in', [row[0] for row in self.env.cr.fetchall()])
