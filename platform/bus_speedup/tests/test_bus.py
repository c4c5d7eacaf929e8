"""models/bus_bus.py answers every poll and writes every notification exactly
as Odoo's own bus, and its NOTIFY reaches the listeners through a kept connection."""
import json
import select
import threading
import time

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import common

from odoo.addons.bus.models.bus import ImBus
from odoo.addons.bus_speedup.models.bus_bus import notifier


class TestBusPoll(common.TransactionCase):

    def setUp(self):
        super().setUp()
        self.bus = self.env['bus.bus']
        db = self.cr.dbname
        self.channels = [(db, 'livechat.test', 1), (db, 'livechat.test', 2), 'a-uuid']
        self.bus.sendmany([[self.channels[0], {'n': 1}], [self.channels[1], {'n': 2}],
                           [self.channels[2], 'plain text'], [(db, 'elsewhere', 3), {'n': 4}]])
        # one row older than Odoo's 50 s window (the ORM does not write create_date)
        self.cr.execute("UPDATE bus_bus SET create_date = '2000-01-01' WHERE id = %s",
                        [self.bus.search([('channel', 'like', 'livechat.test')], limit=1).id])

    def odoo_poll(self, *args, **kwargs):
        return ImBus.poll(self.bus, *args, **kwargs)  # Odoo's own method, not ours

    def test_same_answer_as_odoo(self):
        first = self.bus.search([], order='id desc', limit=4).sorted('id')[0].id
        presence = {'bus_presence_partner_ids': self.env.user.partner_id.ids}
        for args, kwargs in [
                ((self.channels, 0), {}),
                ((self.channels, first - 1), {}),
                ((self.channels, first), {'options': presence}),
                ((self.channels[2:], first + 10 ** 6), {'options': presence}),
                ((self.channels[2:], first + 10 ** 6), {'options': presence, 'force_status': True}),
                (([], 0), {'options': presence, 'force_status': True})]:
            ours = self.bus.poll(*args, **kwargs)
            self.assertEqual(ours, self.odoo_poll(*args, **kwargs), (args, kwargs))
        self.assertEqual([n['message'] for n in self.bus.poll(self.channels, first - 1)],
                         [{'n': 1}, {'n': 2}, 'plain text'])
        self.assertEqual(len(self.bus.poll(self.channels, 0)), 2)  # the old row left out

    def bus_rows(self, after):
        self.cr.execute('SELECT channel, message, create_uid, create_date IS NOT NULL'
                        ' FROM bus_bus WHERE id > %s ORDER BY id', [after])
        return self.cr.fetchall()

    def test_same_rows_as_odoo(self):
        db = self.cr.dbname
        notifications = [[(db, 'livechat.test', 7), {'text': 'é <b>'}], ['uuid-1', 'plain'],
                         [(db, 'livechat.test', 7), [1, None, True]]]
        self.cr.execute('SELECT max(id) FROM bus_bus')
        start = self.cr.fetchone()[0]
        ImBus.sendmany(self.bus, notifications)
        theirs = self.bus_rows(start)
        self.cr.execute('SELECT max(id) FROM bus_bus')
        middle = self.cr.fetchone()[0]
        self.bus.with_env(self.env(user=self.env.ref('base.public_user'))).sendmany(notifications)
        self.assertEqual(self.bus_rows(middle), theirs)
        self.assertEqual(len(theirs), 3)
        self.bus.sendmany([])
        self.assertEqual(self.bus_rows(middle), theirs)  # nothing sent, nothing written


class TestBusNotify(common.BaseCase):
    """The NOTIFY Odoo's bus listeners wait for, on the `postgres` database."""

    def setUp(self):
        super().setUp()
        _name, params = sql_db.connection_info_for('postgres')
        self.listener = psycopg2.connect(**params)
        self.listener.autocommit = True
        self.addCleanup(self.listener.close)
        with self.listener.cursor() as cr:
            cr.execute('LISTEN imbus')

    def heard(self):
        if select.select([self.listener], [], [], 5) == ([], [], []):
            return None
        self.listener.poll()
        return [json.loads(n.payload) for n in self.listener.notifies if n.channel == 'imbus']

    def test_one_kept_connection_that_comes_back(self):
        channels = [['db', 'livechat.test', 1], 'uuid-2']
        notifier.notify(channels)
        self.assertEqual(self.heard(), [channels])
        backend = notifier.connection.get_backend_pid()
        self.listener.notifies.clear()
        notifier.notify(channels[1:])
        self.assertEqual(self.heard(), [channels[1:]])
        self.assertEqual(notifier.connection.get_backend_pid(), backend)  # not a new one
        with self.listener.cursor() as cr:  # the server ends it, as on a restart
            cr.execute('SELECT pg_terminate_backend(%s)', [backend])
        self.listener.notifies.clear()
        notifier.notify(channels[:1])
        self.assertEqual(self.heard(), [channels[:1]])
        self.assertNotEqual(notifier.connection.get_backend_pid(), backend)


@common.at_install(False)  # at install the collector's thread would wait on the registry lock
@common.post_install(True)
class TestBusCollect(common.BaseCase):
    """Old rows go in a transaction of their own, which waits for a concurrent
    deletion of the same rows instead of failing."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.registry(common.get_db_name())
        with self.registry.cursor() as cr:
            cr.execute("""INSERT INTO bus_bus (channel, message, create_date) VALUES
                ('"gc-test"', '1', (now() at time zone 'UTC') - interval '1 hour'),
                ('"gc-test"', '2', (now() at time zone 'UTC') - interval '1 hour'),
                ('"gc-test"', '3', now() at time zone 'UTC')""")
        with self.registry.cursor() as cr:  # ids given at commit where a trigger does (livechat)
            cr.execute("""SELECT id FROM bus_bus WHERE channel = '"gc-test"' ORDER BY message""")
            self.old, self.old_too, self.new = [row[0] for row in cr.fetchall()]
        self.addCleanup(self.delete_test_rows)

    def delete_test_rows(self):
        with self.registry.cursor() as cr:
            cr.execute("""DELETE FROM bus_bus WHERE channel = '"gc-test"'""")

    def collect(self, errors):
        with api.Environment.manage(), self.registry.cursor() as cr:
            try:
                api.Environment(cr, SUPERUSER_ID, {})['bus.bus']._collect_old_rows()
            except Exception as error:  # noqa: BLE001 -- the test's verdict
                errors.append(error)

    def wait_for_lock_wait(self, cr):
        """Until PostgreSQL shows a backend waiting for a lock in a bus deletion."""
        for _i in range(600):
            cr.rollback()  # pg_stat_activity is read once per transaction
            cr.execute("""SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                          AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM bus_bus%'""")
            if cr.fetchone()[0]:
                return
            time.sleep(0.1)
        self.fail('the collector never waited for the concurrent deletion')

    def test_waits_for_a_concurrent_collection(self):
        errors = []
        with self.registry.cursor() as other:  # another request collecting, not committed yet
            other.execute('DELETE FROM bus_bus WHERE id = %s', [self.old])
            with self.registry.cursor() as watcher:
                thread = threading.Thread(target=self.collect, args=(errors,))
                thread.start()
                self.wait_for_lock_wait(watcher)
        thread.join(60)  # the other committed: the collector goes on
        self.assertFalse(thread.is_alive(), 'the collector did not finish')
        self.assertEqual(errors, [])
        with self.registry.cursor() as cr:
            cr.execute('SELECT id FROM bus_bus WHERE id IN %s',
                       [(self.old, self.old_too, self.new)])
            self.assertEqual(cr.fetchall(), [(self.new,)],
                             'the collector deleted the other old row')
