import odoo
from odoo import api
from odoo.http import request

from odoo.addons.mail.controllers.bus import MailChatController


def _announces_a_channel(notifications, partner_channel):
    """Whether a channel was opened to the user: mail's channel header sent on
    the user's partner channel (mail.channel._broadcast)."""
    return any(notification['channel'] == partner_channel
               and isinstance(notification['message'], dict)
               and 'channel_type' in notification['message']
               for notification in notifications)


class LivechatOperatorBus(MailChatController):
    """Logged-in users also listen to their own live chat events (visitor typing,
    page changes, session ended, rating) on (db, 'livechat.operator', uid).

    The user's channels that mail's poll adds leave out the sessions that ended
    and that the user no longer has in Discuss (models/mail_channel_members.py):
    nothing more comes to them, and an operator who answered thousands of
    chats would otherwise listen to each of them on every poll.

    Mail's poll reads the channels the user had when it started. A session's
    window is opened in the same transaction as the visitor's first message
    (mail.channel._livechat_announce_to_operator): a poll that woke on the
    announcement would answer without that message, with the rows of other
    sessions of higher ids, and its next poll would start after them. So when
    an answer opens a channel, the poll reads again from the same ``last`` over
    the user's channels as they are now (bus ids follow commit order: the
    message is read with them)."""

    def _poll(self, dbname, channels, last, options):
        if not request.session.uid:
            return super()._poll(dbname, channels, last, options)
        channels = list(channels) + [(request.db, 'livechat.operator', request.session.uid)]
        request.context = dict(request.context, livechat_listening=True)
        uid, context = request.session.uid, request.context
        partner_channel = [dbname, 'res.partner', request.env.user.partner_id.id]
        notifications = super()._poll(dbname, channels, last, options)
        if _announces_a_channel(notifications, partner_channel):
            notifications = self._poll_again(dbname, uid, context, channels, last, options)
        return notifications

    def _poll_again(self, dbname, uid, context, channels, last, options):
        with odoo.registry(dbname).cursor() as cr:
            env = api.Environment(cr, uid, context)
            partner_id = env.user.partner_id.id
            # the channels mail's poll adds (mail/controllers/bus.py), read now
            joined = env['mail.channel'].search([('channel_partner_ids', 'in', [partner_id])])
            channels = channels + [(dbname, 'mail.channel', channel_id)
                                   for channel_id in joined.ids]
            channels += [(dbname, 'res.partner', partner_id), (dbname, 'ir.needaction', partner_id)]
            return env['bus.bus'].poll(channels, last, options)
