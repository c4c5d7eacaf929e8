"""In the long polling (gevent) process, hundreds of polls can wake at the same
moment, each needing a database connection for a few milliseconds. Odoo's pool
then raises PoolError at once for every one beyond ``db_maxconn``, which the
visitor gets as a 500 and retries a second later. Here the borrower waits
(the other requests go on) until a connection comes back, in turn: each one
given back goes to the oldest waiter not yet woken. (Waiters that each retried
on their own let newcomers overtake them: at 500 sessions a few waited past
the limit.)"""
import collections
import contextlib
import functools
import threading
import time

from psycopg2.pool import PoolError

import odoo
from odoo import sql_db

from . import patching

WAIT_SECONDS = 10
RECHECK_SECONDS = 0.5  # in case a connection comes back some other way
# borrowers waiting, oldest first; threading is gevent's own in that process
_waiters = collections.deque()


def _wake_next():
    """A connection came back: the oldest waiter not woken yet may take it."""
    for turn in list(_waiters):
        if not turn.is_set():
            turn.set()
            return


def _in_turn(borrow):
    @functools.wraps(borrow)
    def wrapper(self, *args, **kwargs):
        # only the gevent process is meant to hold hundreds of requests on one
        # pool; a prefork worker (one request at a time) or the threaded
        # development server fails at once, as Odoo does
        if not odoo.evented:
            return borrow(self, *args, **kwargs)
        if not _waiters:
            with contextlib.suppress(PoolError):  # full: take a turn below
                return borrow(self, *args, **kwargs)
        turn = threading.Event()
        _waiters.append(turn)
        deadline = time.monotonic() + WAIT_SECONDS
        try:
            while True:
                if turn.is_set() or _waiters[0] is turn:
                    try:
                        return borrow(self, *args, **kwargs)
                    except PoolError:
                        turn.clear()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PoolError('The Connection Pool Is Full (waited %d s)' % WAIT_SECONDS)
                turn.wait(min(remaining, RECHECK_SECONDS))
        finally:
            _waiters.remove(turn)
            # the next one tries too: more connections may be free than waiters
            # were woken (given back while the woken ones had not run yet)
            _wake_next()
    return wrapper


def install():
    patching.wrap(sql_db.ConnectionPool, 'borrow', _in_turn)
    patching.wrap(sql_db.ConnectionPool, 'give_back', patching.followed_by(_wake_next))
