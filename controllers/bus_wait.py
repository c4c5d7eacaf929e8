"""A visitor's long poll waits on Odoo's bus dispatcher, but not through
``dispatch.poll``: that reads the bus rows through the ORM (every column, and
the names of the users who wrote them) once before and once after waiting,
which made up most of the long polling process's work under load.

Here the waiter is registered before the poll reads, so a notification
committed while it reads still wakes it (``dispatch.poll`` registers after its
read), and it is taken off the dispatcher's list when it times out (Odoo
leaves it there until the channel is next notified). Registering first is not
enough in a request that already queried: its REPEATABLE READ snapshot dates
from its first query, so a row committed between that and the registration
was neither read nor woken for, and waited out the whole poll. The request's
transaction is therefore ended once the waiter is on the channel."""
import contextlib

from odoo.addons.bus.models.bus import dispatch, hashable


@contextlib.contextmanager
def listening(channel, env):
    """``with listening(channel, env) as woken: ... woken.wait(timeout)``; what
    ``env`` wrote before is committed, and its reads inside see every row
    committed before the waiter was there."""
    if not dispatch.started:
        dispatch.start()
    event = dispatch.Event()
    key = hashable(channel)
    dispatch.channels.setdefault(key, []).append(event)
    try:
        env.cr.commit()  # pylint: disable=invalid-commit  # a new snapshot, from now on
        env.cache.invalidate()  # and no value cached from the old one
        yield event
    finally:
        waiters = dispatch.channels.get(key)
        if waiters and event in waiters:
            waiters.remove(event)
            if not waiters:
                dispatch.channels.pop(key, None)


def last_id(cr):
    cr.execute('SELECT coalesce(max(id), 0) FROM bus_bus')
    return cr.fetchone()[0]
