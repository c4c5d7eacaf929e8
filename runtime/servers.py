"""Odoo as it is deployed: prefork (HTTP workers plus the gevent process that
serves long polls) behind nginx, all on 127.0.0.1. `make test` runs the
delivery tests against it (runtime/run_tests.py, e2e/test_two_servers.py) and
`make bench` measures it (bench/server.py).

nginx sends /longpolling/, /livechat/poll and /livechat/visitor/poll to the gevent
process: a prefork worker has no bus dispatcher, so a long poll can only be served there.
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO = os.path.join(ROOT, 'runtime', 'odoo.sh')
NGINX = '/usr/sbin/nginx'  # Debian's nginx-light, installed by runtime/setup.sh --proxy

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
    location = /livechat/visitor/poll {{ proxy_pass http://odoochat; }}
    # a visitor's file: the channel's limit (10 MB by default) is the server's to say
    location = /livechat/file {{ client_max_body_size 100m; proxy_pass http://odoo; }}
    location / {{ proxy_pass http://odoo; }}
  }}
{more}
}}
"""


def free_ports(count=1):
    """Ports nothing listens on now, all different."""
    sockets = [socket.socket() for _n in range(count)]
    try:
        for sock in sockets:
            sock.bind(('127.0.0.1', 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def wait_port(port, timeout=300):  # a deadline, not a measure
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError('nothing listens on port %d after %d s' % (port, timeout))


def stop(process):
    """SIGTERM to the process group (Odoo's workers and gevent process too), then
    SIGKILL past 30 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class ProxiedOdoo:
    """``with ProxiedOdoo(database, work) as server:`` Odoo in prefork mode and nginx
    in front of it at ``server.url``, both stopped on exit. ``work`` holds nginx's
    configuration and logs, and Odoo's log unless ``odoo_log`` says otherwise.
    ``stop_odoo()`` then ``start_odoo()`` restart Odoo alone, as a deployment does:
    nginx stays and answers 502 meanwhile."""

    def __init__(self, database, work, ports=None, odoo_log=None, odoo_args=(), more_nginx=''):
        self.database, self.work = database, work
        self.http_port, self.longpolling_port, self.proxy_port = ports or free_ports(3)
        self.url = 'http://127.0.0.1:%d' % self.proxy_port
        self.odoo_log = odoo_log or os.path.join(work, 'odoo.log')
        self.access_log = os.path.join(work, 'nginx-access.log')
        self.odoo_args, self.more_nginx = list(odoo_args), more_nginx
        self.odoo = self.nginx = None

    def __enter__(self):
        try:
            self.start_nginx()
            self.start_odoo()
        except Exception:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        for process in (self.nginx, self.odoo):
            if process:
                stop(process)

    def start_nginx(self):
        os.makedirs(os.path.join(self.work, 'nginx-tmp'), exist_ok=True)
        conf = os.path.join(self.work, 'nginx.conf')
        with open(conf, 'w') as handle:
            handle.write(NGINX_CONF.format(work=self.work, http=self.http_port,
                                           longpolling=self.longpolling_port,
                                           proxy=self.proxy_port, more=self.more_nginx))
        self.nginx = subprocess.Popen([NGINX, '-c', conf, '-p', self.work, '-g', 'daemon off;'],
                                      start_new_session=True, stderr=subprocess.DEVNULL)
        wait_port(self.proxy_port)

    def start_odoo(self):
        """Start Odoo (its log appended to), wait until it serves through nginx."""
        args = [ODOO, '-d', self.database, '--db-filter', '^%s$' % re.escape(self.database),
                '--http-interface', '127.0.0.1', '--http-port', str(self.http_port),
                '--longpolling-port', str(self.longpolling_port), '--workers', '2',
                '--max-cron-threads', '0', '--proxy-mode', '--db_maxconn', '64',
                '--logfile', self.odoo_log] + self.odoo_args
        self.odoo = subprocess.Popen(args, cwd=ROOT, start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port in (self.http_port, self.longpolling_port):
            wait_port(port)
        # The first request loads the registry in a worker, and on a fresh database
        # compiles the frontend assets: minutes on a loaded machine. Straight to
        # Odoo, as long as it takes (nginx would give up after its read timeout).
        urllib.request.urlopen('http://127.0.0.1:%d/web/login' % self.http_port,
                               timeout=300).read()
        self._load_gevent_registry()

    def stop_odoo(self):
        stop(self.odoo)

    def _load_gevent_registry(self):
        """The gevent process loads its registry on its first request, which
        empties every worker's caches once that request ends (Odoo signals it
        through the database). Left to the first long poll, that came in the
        middle of whatever ran first. A poll without a secret loads it and is
        refused at once."""
        request = urllib.request.Request(self.url + '/livechat/poll', b'{}',
                                         {'Content-Type': 'application/json'})
        try:
            urllib.request.urlopen(request, timeout=120).read()
        except urllib.error.HTTPError as error:
            if error.code != 403:
                raise
        # every worker sees the signal now: requests four at a time, so that
        # both workers get some
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: urllib.request.urlopen(
                self.url + '/web/login', timeout=60).read(), range(8)))
