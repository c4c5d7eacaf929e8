from odoo.http import request

from odoo.addons.bus.controllers.main import BusController


class LivechatOperatorBus(BusController):
    """Logged-in users also listen to their own live chat events (visitor typing,
    page changes, session ended, rating) on (db, 'livechat.operator', uid)."""

    def _poll(self, dbname, channels, last, options):
        if request.session.uid:
            channels = list(channels) + [(request.db, 'livechat.operator', request.session.uid)]
        return super()._poll(dbname, channels, last, options)
