"""A shorter way for the messages of visitor sessions to reach the operator.

Odoo's ``mail.message._notify`` searches the document's followers, writes the
channels and partners to notify back onto the message, and broadcasts to the
inbox of the partners found, formatting the message for it even when there are
none. A session's only follower is the session itself (nobody can follow it),
so for its messages all of that comes down to broadcasting on the session:
done here directly, through the session's own ``_notify`` (so every module's
additions to a channel broadcast still apply). Anything else, e.g. a session
somebody was made to follow, takes Odoo's way.

The broadcast carries the message in the web client's format; for a message
just posted, without attachments or recipients, that format is built from the
message itself instead of Odoo's dozen queries (tests compare both)."""
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
        session._notify(self.with_context(livechat_new_message=True))
        return True

    @api.multi
    def message_format(self):
        if self.env.context.get('livechat_new_message') and len(self) == 1:
            formatted = self._livechat_new_message_format()
            if formatted:
                return [formatted]
        return super().message_format()

    def _livechat_new_message_format(self):
        """``message_format()`` of a message just posted on a session, or None
        when it has what only Odoo's format handles (attachments, recipients,
        tracked values)."""
        message = self.sudo()
        self.env.cr.execute("""
            SELECT EXISTS (SELECT 1 FROM message_attachment_rel WHERE message_id = %(id)s)
                OR EXISTS (SELECT 1 FROM mail_message_res_partner_rel
                            WHERE mail_message_id = %(id)s)
                OR EXISTS (SELECT 1 FROM mail_tracking_value WHERE mail_message_id = %(id)s)
        """, {'id': message.id})
        if self.env.cr.fetchone()[0]:
            return None
        subtype = message.subtype_id
        model = self.env[message.model]
        return {
            'id': message.id, 'body': message.body, 'date': message.date,
            'author_id': message.author_id.name_get()[0] if message.author_id
            else (0, message.email_from),
            'email_from': message.email_from, 'message_type': message.message_type,
            'subtype_id': subtype.name_get()[0] if subtype else False,
            'subject': message.subject, 'model': message.model, 'res_id': message.res_id,
            'record_name': message.record_name, 'channel_ids': message.channel_ids.ids,
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
        Odoo's full notification is needed."""
        if len(self) != 1 or self.model != 'mail.channel' or not self.res_id:
            return None
        message = self.sudo()
        if message.partner_ids or message.channel_ids.ids != [message.res_id]:
            return None
        # one query: the session follows itself for this subtype, and nobody else
        # follows it (a partner's row has no channel_id: NULL, hence IS NOT DISTINCT)
        self.env.cr.execute("""
            SELECT bool_and(f.channel_id IS NOT DISTINCT FROM c.id)
                   AND bool_or(f.channel_id = c.id AND EXISTS (
                       SELECT 1 FROM mail_followers_mail_message_subtype_rel r
                        WHERE r.mail_followers_id = f.id AND r.mail_message_subtype_id = %s))
              FROM mail_channel c
              JOIN mail_followers f ON f.res_model = 'mail.channel' AND f.res_id = c.id
             WHERE c.id = %s AND c.channel_type = %s
        """, (message.subtype_id.id or 0, message.res_id, SESSION_TYPE))
        row = self.env.cr.fetchone()
        return message.channel_ids if row and row[0] else None
