"""A shorter way for the messages of visitor sessions to reach the operator.

Odoo's ``mail.message._notify`` searches the document's followers, writes the
channels and partners to notify back onto the message, and broadcasts to the
inbox of the partners found, formatting the message for it even when there are
none. A session's only follower is the session itself (nobody can follow it),
so for its messages all of that comes down to broadcasting on the session:
done here directly, through the session's own ``_notify`` (so every module's
additions to a channel broadcast still apply). Anything else, e.g. a session
somebody was made to follow, takes Odoo's way.

The broadcast carries the message in the web client's format; for such a plain
message that format is built from the message itself instead of Odoo's dozen
queries (tests compare both)."""
from odoo import api, models, modules

from .mail_channel import SESSION_TYPE


class MailMessage(models.Model):
    _inherit = 'mail.message'

    @api.multi
    def _notify(self, force_send=False, send_after_commit=True, user_signature=True):
        session = self._livechat_session_to_notify()
        if not session:
            return super()._notify(force_send=force_send, send_after_commit=send_after_commit,
                                   user_signature=user_signature)
        session._notify(self.with_context(livechat_plain_message=self.id))
        return True

    @api.multi
    def message_format(self):
        if len(self) == 1 and self.env.context.get('livechat_plain_message') == self.id:
            return [self._livechat_plain_message_format()]
        return super().message_format()

    def _livechat_plain_message_format(self):
        """``message_format()`` of a plain message of a session (see
        _livechat_session_to_notify): its only channel is the session, it has no
        recipient, attachment or tracked value."""
        message = self.sudo()
        subtype = message.subtype_id
        model = self.env[message.model]
        return {
            'id': message.id, 'body': message.body, 'date': message.date,
            'author_id': message.author_id.name_get()[0] if message.author_id
            else (0, message.email_from),
            'email_from': message.email_from, 'message_type': message.message_type,
            'subtype_id': subtype.name_get()[0] if subtype else False,
            'subject': message.subject, 'model': message.model, 'res_id': message.res_id,
            'record_name': message.record_name, 'channel_ids': [message.res_id],
            'partner_ids': [], 'starred_partner_ids': [], 'needaction_partner_ids': [],
            'attachment_ids': [], 'tracking_value_ids': [],
            # Odoo's status of no customer e-mail at all
            'customer_email_status': 'sent', 'customer_email_data': [],
            'is_note': subtype.internal if subtype else False,
            'subtype_description': subtype.description if subtype else False,
            'module_icon': modules.module.get_module_icon(model._original_module),
        }

    def _livechat_session_to_notify(self):
        """The session this message only has to be broadcast on, or None when
        Odoo's full notification is needed. One query: the message is the
        session's, a plain one (its only channel is the session; no recipient,
        attachment or tracked value), and nobody but the session itself follows
        the session for the message's subtype."""
        if len(self) != 1 or self.model != 'mail.channel' or not self.res_id:
            return None
        message = self.sudo()
        # a partner's follower row has no channel_id: NULL, hence IS NOT DISTINCT
        self.env.cr.execute("""
            SELECT bool_and(f.channel_id IS NOT DISTINCT FROM c.id)
                   AND bool_or(f.channel_id = c.id AND EXISTS (
                       SELECT 1 FROM mail_followers_mail_message_subtype_rel r
                        WHERE r.mail_followers_id = f.id
                          AND r.mail_message_subtype_id = %(subtype)s))
                   AND ARRAY(SELECT mail_channel_id FROM mail_message_mail_channel_rel
                              WHERE mail_message_id = %(message)s) = ARRAY[%(session)s]
                   AND NOT EXISTS (SELECT 1 FROM mail_message_res_partner_rel
                                    WHERE mail_message_id = %(message)s)
                   AND NOT EXISTS (SELECT 1 FROM message_attachment_rel
                                    WHERE message_id = %(message)s)
                   AND NOT EXISTS (SELECT 1 FROM mail_tracking_value
                                    WHERE mail_message_id = %(message)s)
              FROM mail_channel c
              JOIN mail_followers f ON f.res_model = 'mail.channel' AND f.res_id = c.id
             WHERE c.id = %(session)s AND c.channel_type = %(type)s
        """, {'subtype': message.subtype_id.id or 0, 'message': message.id,
              'session': message.res_id, 'type': SESSION_TYPE})
        row = self.env.cr.fetchone()
        return message.env['mail.channel'].browse(message.res_id) if row and row[0] else None
