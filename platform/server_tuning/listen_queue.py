"""Odoo's prefork server listens with a queue of 8 connections per worker (16
with 2 workers). Under a burst of chat messages the queue fills, and Linux then
drops each further connection attempt, which the proxy retries 1, 3, 7, 15, 31 s
later: messages wait for seconds while the workers sit idle between retries
(seen as TcpExtListenOverflows in `nstat`). Calling listen() again on a listening
socket only resizes its queue; the kernel caps it at net.core.somaxconn."""
import logging

from odoo import http
from odoo.service import server as odoo_server

from . import patching

_logger = logging.getLogger(__name__)

BACKLOG = 1024


def _listening_socket(running):
    if isinstance(running, odoo_server.PreforkServer):
        return running.socket
    if isinstance(running, odoo_server.GeventServer):
        return getattr(getattr(running, 'httpd', None), 'socket', None)
    return None  # threaded server (development, tests): its own queue, left as is


def widen():
    sock = _listening_socket(getattr(odoo_server, 'server', None))
    if sock is None:
        return
    try:
        sock.listen(BACKLOG)
    except OSError as error:  # a closed socket (server stopping): nothing to widen
        _logger.warning('listen queue left as it is: %s', error)


def install():
    # on the process's first request (load_addons runs then, once): its listening
    # socket exists by then (the gevent process makes it only once it serves)
    patching.wrap(http.Root, 'load_addons', patching.followed_by(widen))
