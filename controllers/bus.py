from odoo.http import request

from odoo.addons.mail.controllers.bus import MailChatController


class LivechatOperatorBus(MailChatController):
    """Logged-in users also listen to their own live chat events (visitor typing,
    page changes, session ended, rating) on (db, 'livechat.operator', uid).

    The user's channels that mail's poll adds leave out the sessions that ended
    and that the user no longer has in Discuss (models/mail_channel_members.py):
    nothing more comes to them, and an operator who answered thousands of
    chats would otherwise listen to each of them on every poll."""

    def _poll(self, dbname, channels, last, options):
        if request.session.uid:
            channels = list(channels) + [(request.db, 'livechat.operator', request.session.uid)]
            request.context = dict(request.context, livechat_listening=True)
        return super()._poll(dbname, channels, last, options)
