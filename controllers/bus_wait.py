"""A visitor's long poll waits on Odoo's bus dispatcher, but not through
``dispatch.poll``: that reads the bus rows through the ORM (every column, and
the names of the users who wrote them) once before and once after waiting,
which made up most of the long polling process's work under load.

Here the waiter is registered before the poll reads anything, so a
notification committed while it reads still wakes it (``dispatch.poll``
registers after its read), and it is taken off the dispatcher's list when it
times out (Odoo leaves it there until the channel is next notified)."""
import contextlib
import json

from odoo.addons.bus.models.bus import dispatch, hashable, json_dump


@contextlib.contextmanager
def listening(channel):
    """``with listening(channel) as woken: ... woken.wait(timeout)``"""
    if not dispatch.started:
        dispatch.start()
    event = dispatch.Event()
    key = hashable(channel)
    dispatch.channels.setdefault(key, []).append(event)
    try:
        yield event
    finally:
        waiters = dispatch.channels.get(key)
        if waiters and event in waiters:
            waiters.remove(event)
            if not waiters:
                dispatch.channels.pop(key, None)


def notifications_after(cr, channel, cursor):
    """(id, message) of the bus rows on ``channel`` after ``cursor``, oldest first."""
    cr.execute('SELECT id, message FROM bus_bus WHERE id > %s AND channel = %s ORDER BY id',
               (cursor, json_dump(channel)))
    return [(row_id, json.loads(message)) for row_id, message in cr.fetchall()]


def last_id(cr):
    cr.execute('SELECT coalesce(max(id), 0) FROM bus_bus')
    return cr.fetchone()[0]
