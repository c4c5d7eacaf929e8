"""Odoo's bus, its ids in commit order (`install_commit_order`): no message
of a session is skipped by a poll. (A lighter bus: platform/bus_speedup.)"""
from odoo import api, models

# A bus row takes its id when inserted but becomes visible when its transaction
# commits: a poller reading "after the last id" over several channels, then
# moving past the highest id it saw, never got a row that committed after a
# higher one was read. So at commit time, a deferred trigger gives each row of
# the transaction a fresh id, in insertion order, under an advisory lock that
# PostgreSQL releases only once the commit is visible: whatever commits later
# gets higher ids. The lock spans the commit alone, not the request. In the
# database, so it holds for every module's rows, every poller and every server.
COMMIT_ORDER = 'livechat_bus_bus_commit_order'  # the function's and the trigger's name
COMMIT_ORDER_LOCK = int.from_bytes(b'bus_bus', 'big')  # pg_advisory_xact_lock's key


def install_commit_order(cr):
    # sql-injection below: DDL takes no query parameters, and the names and the
    # lock key are this file's constants
    cr.execute(  # pylint: disable=sql-injection
        """
        CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(%d);
            UPDATE bus_bus SET id = DEFAULT WHERE id = NEW.id;
            RETURN NULL;
        END $$""" % (COMMIT_ORDER, COMMIT_ORDER_LOCK))
    cr.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = 'bus_bus'::regclass",
               [COMMIT_ORDER])
    if not cr.fetchone():  # DROP TRIGGER would wait for every poll reading bus_bus
        cr.execute(  # pylint: disable=sql-injection
            'CREATE CONSTRAINT TRIGGER %s AFTER INSERT ON bus_bus'
            ' DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE PROCEDURE %s()'
            % (COMMIT_ORDER, COMMIT_ORDER))


def drop_commit_order(cr):
    # DDL of the constant names above
    cr.execute('DROP TRIGGER IF EXISTS %s ON bus_bus' % COMMIT_ORDER)  # pylint: disable=sql-injection
    cr.execute('DROP FUNCTION IF EXISTS %s()' % COMMIT_ORDER)  # pylint: disable=sql-injection


class BusBus(models.Model):
    _inherit = 'bus.bus'

    @api.model_cr
    def init(self):
        result = super().init()
        install_commit_order(self.env.cr)
        return result
