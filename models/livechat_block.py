from datetime import datetime, timedelta

from odoo import api, fields, models

from ..logic.block import DURATIONS, visitor_key
from ..logic.tokens import parse_secret

LIFTED_KEPT_DAYS = 30
# in force for this address or for the visitor of this chat
BLOCKED_QUERY = """
    SELECT 1 FROM livechat_block
     WHERE active AND (until IS NULL OR until > now() at time zone 'UTC')
       AND visitor_key IN (%s, (SELECT visitor_ip_key FROM mail_channel WHERE id = %s))
     LIMIT 1"""


class LivechatBlock(models.Model):
    """A visitor an operator blocked: refused by every public route until
    ``until`` (or for good), on every channel. One row per blocked address
    (its keyed hash): the visitor API's check is one lookup in a unique
    index, in PostgreSQL, so every worker and server sees a block at once."""
    _name = 'livechat.block'
    _description = 'Blocked Live Chat Visitor'
    _order = 'create_date desc, id desc'
    _rec_name = 'visitor_name'

    visitor_key = fields.Char(required=True, readonly=True, groups='base.group_system',
                              help='Keyed hash of the address (the address is not stored).')
    session_id = fields.Many2one('mail.channel', 'Chat', readonly=True, ondelete='set null')
    # copied: the list still says whom and where after the chat is removed
    visitor_name = fields.Char('Visitor', readonly=True)
    chat_channel_name = fields.Char('Channel', readonly=True)
    reason = fields.Text(required=True, readonly=True)
    duration = fields.Selection([('1h', '1 hour'), ('1d', '1 day'), ('7d', '7 days'),
                                 ('30d', '30 days'), ('permanent', 'Until lifted')],
                                required=True, readonly=True)
    until = fields.Datetime('Blocked Until', readonly=True,
                            help='Empty: until an administrator lifts the block.')
    blocked_by_id = fields.Many2one('res.users', readonly=True)
    active = fields.Boolean(default=True, help='Archive the block to lift it.')

    @api.model_cr
    def init(self):
        # the one lookup of every visitor request; lifted rows are history
        self._cr.execute('CREATE UNIQUE INDEX IF NOT EXISTS livechat_block_active_key_idx'
                         ' ON livechat_block (visitor_key) WHERE active')

    @api.model
    def _visitor_key(self, address):
        secret = self.env['ir.config_parameter'].sudo().get_param('database.secret')
        return visitor_key(address, secret)

    @api.model
    def _blocks(self, address, secret_header=''):
        """Whether the visitor at ``address``, or the one whose chat the
        secret header names (whatever address they now come from), is
        blocked: one statement, two probes of the unique index."""
        key = self._visitor_key(address)
        parsed = parse_secret(secret_header)
        if not key and not parsed:
            return False
        self.env.cr.execute(BLOCKED_QUERY, (key, parsed[0] if parsed else None))
        return bool(self.env.cr.fetchone())

    @api.model
    def _block_session(self, session, duration, reason):
        """Block the visitor of ``session`` (checked by the caller) and end the
        chat; returns the block, or None when the visitor's address is not
        known (a chat from before blocking existed)."""
        key = session.sudo().visitor_ip_key
        if not key:
            return None
        hours = DURATIONS[duration]
        until = hours and datetime.utcnow() + timedelta(hours=hours)
        # a block expired but not yet collected by the cron would hold the key
        self.sudo().search([('visitor_key', '=', key)]).write({'active': False})
        block = self.sudo().create({
            'visitor_key': key, 'session_id': session.id, 'visitor_name': session.visitor_name,
            'chat_channel_name': session.chat_channel_id.name, 'reason': reason,
            'duration': duration, 'blocked_by_id': self.env.uid,
            'until': until and fields.Datetime.to_string(until),
        })
        session.livechat_close()
        return block

    @api.multi
    def action_lift(self):
        return self.write({'active': False})

    @api.model
    def _gc_blocks(self):
        """Cron: expired blocks are no use; lifted ones are kept a while for
        the record (who blocked whom and why)."""
        self.env.cr.execute("""
            DELETE FROM livechat_block
             WHERE until < now() at time zone 'UTC'
                OR (NOT active AND write_date < now() at time zone 'UTC' - interval '%s days')
        """, (LIFTED_KEPT_DAYS,))
