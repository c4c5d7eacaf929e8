"""One Odoo server as deployed: prefork (2 HTTP workers + the gevent process for
long polling) behind nginx on 127.0.0.1, started and stopped by the bench.

nginx sends /longpolling/ and /livechat/poll to the gevent process: a prefork
worker has no bus dispatcher, so a long poll can only be served there.
"""
import concurrent.futures
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import psutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, '.run', 'bench')
HTTP_PORT, LONGPOLLING_PORT, PROXY_PORT, SITE_PORT = 8300, 8301, 8350, 8351
BASE_URL = 'http://127.0.0.1:%d' % PROXY_PORT
# a third-party website (another origin) for the browser: static files in WORK/site
SITE_DIR, SITE_URL = os.path.join(WORK, 'site'), 'http://localhost:%d' % SITE_PORT
NGINX = '/usr/sbin/nginx'

NGINX_CONF = """
worker_processes 1;
worker_rlimit_nofile 16384;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 8192; }}
http {{
  log_format timing '$msec $status $request_method $uri $upstream_response_time $body_bytes_sent';
  access_log {work}/nginx-access.log timing;
  client_body_temp_path {work}/nginx-tmp/body;
  proxy_temp_path {work}/nginx-tmp/proxy;
  fastcgi_temp_path {work}/nginx-tmp/fastcgi;
  uwsgi_temp_path {work}/nginx-tmp/uwsgi;
  scgi_temp_path {work}/nginx-tmp/scgi;
  proxy_max_temp_file_size 0;
  gzip on;
  gzip_proxied any;
  gzip_types text/css application/javascript text/javascript application/json;
  upstream odoo {{ server 127.0.0.1:{http}; keepalive 16; }}
  upstream odoochat {{ server 127.0.0.1:{longpolling}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{proxy};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Forwarded-Host $http_host;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_read_timeout 120s;
    location /longpolling/ {{ proxy_pass http://odoochat; }}
    location = /livechat/poll {{ proxy_pass http://odoochat; }}
    location / {{ proxy_pass http://odoo; }}
  }}
  server {{ listen 127.0.0.1:{site}; root {work}/site; access_log off; }}
}}
"""


def _wait_port(port, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError('nothing listens on port %d after %d s' % (port, timeout))


def clear_logs():
    """At the start of a run: afterwards the Odoo and nginx logs of every server
    of the run stay, for reading what went wrong after the table is printed."""
    for name in ('odoo.log', 'odoo-sql.log', 'nginx-access.log', 'nginx-error.log'):
        path = os.path.join(WORK, name)
        if os.path.exists(path):
            open(path, 'w').close()


class Server:
    """``with Server(db, sql_log=False) as server:`` — Odoo and nginx, stopped on exit.
    ``sql_log`` logs every SQL query (for counting them, see QueryCounter)."""

    def __init__(self, database, sql_log=False):
        self.database, self.sql_log = database, sql_log
        self.odoo_log = os.path.join(WORK, 'odoo-sql.log' if sql_log else 'odoo.log')
        self.access_log = os.path.join(WORK, 'nginx-access.log')

    def __enter__(self):
        os.makedirs(os.path.join(WORK, 'nginx-tmp'), exist_ok=True)
        os.makedirs(SITE_DIR, exist_ok=True)
        for log in (self.odoo_log, self.access_log):
            open(log, 'a').close()  # kept across the servers of a run: see clear_logs
        args = [os.path.join(ROOT, 'runtime', 'odoo.sh'), '-d', self.database,
                '--db-filter', '^%s$' % re.escape(self.database),
                '--http-interface', '127.0.0.1', '--http-port', str(HTTP_PORT),
                '--longpolling-port', str(LONGPOLLING_PORT), '--workers', '2',
                '--max-cron-threads', '0', '--proxy-mode', '--db_maxconn', '64',
                # no worker recycling in the middle of a measurement
                '--limit-request', '1000000', '--logfile', self.odoo_log]
        if self.sql_log:
            args += ['--log-handler', 'odoo.sql_db:DEBUG']
        self.odoo = subprocess.Popen(args, cwd=ROOT, start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conf = os.path.join(WORK, 'nginx.conf')
        with open(conf, 'w') as handle:
            handle.write(NGINX_CONF.format(work=WORK, http=HTTP_PORT,
                                           longpolling=LONGPOLLING_PORT, proxy=PROXY_PORT,
                                           site=SITE_PORT))
        self.nginx = subprocess.Popen([NGINX, '-c', conf, '-p', WORK, '-g', 'daemon off;'],
                                      start_new_session=True, stderr=subprocess.DEVNULL)
        try:
            for port in (HTTP_PORT, LONGPOLLING_PORT, PROXY_PORT):
                _wait_port(port)
            # first request loads the registry in a worker
            urllib.request.urlopen(BASE_URL + '/web/login', timeout=120).read()
            self._load_gevent_registry()
        except Exception:
            self.__exit__()
            raise
        return self

    @staticmethod
    def _load_gevent_registry():
        """The gevent process loads its registry on its first request, which
        empties every worker's caches once that request ends (Odoo signals it
        through the database). Left to the operators' first long poll, that
        came ~50 s later, in the middle of whatever was measured first. A poll
        without a secret loads it and is refused at once."""
        request = urllib.request.Request(BASE_URL + '/livechat/poll', b'{}',
                                         {'Content-Type': 'application/json'})
        try:
            urllib.request.urlopen(request, timeout=120).read()
        except urllib.error.HTTPError as error:
            if error.code != 403:
                raise
        # every worker sees the signal now, not during a measure: requests four
        # at a time, so that both workers get some
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: urllib.request.urlopen(
                BASE_URL + '/web/login', timeout=60).read(), range(8)))

    def __exit__(self, *exc):
        for process in (self.nginx, self.odoo):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (self.nginx, self.odoo):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

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
