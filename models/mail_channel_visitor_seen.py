"""Read receipts, the operator's side: the last operator message that the
visitor's widget showed in its open window on a visible page. Kept on the
session, it only ever moves forward; the session's users hear of each move on
their live chat bus channel and their chat window writes "Seen" under it."""
from odoo import api, fields, models

from .mail_channel import SESSION_TYPE


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    livechat_visitor_seen_id = fields.Integer(
        'Last Message Seen by the Visitor', readonly=True, copy=False,
        help='The last operator message the visitor had in view (read receipts).')

    @api.multi
    def _livechat_visitor_saw(self, message_id):
        """Moves the mark to ``message_id``, an operator's message of this
        session, when it is newer. None when it is no such message; else
        whether the mark moved."""
        self.ensure_one()
        cr = self.env.cr
        cr.execute("""SELECT 1 FROM mail_message
                       WHERE id = %s AND model = 'mail.channel' AND res_id = %s
                         AND author_id IS NOT NULL""", (message_id, self.id))
        if not cr.fetchone():
            return None
        cr.execute("""UPDATE mail_channel SET livechat_visitor_seen_id = %s
                       WHERE id = %s AND channel_type = %s
                         AND coalesce(livechat_visitor_seen_id, 0) < %s""",
                   (message_id, self.id, SESSION_TYPE, message_id))
        if not cr.rowcount:
            return False
        self.invalidate_cache(['livechat_visitor_seen_id'], self.ids)
        self._livechat_notify_colleagues({'type': 'visitor_seen', 'message_id': message_id})
        return True

    @api.multi
    def livechat_visitor_info(self):
        info = super().livechat_visitor_info()
        if info:
            info['seen_message_id'] = self.sudo().livechat_visitor_seen_id
        return info
