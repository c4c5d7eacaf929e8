"""Continue by e-mail: an operator's message to a visitor who left (their
widget stopped polling) goes to the e-mail address they gave in this chat, and
their answer by e-mail comes back into the session as their message.

No relay: what is mailed is only the operator's words, to the one address
given in this session; an answer is taken only from that address."""
import datetime
import logging

from markupsafe import Markup

from odoo import _, api, fields, models, tools

from ..logic.text import reply_text
from .mail_channel import SESSION_TYPE

_logger = logging.getLogger(__name__)
# a visitor's widget renews its poll well within this (controllers/json_api.py POLL_SECONDS)
AWAY_AFTER = datetime.timedelta(minutes=3)


class LivechatChannel(models.Model):
    _inherit = 'livechat.channel'

    email_continuation = fields.Boolean(
        'Continue by E-mail', default=True,
        help="When the visitor left and gave an e-mail address in the chat, the operators' "
             "messages go to it by e-mail, and the visitor's answer comes back into the chat.")


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    livechat_visitor_polled_at = fields.Datetime(
        'Visitor Last Connected', readonly=True, copy=False,
        help="When the visitor's widget last asked for news (renewed every minute).")

    def _livechat_visitor_polls(self):
        """The visitor's widget asks for news: noted once a minute at most.
        True when written (the caller commits before its poll waits)."""
        self.env.cr.execute("""
            UPDATE mail_channel SET livechat_visitor_polled_at = now() at time zone 'UTC'
             WHERE id = %s AND (livechat_visitor_polled_at IS NULL OR livechat_visitor_polled_at
                                < now() at time zone 'UTC' - interval '1 minute')""", (self.id,))
        self.invalidate_cache(['livechat_visitor_polled_at'], self.ids)
        return bool(self.env.cr.rowcount)

    def _livechat_visitor_left(self):
        """Their widget polled, then stopped (a chat never polled, from the
        API alone, has no one to have left)."""
        polled = self.livechat_visitor_polled_at
        return bool(polled) and fields.Datetime.from_string(polled) \
            < datetime.datetime.utcnow() - AWAY_AFTER

    @api.multi
    @api.returns('mail.message', lambda value: value.id)
    def message_post(self, *args, **kwargs):
        if len(self) == 1 and self.channel_type == SESSION_TYPE \
                and kwargs.get('message_type') == 'email':
            # the mail gateway routed an e-mail here (an answer to one of ours)
            return self._livechat_take_email_answer(kwargs)
        message = super().message_post(*args, **kwargs)
        if len(self) == 1 and self.channel_type == SESSION_TYPE and message \
                and message.message_type == 'comment' and message.author_id:
            self.sudo()._livechat_mail_visitor(message)
        return message

    def _livechat_mail_visitor(self, message):
        """``message``, an operator's, to the visitor who left: one e-mail each,
        sent as the message itself (its Message-Id), so that their answer is
        routed back here."""
        if not (self.chat_channel_id.email_continuation and self.visitor_email
                and self.livechat_state == 'open' and self._livechat_visitor_left()):
            return
        # from the company of the operator who wrote, never from the operator's
        # own address: the visitor gets no private address, and answers it not
        sender = self.chat_channel_id.sudo(message.create_uid.id)._livechat_company_sender()
        if not sender:
            _logger.warning('livechat: no company e-mail address, session %s not mailed', self.id)
            return
        self._livechat_in_visitor_lang()._livechat_queue_visitor_mail(message, sender)

    def _livechat_queue_visitor_mail(self, message, sender):
        """The e-mail of ``message`` to the visitor, in this record's language."""
        # the subject goes on the message too: Discuss shows which went by e-mail
        self.env['mail.mail'].create({
            'mail_message_id': message.id,
            'subject': _('Your chat with %s') % self.chat_channel_id.name,
            'email_from': sender,
            # the catchall when there is one, else the company's address: the
            # answer comes back by its In-Reply-To wherever the gateway fetches it
            'reply_to': self.message_get_reply_to([self.id], default=sender)[self.id],
            'email_to': self.visitor_email,
            'body_html': Markup(
                '<p>%s</p><blockquote>%s</blockquote><p>%s</p>') % (
                _('%s wrote in your chat:') % message.author_id.name,
                Markup(message.body or ''),
                _('Answer this e-mail to go on with the chat.')),
            'auto_delete': True,
        })

    def _livechat_take_email_answer(self, values):
        """The visitor's answer by e-mail, posted as their message when it comes
        from the address they gave in this open chat; else dropped (logged)."""
        sender = tools.email_split((values.get('email_from') or '').lower())
        session = self.sudo()
        text = reply_text(values.get('body'))
        if not (session.chat_channel_id.email_continuation and session.livechat_state == 'open'
                and session.visitor_email and sender == [session.visitor_email.lower()]
                and text):
            _logger.info('livechat: e-mail answer to session %s dropped (sender %s)',
                         self.id, sender)
            return self.env['mail.message']
        # as long as the widget lets a message be: a long footer or a pasted log is cut
        return self._livechat_post_visitor_message(
            text[:self._livechat_max_message_length()].rstrip())

