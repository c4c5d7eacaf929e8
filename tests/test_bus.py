"""Bus ids follow commit order, for every module's rows (models/bus_bus.py)."""
import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import common

from odoo.addons.bus.models.bus import ImBus, json_dump
from odoo.addons.livechat.controllers.bus_wait import last_id
from odoo.addons.livechat.models.bus_bus import COMMIT_ORDER


class TestBusCommitOrder(common.BaseCase):
    """Bus ids follow commit order: a poller that moves its cursor to the highest
    id it saw (Odoo's web client, the visitor's poll) never skips a row that
    commits after a higher one was read. Each cursor is its own connection, as
    two requests, or two servers on one database, are."""

    def setUp(self):
        super().setUp()
        self.registry = odoo.registry(common.get_db_name())
        self.channel = (self.registry.db_name, 'livechat.commit-order', id(self))
        self.addCleanup(self.delete_test_rows)

    def delete_test_rows(self):
        with self.registry.cursor() as cr:
            cr.execute('DELETE FROM bus_bus WHERE channel = %s', [json_dump(self.channel)])

    def bus(self, cr):
        # a commit that had to wait for another transaction fails instead of hanging
        cr.execute("SET lock_timeout = '10s'")
        return api.Environment(cr, SUPERUSER_ID, {})['bus.bus']

    def ours(self, cr, *texts):
        if len(texts) == 1:
            self.bus(cr).sendone(self.channel, texts[0])
        else:
            self.bus(cr).sendmany([[self.channel, text] for text in texts])

    def odoos(self, cr, *texts):  # the ORM's INSERT, one per row
        ImBus.sendmany(self.bus(cr), [[self.channel, text] for text in texts])

    def poll(self, last):
        with self.registry.cursor() as cr:
            return [(n['id'], n['message']) for n in self.bus(cr).poll([self.channel], last)]

    def cursor_now(self):
        with self.registry.cursor() as cr:
            return last_id(cr)

    def check_later_commit_is_not_skipped(self, first, second):
        start = self.cursor_now()
        with self.registry.cursor() as t1:
            first(t1, 'a1', 'a2')  # ids a1 < a2, not committed yet
            with self.registry.cursor() as t2:
                second(t2, 'b')  # id b > a, committed first
            seen = self.poll(start)
            self.assertEqual([text for _id, text in seen], ['b'])
            visitor_cursor = self.cursor_now()  # what a visitor's poll keeps: the highest id
        self.assertEqual([text for _id, text in self.poll(seen[-1][0])], ['a1', 'a2'])
        self.assertEqual([text for _id, text in self.poll(visitor_cursor)], ['a1', 'a2'])
        self.assertEqual([text for _id, text in self.poll(start)], ['b', 'a1', 'a2'])

    def test_a_row_committed_after_a_higher_one_was_read_is_not_skipped(self):
        self.check_later_commit_is_not_skipped(self.ours, self.ours)

    def test_odoos_own_rows_too(self):
        self.check_later_commit_is_not_skipped(self.odoos, self.odoos)
        self.check_later_commit_is_not_skipped(self.ours, self.odoos)
        self.check_later_commit_is_not_skipped(self.odoos, self.ours)

    def test_a_rolled_back_transaction_neither_blocks_nor_hides_a_row(self):
        start = self.cursor_now()
        with self.registry.cursor() as t1, self.registry.cursor() as gone:
            self.ours(t1, 'a')
            self.ours(gone, 'never')
            with self.registry.cursor() as t2:
                self.ours(t2, 'b')
            seen = self.poll(start)
            # a commit that fails after the ids were given (the lock taken), then t1 commits
            gone.execute('SET CONSTRAINTS %s IMMEDIATE' % COMMIT_ORDER)
            gone.rollback()
        self.assertEqual([text for _id, text in seen], ['b'])
        self.assertEqual([text for _id, text in self.poll(seen[-1][0])], ['a'])
        with self.registry.cursor() as t3:
            self.ours(t3, 'c')
        self.assertEqual([text for _id, text in self.poll(start)], ['b', 'a', 'c'])


class TestBusCommitOrderUninstall(common.TransactionCase):

    def objects(self):
        self.cr.execute('SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = %s),'
                        ' (SELECT count(*) FROM pg_proc WHERE proname = %s)',
                        [COMMIT_ORDER, COMMIT_ORDER])
        return self.cr.fetchone()

    def test_installed_then_removed_by_the_uninstall_hook(self):
        self.assertEqual(self.objects(), (1, 1))
        self.env['bus.bus'].init()  # an upgrade: still one of each
        self.assertEqual(self.objects(), (1, 1))
        odoo.addons.livechat.uninstall_hook(self.cr, self.registry)
        self.assertEqual(self.objects(), (0, 0))
