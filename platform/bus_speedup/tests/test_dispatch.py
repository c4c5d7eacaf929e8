"""dispatch.py: a long poll is woken by a notification committed while it reads."""
import threading
import time
import uuid

import odoo
from odoo import api
from odoo.tests import common

from odoo.addons.bus.models.bus import ImDispatch, dispatch, hashable, json_dump
from odoo.addons.bus_speedup import dispatch as ours
from odoo.addons.bus_speedup.models.bus_bus import notifier


@common.at_install(False)  # at install the poll's cursor would wait on the registry lock
@common.post_install(True)
class TestDispatchPoll(common.BaseCase):

    def setUp(self):
        super().setUp()
        self.registry = odoo.registry(common.get_db_name())
        self.channel = (self.registry.db_name, 'bus_speedup.test', uuid.uuid4().hex)
        self.addCleanup(self.delete_test_rows)

    def delete_test_rows(self):
        with self.registry.cursor() as cr:
            cr.execute('DELETE FROM bus_bus WHERE channel = %s', [json_dump(self.channel)])

    def last_id(self):
        with self.registry.cursor() as cr:
            cr.execute('SELECT coalesce(max(id), 0) FROM bus_bus')
            return cr.fetchone()[0]

    def poll_in_thread(self, last, timeout):
        answer = {}

        def poll():  # as a request's thread
            started = time.monotonic()
            with api.Environment.manage():
                answer['notifications'] = dispatch.poll(self.registry.db_name, [self.channel],
                                                        last, timeout=timeout)
            answer['seconds'] = time.monotonic() - started
        thread = threading.Thread(target=poll)
        thread.start()
        return thread, answer

    def wait_for_blocked_read(self):
        """Until PostgreSQL shows the poll's read of the bus waiting for a lock."""
        for _i in range(600):
            with self.registry.cursor() as cr:  # pg_stat_activity is read once per transaction
                cr.execute("""SELECT count(*) FROM pg_stat_activity
                              WHERE datname = current_database() AND wait_event_type = 'Lock'
                              AND query LIKE 'SELECT id, channel, message FROM bus_bus%%'""")
                if cr.fetchone()[0]:
                    return
            time.sleep(0.1)
        self.fail("the poll never read the bus")

    def test_installed(self):
        self.assertIs(ImDispatch.poll, ours.poll)

    def test_woken_by_a_notification_committed_during_its_read(self):
        """The poll's read starts (its snapshot taken) and waits for a lock; the
        notification commits and NOTIFY goes out as the read goes on, finding
        nothing. Odoo's poll put its waiter on the channel only after that
        read: when NOTIFY came first, it slept its whole timeout. Ours is
        woken whichever comes first."""
        timeout = 60
        last = self.last_id()
        with self.registry.cursor() as writer:
            writer.execute("SET LOCAL lock_timeout = '30s'")
            writer.execute('LOCK TABLE bus_bus IN ACCESS EXCLUSIVE MODE')
            thread, answer = self.poll_in_thread(last, timeout)
            self.wait_for_blocked_read()
            writer.execute('INSERT INTO bus_bus (channel, message, create_date)'
                           " VALUES (%s, %s, now() at time zone 'UTC')",
                           [json_dump(self.channel), json_dump({'n': 1})])
        notifier.notify([self.channel])  # after the commit, as bus.bus.sendmany's
        thread.join(timeout + 30)
        self.assertFalse(thread.is_alive())
        self.assertEqual([n['message'] for n in answer['notifications']], [{'n': 1}])
        self.assertLess(answer['seconds'], timeout / 2, 'slept until its timeout: not woken')

    def test_answers_at_once_what_is_there(self):
        last = self.last_id()
        with self.registry.cursor() as cr:
            cr.execute('INSERT INTO bus_bus (channel, message, create_date)'
                       " VALUES (%s, %s, now() at time zone 'UTC')",
                       [json_dump(self.channel), json_dump('there')])
        thread, answer = self.poll_in_thread(last, 60)
        thread.join(90)
        self.assertEqual([n['message'] for n in answer['notifications']], ['there'])
        self.assertNotIn(hashable(self.channel), dispatch.channels)

    def test_a_poll_that_timed_out_leaves_no_waiter(self):
        thread, answer = self.poll_in_thread(self.last_id(), 0.2)
        thread.join(60)
        self.assertEqual(answer['notifications'], [])
        self.assertNotIn(hashable(self.channel), dispatch.channels)

    def test_peek_answers_without_waiting(self):
        with api.Environment.manage():
            answer = dispatch.poll(self.registry.db_name, [self.channel], self.last_id(),
                                   options={'peek': True}, timeout=60)
        self.assertEqual(answer, {'notifications': [], 'channels': [self.channel]})
        self.assertNotIn(hashable(self.channel), dispatch.channels)
