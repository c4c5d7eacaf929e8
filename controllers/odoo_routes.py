"""Odoo's own public routes that find a chat by its uuid alone: our sessions
answer only through /livechat/ (secret, rate limits, length limits), so to
these routes they do not exist. The operator's backend does not use them (it
posts and reads through the ORM: message_post, channel_fetch_message)."""
from odoo.http import request, route

from odoo.addons.im_livechat.controllers.main import LivechatController
from odoo.addons.mail.controllers.bus import MailChatController

from ..models.mail_channel import SESSION_TYPE


def _other_channel(uuid):
    """True when ``uuid`` names a channel that is not one of our sessions.
    False too for no channel at all: Odoo's chat_post would then write a
    message attached to nothing."""
    channel = request.env['mail.channel'].sudo().search([('uuid', '=', uuid)], limit=1)
    return bool(channel) and channel.channel_type != SESSION_TYPE


class OdooChatRoutes(MailChatController):

    @route()
    def mail_chat_post(self, uuid, message_content, **kwargs):
        if not _other_channel(uuid):
            return False  # what Odoo answers when nothing was posted
        return super().mail_chat_post(uuid, message_content, **kwargs)

    @route()
    def mail_chat_history(self, uuid, last_id=False, limit=20):
        if not _other_channel(uuid):
            return []  # what Odoo answers for an unknown uuid
        return super().mail_chat_history(uuid, last_id, limit)


class OdooLivechatRoutes(LivechatController):
    """Odoo's im_livechat (when installed) rates and sends page histories by uuid."""

    @route()
    def feedback(self, uuid, rate, reason=None, **kwargs):
        if not _other_channel(uuid):
            return False
        return super().feedback(uuid, rate, reason, **kwargs)

    @route()
    def history_pages(self, pid, channel_uuid, page_history=None):
        if not _other_channel(channel_uuid):
            return True  # what Odoo answers whether or not it found the chat
        return super().history_pages(pid, channel_uuid, page_history)
