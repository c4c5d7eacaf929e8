"""One Odoo server as deployed (runtime/servers.py: prefork, 2 HTTP workers + the
gevent process for long polling, behind nginx on 127.0.0.1), on fixed ports,
started and stopped by the bench, with the bench's third-party site beside it."""
import os
import re
import sys
import time

import psutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'runtime'))

import servers  # noqa: E402

WORK = os.path.join(ROOT, '.run', 'bench')
HTTP_PORT, LONGPOLLING_PORT, PROXY_PORT, SITE_PORT = 8300, 8301, 8350, 8351
BASE_URL = 'http://127.0.0.1:%d' % PROXY_PORT
# a third-party website (another origin) for the browser: static files in WORK/site
SITE_DIR, SITE_URL = os.path.join(WORK, 'site'), 'http://localhost:%d' % SITE_PORT
SITE_CONF = '  server {{ listen 127.0.0.1:{site}; root {site_dir}; access_log off; }}'.format(
    site=SITE_PORT, site_dir=SITE_DIR)


def clear_logs():
    """At the start of a run: afterwards the Odoo and nginx logs of every server
    of the run stay, for reading what went wrong after the table is printed."""
    for name in ('odoo.log', 'odoo-sql.log', 'nginx-access.log', 'nginx-error.log'):
        path = os.path.join(WORK, name)
        if os.path.exists(path):
            open(path, 'w').close()


class Server(servers.ProxiedOdoo):
    """``with Server(db, sql_log=False) as server:`` — Odoo and nginx, stopped on exit.
    ``sql_log`` logs every SQL query (for counting them, see QueryCounter)."""

    def __init__(self, database, sql_log=False):
        # no worker recycling in the middle of a measurement
        args = ['--limit-request', '1000000']
        if sql_log:
            args += ['--log-handler', 'odoo.sql_db:DEBUG']
        super().__init__(database, WORK, (HTTP_PORT, LONGPOLLING_PORT, PROXY_PORT),
                         os.path.join(WORK, 'odoo-sql.log' if sql_log else 'odoo.log'),
                         args, SITE_CONF)

    def __enter__(self):
        os.makedirs(SITE_DIR, exist_ok=True)
        for log in (self.odoo_log, self.access_log):
            open(log, 'a').close()  # kept across the servers of a run: see clear_logs
        return super().__enter__()

    def gevent_rss(self):
        """Resident memory (bytes) of the gevent (long polling) process."""
        for child in psutil.Process(self.odoo.pid).children(recursive=True):
            if 'gevent' in ' '.join(child.cmdline()):
                return child.memory_info().rss
        raise RuntimeError('no gevent process found')


class AccessLog:
    """Server time per request from nginx's $upstream_response_time."""

    def __init__(self, path):
        self.path = path
        self.offset = os.path.getsize(path)

    def times(self, uri_pattern):
        """Upstream seconds of the requests logged since creation whose URI matches."""
        time.sleep(0.2)  # nginx writes the line once the response is sent
        pattern = re.compile(uri_pattern)
        with open(self.path) as handle:
            handle.seek(self.offset)
            lines = handle.read().splitlines()
        times = []
        for line in lines:
            parts = line.split()
            if len(parts) >= 5 and pattern.search(parts[3]) and parts[4] != '-':
                times.append(float(parts[4].split(',')[-1]))
        return times


QUERY_LINE = re.compile(r'^\S+ \S+ (\d+) DEBUG \S+ odoo\.sql_db: query:')
REQUEST_LINE = re.compile(r'^\S+ \S+ (\d+) INFO \S+ werkzeug: .*"(?:GET|POST) (\S+) ')


class QueryCounter:
    """SQL queries of one request, from the server's log (``sql_log=True``):
    odoo.sql_db logs each query at DEBUG with the process id, and werkzeug logs the
    request line when the request ends, so the queries of a request are the
    query lines of that worker since its previous request line. Only for
    requests made one at a time."""

    def __init__(self, path):
        self.path = path

    def mark(self):
        self.offset = os.path.getsize(self.path)

    def count(self, path_prefix, timeout=5):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(self.path, errors='replace') as handle:
                handle.seek(self.offset)
                lines = handle.read().splitlines()
            per_pid = {}
            for line in lines:
                query = QUERY_LINE.match(line)
                if query:
                    per_pid[query.group(1)] = per_pid.get(query.group(1), 0) + 1
                    continue
                request = REQUEST_LINE.match(line)
                if request:
                    if request.group(2).startswith(path_prefix):
                        return per_pid.get(request.group(1), 0)
                    per_pid.pop(request.group(1), None)
            time.sleep(0.05)
        raise RuntimeError('no request to %s in the log' % path_prefix)
