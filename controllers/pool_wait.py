"""In the long polling (gevent) process, hundreds of polls can wake at the same
moment, each needing a database connection for a few milliseconds. Odoo's pool
then raises PoolError at once for every one beyond ``db_maxconn``, which the
visitor gets as a 500 and retries a second later. Here the borrower waits
(a gevent sleep: the other requests go on) until a connection comes back."""
import functools
import random
import time

from psycopg2.pool import PoolError

import odoo
from odoo import sql_db

WAIT_SECONDS = 10


def _waiting(borrow):
    @functools.wraps(borrow)
    def wrapper(self, *args, **kwargs):
        deadline = None
        while True:
            try:
                return borrow(self, *args, **kwargs)
            except PoolError:
                # only the gevent process is meant to hold hundreds of requests on
                # one pool; a prefork worker (one request at a time) or the threaded
                # development server fails at once, as Odoo does
                if not odoo.evented:
                    raise
                now = time.monotonic()
                deadline = deadline or now + WAIT_SECONDS
                if now > deadline:
                    raise
                time.sleep(random.uniform(0.01, 0.05))
    wrapper.livechat_waits = True
    return wrapper


if not getattr(sql_db.ConnectionPool.borrow, 'livechat_waits', False):
    sql_db.ConnectionPool.borrow = _waiting(sql_db.ConnectionPool.borrow)
