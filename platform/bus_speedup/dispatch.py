"""Odoo's long poll (``ImDispatch.poll``, behind /longpolling/poll) reads the bus
and, only when that found nothing, puts its waiter on the channels. A
notification committed elsewhere while the read ran (its NOTIFY dispatched
before the waiter was there) woke nobody: the poll slept its whole 50 s with the
message in the table. An operator on one server and a visitor on another met it
(e2e/test_two_servers.py). Here the waiter is on the channels before the read,
and taken off when the poll ends (Odoo's stay until the channel is notified).

The dispatcher is one per process: this applies to every database the process
serves once one with this addon is loaded."""
import threading

import odoo
from odoo import SUPERUSER_ID, api
from odoo.addons.bus.models.bus import TIMEOUT, ImDispatch, hashable


def _read(dbname, channels, last, options, force_status=False):
    with odoo.registry(dbname).cursor() as cr:
        return api.Environment(cr, SUPERUSER_ID, {})['bus.bus'].poll(
            channels, last, options, force_status=force_status)


def poll(self, dbname, channels, last, options=None, timeout=TIMEOUT):
    """Odoo's answer and wait, with the waiter registered before the first read."""
    options = options or {}
    if options.get('peek'):
        return dict(notifications=_read(dbname, channels, last, options), channels=channels)
    if not odoo.evented:
        # as Odoo: a long poll does not keep the threaded server from stopping,
        # and Odoo's tests do not wait for the threads named so
        current = threading.current_thread()
        current._daemonic = True  # Thread.daemon refuses a thread already running
        current.name = 'openerp.longpolling.request.%s' % current.ident
    if not self.started:
        self.start()
    event, keys = self.Event(), {hashable(channel) for channel in channels}
    for key in keys:
        self.channels.setdefault(key, []).append(event)
    try:
        notifications = _read(dbname, channels, last, options)
        if notifications:
            return notifications
        try:
            event.wait(timeout=timeout)
            return _read(dbname, channels, last, options, force_status=True)
        except Exception:  # as Odoo: an empty answer, the client polls again from `last`
            return notifications
    finally:
        for key in keys:
            waiters = self.channels.get(key)
            if waiters and event in waiters:
                waiters.remove(event)
                if not waiters:
                    self.channels.pop(key, None)


def install():
    ImDispatch.poll = poll
