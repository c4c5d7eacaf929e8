"""Two changes to Odoo 11's request set-up, for the public JSON routes an
addon declares in its manifest::

    'public_json_api': {'paths': ['/livechat/'], 'except': ['/livechat/operator/']},

(path prefixes; ``except`` keeps Odoo's handling under a declared prefix).

- Odoo 11 takes every application/json body for JSON-RPC, which those routes
  do not speak: they get Odoo's plain HTTP request, and decode their body.
- A cookieless request (every call of a widget from another site) makes Odoo
  list the server's databases to pick one: a connection and a query per call.
  There the pick is remembered per Host for a minute.

Every declaration of every addon on the addons path is read once, at start."""
import functools
import time

import odoo
from odoo import http
from odoo.modules import module

from . import patching

MANIFEST_KEY = 'public_json_api'
DB_CHOICE_SECONDS = 60
_db_choice = {}  # Host header (or '') -> (database, until)
_paths, _excepted = (), ()


def declared_paths():
    """(prefixes, prefixes excepted) that the addons' manifests declare."""
    paths, excepted = set(), set()
    for name in module.get_modules():
        declared = module.load_information_from_description_file(name).get(MANIFEST_KEY) or {}
        paths.update(declared.get('paths', ()))
        excepted.update(declared.get('except', ()))
    return tuple(sorted(paths)), tuple(sorted(excepted))


def is_public_json_api(httprequest):
    path = httprequest.path
    return path.startswith(_paths) and not path.startswith(_excepted)


def _plain_http(get_request):
    @functools.wraps(get_request)
    def wrapper(self, httprequest):
        if is_public_json_api(httprequest):
            return http.HttpRequest(httprequest)
        return get_request(self, httprequest)
    return wrapper


def _remembered_db(setup_db):
    @functools.wraps(setup_db)
    def wrapper(self, httprequest):
        if httprequest.session.db or not is_public_json_api(httprequest):
            return setup_db(self, httprequest)
        dbfilter = odoo.tools.config['dbfilter'] or ''
        # the Host only matters to a filter naming it; it is the client's to
        # choose, hence the bound on what is remembered
        host = httprequest.environ.get('HTTP_HOST', '') if '%' in dbfilter else ''
        if len(_db_choice) > 1000:
            _db_choice.clear()
        db, until = _db_choice.get(host, (None, 0))
        if db and until > time.monotonic():
            httprequest.session.db = db
            return None
        result = setup_db(self, httprequest)
        if httprequest.session.db:
            _db_choice[host] = (httprequest.session.db, time.monotonic() + DB_CHOICE_SECONDS)
        return result
    return wrapper


def install():
    global _paths, _excepted
    _paths, _excepted = declared_paths()
    patching.wrap(http.Root, 'get_request', _plain_http)
    patching.wrap(http.Root, 'setup_db', _remembered_db)
