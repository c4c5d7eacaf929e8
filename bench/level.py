#!/usr/bin/env python3
"""One conversation level of the bench, alone: for measuring a change before and
after without the whole `make bench`.

    bench/level.py -d DB ours 200 [--seconds 30]

The database must have been made by `make bench` or bench/run.py (it reuses its
fixtures; each call adds that many sessions, never closed). Prints the latencies,
the CPU each process used during the level (% of one core), the server time of
the message routes from nginx and the errors."""
import argparse
import asyncio
import collections
import os
import resource
import time

import psutil

from measure import Bench, percentile, summary
from run import make_database
from server import AccessLog, Server

PROCESS_KINDS = (('gevent', 'odoo gevent'), ('launch.py', 'odoo worker'),
                 ('postgres', 'postgres'), ('nginx', 'nginx'))


def cpu_seconds():
    """CPU seconds used so far, by kind of process (the workers one by one)."""
    used = collections.Counter()
    for process in psutil.process_iter(['pid', 'cmdline', 'cpu_times']):
        command, times = ' '.join(process.info['cmdline'] or []), process.info['cpu_times']
        if not times:
            continue
        kind = 'bench client' if process.info['pid'] == os.getpid() else next(
            (name for marker, name in PROCESS_KINDS if marker in command), None)
        if kind == 'odoo worker':
            kind = 'odoo %d' % process.info['pid']
        if kind:
            used[kind] += times.user + times.system
    return used


async def level(args, fixtures):
    with Server(args.database) as server:
        runner = Bench(fixtures, args.database)
        runner.access_log = server.access_log
        await runner.start_operators()
        await runner.add_sessions(args.product, args.sessions)
        log, before, started = AccessLog(server.access_log), cpu_seconds(), time.time()
        result = await runner.conversation(args.product, args.sessions, args.seconds, args.period)
        after, wall = cpu_seconds(), time.time() - started
        await runner.stop_operators()
        await runner.close()
    print('%s, %d sessions, %.0f s' % (args.product, args.sessions, wall))
    for direction in ('to_operator', 'to_visitor'):
        figures = summary(result[direction])
        print('  %-12s n %d  p50 %s  p95 %s  p99 %s ms' % (direction, figures['n'], *(
            '%.0f' % (figures[p] * 1000) if figures[p] is not None else '-'
            for p in ('p50', 'p95', 'p99'))))
    print('  CPU, %% of one core: %s' % ', '.join(
        '%s %.0f' % (kind, 100 * (after[kind] - before[kind]) / wall)
        for kind in sorted(after) if after[kind] - before[kind] > 0.01 * wall))
    for uri in ('/livechat/message', '/mail/chat_post', '/web/dataset/call_kw'):
        times = log.times('^' + uri)
        if times:
            print('  %s: n %d, server p50 %.0f ms, max %.0f ms' % (
                uri, len(times), percentile(times, 50) * 1000, max(times) * 1000))
    print('  lost %d, request errors %d' % (result['lost'], result['errors']))
    for error, count in collections.Counter(e[:100] for e in runner.errors).most_common(5):
        print('    %d x %s' % (count, error))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-d', '--database', default='livechat_bench')
    parser.add_argument('product', choices=['ours', 'theirs'])
    parser.add_argument('sessions', type=int)
    parser.add_argument('--seconds', type=int, default=30)
    parser.add_argument('--period', type=float, default=5)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    asyncio.run(level(args, make_database(args.database, reuse=True)))


if __name__ == '__main__':
    main()
