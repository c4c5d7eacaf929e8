"""Loaded with ``--load=web,server_tuning`` (or ``server_wide_modules``), its
``post_load`` runs once per process at start, before any database is served:
what it changes does not depend on which database a worker loaded first."""
from . import listen_queue, pool_wait, request_setup


def post_load():
    pool_wait.install()
    listen_queue.install()
    request_setup.install()
