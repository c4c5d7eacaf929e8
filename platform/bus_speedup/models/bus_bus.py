"""Odoo's bus, lighter, for every notification sent and every wake of every
long poll, whichever module sends or polls:

- poll: Odoo's reads the rows through the ORM, every column and the names of
  the users who wrote them, to return three columns; here one query reads those.
- sendmany: Odoo's sends its NOTIFY through a connection to the `postgres`
  database, which its pool never keeps: a new PostgreSQL backend for every
  message sent. Here each process keeps one open, and the rows go in with one
  INSERT; the rows older than Odoo's window are deleted after the commit, in a
  transaction of their own: Odoo's gc, in the request's REPEATABLE READ
  transaction, failed whenever two requests collected at once ("could not
  serialize access due to concurrent delete"), and the request with it."""
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


class BusBus(models.Model):
    _inherit = 'bus.bus'

    @api.model
    def poll(self, channels, last=0, options=None, force_status=False):
        """Odoo's answer: the notifications on ``channels`` after ``last`` (or
        of the last TIMEOUT seconds when ``last`` is 0), oldest first, read
        here; then what Odoo adds (the presence of the partners asked for, if
        anything came), Odoo's own."""
        result = self._notifications_after(channels, last) if channels else []
        return result + super().poll([], last, options, force_status=force_status or bool(result))

    def _notifications_after(self, channels, last):
        since = ('id > %s', last) if last else \
            ("create_date > (now() at time zone 'UTC') - %s * interval '1 second'", TIMEOUT)
        self.env.cr.execute(
            'SELECT id, channel, message FROM bus_bus WHERE %s AND channel IN %%s'
            ' ORDER BY id' % since[0],
            (since[1], tuple(json_dump(channel) for channel in channels)))
        return [{'id': row_id, 'channel': json.loads(channel), 'message': json.loads(message)}
                for row_id, channel, message in self.env.cr.fetchall()]

    @api.model
    def sendmany(self, notifications):
        """Same rows as Odoo's (written as the superuser, in the given order) and
        the same NOTIFY, sent once the transaction is committed (a poll woken
        earlier would find nothing). Odoo's is not called: it would write
        every row a second time."""
        if not notifications:
            return
        rows = [(json_dump(channel), json_dump(message)) for channel, message in notifications]
        self.env.cr.execute(
            "INSERT INTO bus_bus (channel, message, create_uid, write_uid, create_date, write_date)"
            " SELECT channel, message, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC'"
            " FROM unnest(%s::varchar[], %s::varchar[])"
            " WITH ORDINALITY AS n(channel, message, rank)"
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
