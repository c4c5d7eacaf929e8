#!/usr/bin/env python3
"""What the commit-order trigger of bus ids (models/bus_bus.py) costs when
commits are durable. The test and bench clusters run with ``fsync = off``;
a production server flushes its WAL at each commit, and the trigger's lock is
held through that flush, so commits that write bus rows follow one another.

    commit_order_durable.py [--clients 1,4,16] [--seconds 10]

Starts a throwaway PostgreSQL cluster in a temporary folder with ``fsync = on``
and ``synchronous_commit = on``, makes a ``bus_bus`` table of Odoo's shape, and
prints, per number of concurrent clients, the transactions a second (each one
INSERT of 3 rows, as a message's sendmany) without and with the trigger."""
import argparse
import glob
import importlib.util
import os
import shutil
import subprocess
import tempfile
import threading
import time

import psycopg2

import in_process  # noqa: F401  (odoo importable: models/bus_bus.py imports it)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS = """INSERT INTO bus_bus (create_date, channel, message)
          VALUES (now(), '["db","mail.channel",1]', '{}'),
                 (now(), '["db","mail.channel",2]', '{}'),
                 (now(), '["db","res.partner",3]', '{}')"""


def _bus_bus_module():
    spec = importlib.util.spec_from_file_location(
        'livechat_bus_bus', os.path.join(ROOT, 'models', 'bus_bus.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _as_postgres(args):
    """PostgreSQL refuses to run as root."""
    return (['runuser', '-u', 'postgres', '--'] + args) if os.getuid() == 0 else args


class DurableCluster:

    def __init__(self):
        self.bin = sorted(glob.glob('/usr/lib/postgresql/*/bin'))[-1]
        self.folder = tempfile.mkdtemp(prefix='livechat-durable-')
        if os.getuid() == 0:
            shutil.chown(self.folder, 'postgres')
        self.data = os.path.join(self.folder, 'data')

    def __enter__(self):
        subprocess.run(_as_postgres([self.bin + '/initdb', '-D', self.data, '-U', 'postgres',
                                     '--auth=trust', '-E', 'UTF8']),
                       check=True, stdout=subprocess.DEVNULL, cwd='/')
        with open(os.path.join(self.data, 'postgresql.conf'), 'a') as conf:
            conf.write("listen_addresses = ''\nunix_socket_directories = '%s'\n"
                       "fsync = on\nsynchronous_commit = on\nmax_connections = 50\n"
                       % self.folder)
        subprocess.run(_as_postgres([self.bin + '/pg_ctl', '-D', self.data, '-w', '-l',
                                     os.path.join(self.folder, 'server.log'), 'start']),
                       check=True, stdout=subprocess.DEVNULL, cwd='/')
        return self

    def connect(self):
        return psycopg2.connect(host=self.folder, user='postgres', dbname='postgres')

    def __exit__(self, *exc):
        subprocess.run(_as_postgres([self.bin + '/pg_ctl', '-D', self.data, '-m', 'fast',
                                     'stop']), stdout=subprocess.DEVNULL, cwd='/')
        shutil.rmtree(self.folder, ignore_errors=True)


def _rate(cluster, clients, seconds):
    """Committed transactions a second over ``clients`` connections."""
    counts = [0] * clients
    stop = time.monotonic() + seconds

    def client(index):
        connection = cluster.connect()
        with connection.cursor() as cr:
            while time.monotonic() < stop:
                cr.execute(ROWS)
                connection.commit()
                counts[index] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--clients', default='1,4,16')
    parser.add_argument('--seconds', type=float, default=10)
    args = parser.parse_args()
    bus_bus = _bus_bus_module()
    with DurableCluster() as cluster:
        connection = cluster.connect()
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute('CREATE TABLE bus_bus (id serial PRIMARY KEY, create_date timestamp,'
                       ' channel varchar, message varchar)')
            for clients in [int(n) for n in args.clients.split(',')]:
                bus_bus.drop_commit_order(cr)
                without = _rate(cluster, clients, args.seconds)
                bus_bus.install_commit_order(cr)
                with_trigger = _rate(cluster, clients, args.seconds)
                print('%3d clients: %7.0f commits/s without the trigger, %7.0f with it'
                      % (clients, without, with_trigger), flush=True)
        connection.close()


if __name__ == '__main__':
    main()
