"""request_setup.py: the declared public JSON routes get Odoo's plain HTTP
request and, without a cookie, the database picked once a minute."""
import requests
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

import odoo
from odoo import http
from odoo.tests import common

from odoo.addons.server_tuning import request_setup


def declare(case, paths, excepted=()):
    case.addCleanup(setattr, request_setup, '_paths', request_setup._paths)
    case.addCleanup(setattr, request_setup, '_excepted', request_setup._excepted)
    request_setup._paths, request_setup._excepted = paths, excepted


class TestPlainJson(common.BaseCase):

    def request_type(self, path):
        environ = EnvironBuilder(path=path, method='POST', data=b'{"a": 1}',
                                 content_type='application/json').get_environ()
        httprequest = Request(environ)
        httprequest.session = http.root.session_store.new()
        return http.root.get_request(httprequest)._request_type

    def test_declared_routes_get_plain_http(self):
        declare(self, ('/api/',), ('/api/rpc/',))
        self.assertEqual(self.request_type('/api/message'), 'http')
        self.assertEqual(self.request_type('/api/rpc/call'), 'json')  # excepted
        self.assertEqual(self.request_type('/web/dataset/call_kw'), 'json')  # not declared

    def test_manifests_declare_their_routes(self):
        paths, excepted = request_setup.declared_paths()
        self.assertIn('/livechat/', paths)  # the addon beside: __manifest__.py
        self.assertIn('/livechat/operator/', excepted)


@common.at_install(False)
@common.post_install(True)
class TestRememberedDatabase(common.HttpCase):

    def test_cookieless_calls_pick_the_database_once(self):
        """A widget on another site sends no cookie: Odoo would list the
        server's databases to pick one on every call; here once a minute."""
        list_dbs, listed = odoo.service.db.list_dbs, []

        def listing(*args, **kwargs):
            listed.append(args)
            return list_dbs(*args, **kwargs)
        odoo.service.db.list_dbs = listing
        self.addCleanup(setattr, odoo.service.db, 'list_dbs', list_dbs)
        declare(self, ('/web/binary/company_logo',))  # a route that lists no database itself
        request_setup._db_choice.clear()
        url = 'http://%s:%s/web/binary/company_logo' % (common.HOST, common.PORT)
        for _i in range(3):
            response = requests.get(url, timeout=60)  # a session of its own: no cookie
            self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(len(listed), 1)
        self.assertEqual(list(request_setup._db_choice.values())[0][0], self.env.cr.dbname)
