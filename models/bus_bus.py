"""Odoo's bus, lighter, for every chat message and every wake of every long
poll (ours and im_livechat's alike):

- poll: Odoo's reads the rows through the ORM, every column and the names of
  the users who wrote them, to return three columns; here one query reads those.
- sendmany: Odoo's sends its NOTIFY through a connection to the `postgres`
  database, which its pool never keeps: a new PostgreSQL backend for every
  message sent. Here each process keeps one open, and the rows go in with one
  INSERT; the rows older than Odoo's window are deleted after the commit, in a
  transaction of their own: Odoo's gc, in the request's REPEATABLE READ
  transaction, failed whenever two requests collected at once ("could not
  serialize access due to concurrent delete"), and the request with it.

And its ids follow commit order (`install_commit_order`)."""
import json
import logging
import os
import random
import threading

import psycopg2

from odoo import SUPERUSER_ID, api, models, sql_db
from odoo.addons.bus.models.bus import TIMEOUT, json_dump

_logger = logging.getLogger(__name__)


class _Notifier:
    """The process's own connection to `postgres`, where Odoo's bus listens."""

    def __init__(self):
        self.lock = threading.Lock()
        self.connection, self.pid = None, None
        self.inherited = []  # a parent's connection: closing it would end the parent's too

    def _connect(self):
        if self.connection is not None and self.pid != os.getpid():
            self.inherited.append(self.connection)
            self.connection = None
        if self.connection is None or self.connection.closed:
            _name, params = sql_db.connection_info_for('postgres')
            self.connection = psycopg2.connect(**params)
            self.connection.autocommit = True
            self.pid = os.getpid()
        return self.connection

    def notify(self, channels):
        payload = json_dump(list(channels))
        with self.lock:
            try:
                self._send(payload)
            except psycopg2.Error as error:  # e.g. the server restarted: one new connection
                _logger.info('bus notify connection lost (%s), reconnecting', error)
                if self.connection is not None:
                    self.connection.close()
                self._send(payload)

    def _send(self, payload):
        with self._connect().cursor() as cr:
            cr.execute('NOTIFY imbus, %s', (payload,))


notifier = _Notifier()

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
    cr.execute("""
        CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(%d);
            UPDATE bus_bus SET id = DEFAULT WHERE id = NEW.id;
            RETURN NULL;
        END $$""" % (COMMIT_ORDER, COMMIT_ORDER_LOCK))
    cr.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = 'bus_bus'::regclass",
               [COMMIT_ORDER])
    if not cr.fetchone():  # DROP TRIGGER would wait for every poll reading bus_bus
        cr.execute('CREATE CONSTRAINT TRIGGER %s AFTER INSERT ON bus_bus'
                   ' DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE PROCEDURE %s()'
                   % (COMMIT_ORDER, COMMIT_ORDER))


def drop_commit_order(cr):
    cr.execute('DROP TRIGGER IF EXISTS %s ON bus_bus' % COMMIT_ORDER)
    cr.execute('DROP FUNCTION IF EXISTS %s()' % COMMIT_ORDER)


class BusBus(models.Model):
    _inherit = 'bus.bus'

    @api.model_cr
    def init(self):
        super().init()
        install_commit_order(self.env.cr)

    @api.model
    def poll(self, channels, last=0, options=None, force_status=False):
        """Same answer as Odoo's: the notifications on ``channels`` after
        ``last`` (or of the last TIMEOUT seconds when ``last`` is 0), oldest
        first, then the presence of the partners asked for, if anything came."""
        options = options or {}
        result = []
        if channels:
            since = ('id > %s', last) if last else \
                ("create_date > (now() at time zone 'UTC') - %s * interval '1 second'", TIMEOUT)
            self.env.cr.execute(
                'SELECT id, channel, message FROM bus_bus WHERE %s AND channel IN %%s'
                ' ORDER BY id' % since[0],
                (since[1], tuple(json_dump(channel) for channel in channels)))
            result = [{'id': row_id, 'channel': json.loads(channel), 'message': json.loads(message)}
                      for row_id, channel, message in self.env.cr.fetchall()]
        partner_ids = options.get('bus_presence_partner_ids')
        if (result or force_status) and partner_ids:
            result += [{'id': -1, 'channel': (self.env.cr.dbname, 'bus.presence'),
                        'message': {'id': partner.id, 'im_status': partner.im_status}}
                       for partner in self.env['res.partner'].browse(partner_ids)]
        return result

    @api.model
    def sendmany(self, notifications):
        """Same rows as Odoo's (written as the superuser, in the given order) and
        the same NOTIFY, sent once the transaction is committed (a poll woken
        earlier would find nothing)."""
        if not notifications:
            return
        rows = [(json_dump(channel), json_dump(message)) for channel, message in notifications]
        self.env.cr.execute(
            "INSERT INTO bus_bus (channel, message, create_uid, write_uid, create_date, write_date)"
            " SELECT channel, message, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC'"
            " FROM unnest(%s::varchar[], %s::varchar[]) WITH ORDINALITY AS n(channel, message, rank)"
            " ORDER BY rank",
            (SUPERUSER_ID, SUPERUSER_ID, [channel for channel, _ in rows],
             [message for _, message in rows]))
        if random.random() < 0.01 * len(rows):  # as often as Odoo's gc
            self.env.cr.after('commit', self._collect_old_rows)
        channels = [json.loads(channel) for channel in {channel for channel, _ in rows}]
        self.env.cr.after('commit', lambda: notifier.notify(channels))

    def _collect_old_rows(self):
        with self.pool.cursor() as cr:
            # READ COMMITTED: rows another worker is deleting are waited for, not a failure
            cr.execute('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')
            cr.execute("DELETE FROM bus_bus WHERE create_date <"
                       " (now() at time zone 'UTC') - %s * interval '1 second'", (2 * TIMEOUT,))
