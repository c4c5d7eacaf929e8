#!/usr/bin/env python3
"""Ours beside Odoo 11's im_livechat on one server: prints one table and writes
BENCHMARKS.md. Run through `make bench` (bench/bench.sh), which installs nginx first.

The database (default livechat_bench) is dropped and made again: never point
it at a database that matters.
"""
import argparse
import asyncio
import json
import os
import platform
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON = os.path.join(ROOT, '.run', 'venv', 'bin', 'python')
# BENCHMARKS.md from this line on is written by hand and kept by every run
NOTES_MARK = '<!-- notes: written by hand, kept by bench/run.py -->'

from measure import Bench  # noqa: E402
from report import Report  # noqa: E402
from server import Server, clear_logs  # noqa: E402


def sh(*args, capture=False):
    result = subprocess.run(args, cwd=ROOT, check=True, text=True,
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
    return result.stdout


def make_database(database, reuse):
    if not reuse:
        env = dict(line.strip().split('=', 1) for line in
                   open(os.path.join(ROOT, '.run', 'db.env')) if '=' in line)
        sh('dropdb', '-h', env['DB_HOST'], '-U', env['DB_USER'], '--if-exists', database)
        sh(os.path.join(ROOT, 'runtime', 'odoo.sh'), '-d', database, '--without-demo=all',
           '-i', 'livechat,bus_speedup,im_livechat,website_livechat',
           '--stop-after-init', '--log-level=warn')
    return json.loads(sh(PYTHON, os.path.join(HERE, 'fixtures.py'), 'prepare', '-d', database,
                         capture=True))


def fill_history(database, size):
    return json.loads(sh(PYTHON, os.path.join(HERE, 'fixtures.py'), 'history', '-d', database,
                         '-n', str(size), capture=True))


def log(message):
    print('[bench %s] %s' % (time.strftime('%H:%M:%S'), message), flush=True)


async def bench(args, fixtures, report):
    runner = Bench(fixtures, args.database)
    products = ('ours', 'theirs')

    log('server with the SQL log: weight and query counts')
    with Server(args.database, sql_log=True) as server:
        runner.access_log = server.access_log
        await runner.start_operators()
        for product in products:
            report.weight(product, await runner.weight(product))
            report.queries(product, await runner.count_queries(product, server.odoo_log))
        await runner.stop_operators()

    log('server: page views, session starts, conversations')
    with Server(args.database) as server:
        runner.access_log = server.access_log
        await runner.start_operators()
        for product in products:
            report.page_view(product, 'history: none', await runner.page_views(
                product, args.page_views))
            report.session_start(product, 'history: none', await runner.session_starts(
                product, args.starts))
        for sessions in args.sessions:
            for product in products:
                log('%s: %d sessions chatting for %d s' % (product, sessions, args.seconds))
                report.conversation(product, sessions, await runner.conversation(
                    product, sessions, args.seconds, args.period))
        await runner.stop_operators()

    log('CPU per message, in-process (no server running)')
    report.message_cost(json.loads(sh(PYTHON, os.path.join(HERE, 'message_cost.py'),
                                      '-d', args.database, capture=True)))

    for product in products:
        log('%s: %d idle long polls (fresh server)' % (product, args.idle))
        with Server(args.database) as server:
            await runner.start_operators()
            await asyncio.sleep(2)
            report.idle(product, await runner.idle(product, args.idle, server))
            await runner.stop_operators()

    for size in args.history:
        log('history: %d past sessions of each product' % size)
        filled = fill_history(args.database, size)
        log('history filled in %.0f s: %s' % (filled.pop('seconds'), filled))
        label = 'history: %s' % _size(size)
        with Server(args.database) as server:
            runner.access_log = server.access_log
            await runner.start_operators()
            for product in products:
                report.page_view(product, label, await runner.page_views(
                    product, args.page_views // 2))
                report.session_start(product, label, await runner.session_starts(
                    product, args.starts // 2))
            await runner.stop_operators()
    report.errors = runner.errors
    await runner.close()


def _size(n):
    return '%dM' % (n // 1000000) if n >= 1000000 and n % 1000000 == 0 else \
        '%dk' % (n // 1000) if n % 1000 == 0 else str(n)


def machine():
    cpu = next((line.split(':', 1)[1].strip() for line in open('/proc/cpuinfo')
                if line.startswith('model name')), platform.processor())
    ram = next(int(line.split()[1]) for line in open('/proc/meminfo')
               if line.startswith('MemTotal'))
    return '%d cores (`nproc`), %s, %.1f GiB RAM, Python %s, PostgreSQL %s' % (
        os.cpu_count(), cpu, ram / 1024 / 1024, platform.python_version(),
        sh('psql', '--version', capture=True).split()[-1])


def load_average():
    return open('/proc/loadavg').read().split()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-d', '--database', default='livechat_bench')
    parser.add_argument('--sessions', default='50,200,500',
                        help='concurrent chatting sessions, one level after the other')
    parser.add_argument('--seconds', type=int, default=30, help='length of each level')
    parser.add_argument('--period', type=float, default=5,
                        help='seconds between two messages of one visitor')
    parser.add_argument('--idle', type=int, default=1000, help='idle long polls to hold')
    parser.add_argument('--history', default='10000,1000000',
                        help='past sessions of each product for the growth measure')
    parser.add_argument('--page-views', type=int, default=200)
    parser.add_argument('--starts', type=int, default=20)
    parser.add_argument('--reuse', action='store_true',
                        help='keep the database of the previous run (with its sessions)')
    parser.add_argument('--output', default=os.path.join(ROOT, 'BENCHMARKS.md'))
    args = parser.parse_args()
    args.sessions = [int(n) for n in args.sessions.split(',') if n]
    args.history = [int(n) for n in args.history.split(',') if n]
    # thousands of sockets: the bench client, nginx and Odoo inherit this
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))

    started, load_before = time.time(), load_average()
    clear_logs()
    log('database %s: installing livechat, bus_speedup, im_livechat, website_livechat'
        % args.database)
    fixtures = make_database(args.database, args.reuse)
    report = Report()
    asyncio.run(bench(args, fixtures, report))
    command = 'make bench' if os.environ.get('BENCH_FROM_MAKE') and len(sys.argv) == 1 else \
        ' '.join(['bench/run.py'] + sys.argv[1:])
    table = report.table()
    print(table)
    notes = ''
    if os.path.exists(args.output):  # the hand-written part stays
        previous = open(args.output).read()
        if NOTES_MARK in previous:
            notes = previous[previous.index(NOTES_MARK):]
    with open(args.output, 'w') as handle:
        handle.write(report.markdown(table, machine=machine(), command=command, args=args,
                                     notes=notes, load=(load_before, load_average()),
                                     minutes=(time.time() - started) / 60))
    log('done in %.1f min; written to %s' % ((time.time() - started) / 60, args.output))


if __name__ == '__main__':
    main()
