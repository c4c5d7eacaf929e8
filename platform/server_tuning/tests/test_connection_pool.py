"""The long polling process waits for a database connection instead of failing
when every one of its pool is in use (pool_wait.py)."""
import threading
import time

from psycopg2.pool import PoolError

import odoo
from odoo import sql_db
from odoo.tests import common

from odoo.addons.server_tuning import pool_wait


class TestConnectionPoolWait(common.TransactionCase):

    def setUp(self):
        super().setUp()
        self.dsn = sql_db.connection_info_for(self.env.cr.dbname)[1]
        self.pool = sql_db.ConnectionPool(maxconn=1)
        self.addCleanup(self.pool.close_all)
        self.addCleanup(setattr, odoo, 'evented', odoo.evented)

    def test_gevent_process_waits_for_a_connection_given_back(self):
        odoo.evented = True
        busy = self.pool.borrow(self.dsn)
        threading.Timer(0.3, self.pool.give_back, [busy]).start()
        started = time.monotonic()
        connection = self.pool.borrow(self.dsn)
        self.assertGreaterEqual(time.monotonic() - started, 0.25)
        self.pool.give_back(connection)

    def test_waiters_served_in_turn(self):
        odoo.evented = True
        busy = self.pool.borrow(self.dsn)
        served = []

        def borrower(name):
            connection = self.pool.borrow(self.dsn)
            served.append(name)
            time.sleep(0.05)
            self.pool.give_back(connection)
        threads = [threading.Thread(target=borrower, args=(name,))
                   for name in ('first', 'second', 'newcomer')]
        for thread in threads[:2]:
            thread.start()
            time.sleep(0.1)
        self.pool.give_back(busy)
        threads[2].start()  # comes as the connection is free: waits its turn all the same
        for thread in threads:
            thread.join(5)
        self.assertEqual(served, ['first', 'second', 'newcomer'])

    def test_waits_no_longer_than_the_limit(self):
        odoo.evented = True
        self.addCleanup(setattr, pool_wait, 'WAIT_SECONDS', pool_wait.WAIT_SECONDS)
        pool_wait.WAIT_SECONDS = 0.3
        busy = self.pool.borrow(self.dsn)
        started = time.monotonic()
        with self.assertRaises(PoolError):
            self.pool.borrow(self.dsn)
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        self.pool.give_back(busy)
        self.assertFalse(pool_wait._waiters)

    def test_other_servers_fail_at_once_as_before(self):
        odoo.evented = False
        busy = self.pool.borrow(self.dsn)
        with self.assertRaises(PoolError):
            self.pool.borrow(self.dsn)
        self.pool.give_back(busy)
