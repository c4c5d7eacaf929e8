"""Fixtures for tests against the running Odoo server started by run_tests.py."""
import contextlib
import json
import os
import re
import time
import urllib.request
from http.cookiejar import CookieJar

import pytest

from widget_pages import ThirdPartySite

BASE_URL = os.environ.get('LIVECHAT_URL', 'http://127.0.0.1:8069')
DB = os.environ.get('LIVECHAT_DB', 'livechat_test')
ARTIFACTS = os.environ.get('LIVECHAT_ARTIFACTS', os.path.join(os.getcwd(), '.run', 'artifacts'))
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update',
                 '--disable-sync']


class OdooClient:
    """JSON-RPC as a logged-in user, with its own cookie jar."""

    def __init__(self, base_url=BASE_URL):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def call(self, path, params, timeout=60):
        body = json.dumps({'jsonrpc': '2.0', 'method': 'call', 'params': params}).encode()
        request = urllib.request.Request(self.base_url + path, body,
                                         {'Content-Type': 'application/json'})
        with self.opener.open(request, timeout=timeout) as response:
            reply = json.loads(response.read())
        if 'error' in reply:
            raise RuntimeError(reply['error'].get('data', {}).get('message') or reply['error'])
        return reply.get('result')  # Odoo omits a null result

    def login(self, login, password):
        result = self.call('/web/session/authenticate',
                           {'db': DB, 'login': login, 'password': password})
        assert result.get('uid'), 'login failed for %s' % login
        self.uid = result['uid']
        return self

    def model(self, model, method, *args, **kwargs):
        return self.call('/web/dataset/call_kw', {'model': model, 'method': method,
                                                  'args': list(args), 'kwargs': kwargs})


@contextlib.contextmanager
def limits_lifted(admin, keys, value='100000'):
    """Rate limits raised meanwhile (every test visitor comes from 127.0.0.1), then
    put back; the minute's session counters, full of these sessions, are dropped
    too, or the tests right after would meet a limit the hits made meanwhile."""
    before = {key: admin.model('ir.config_parameter', 'get_param', key) for key in keys}
    for key in keys:
        admin.model('ir.config_parameter', 'set_param', key, value)
    try:
        yield
    finally:
        for key, old in before.items():
            admin.model('ir.config_parameter', 'set_param', key, old or False)
        admin.model('livechat.rate.counter', 'unlink', admin.model(
            'livechat.rate.counter', 'search', [('key', '=like', 'session_start:%')]))


@pytest.fixture(scope='session')
def base_url():
    return BASE_URL


@pytest.fixture(scope='session')
def admin():
    return OdooClient().login('admin', 'admin')


OPERATOR_GROUPS = ['base.group_user', 'livechat.group_livechat_operator']


def backend_user(admin, role, groups, name=None):
    """A user who is not the superuser, with these groups (xml ids; those of
    modules not installed are left out), logged in over JSON-RPC; the login is
    also the password. A dict: id, login, password, name, partner_id, client."""
    login = 'e2e_%s_%d' % (role, time.time() * 1000)
    group_ids = [admin.model('ir.model.data', 'xmlid_to_res_id', xmlid) for xmlid in groups]
    user_id = admin.model('res.users', 'create', {
        'name': name or '%s %s' % (role.replace('_', ' ').title(), login[-5:]), 'login': login,
        'password': login, 'email': login + '@example.com',  # Discuss posts need one
        'groups_id': [(6, 0, [gid for gid in group_ids if gid])]})
    user = admin.model('res.users', 'read', [user_id], ['name', 'partner_id'])[0]
    assert user_id != admin.uid
    return {'id': user_id, 'login': login, 'password': login, 'name': user['name'],
            'partner_id': user['partner_id'][0], 'client': OdooClient().login(login, login)}


# The backend's two roles, as the browser tests log in: neither is the superuser
# ('admin' is, in Odoo 11), whom no record rule restricts.
@pytest.fixture(scope='session')
def lc_admin(admin):
    """Live Chat / Administrator (and Helpdesk manager, for the bridge's team form)."""
    return backend_user(admin, 'lc_admin', ['base.group_user', 'livechat.group_livechat_manager',
                                            'helpdesk_mgmt.group_helpdesk_manager'])


@pytest.fixture(scope='session')
def lc_operator(admin):
    """Live Chat / Operator."""
    return backend_user(admin, 'lc_operator', OPERATOR_GROUPS)


@pytest.fixture(scope='module')
def site():
    """A third-party website on another origin (widget_pages.ThirdPartySite)."""
    third_party = ThirdPartySite()
    yield third_party
    third_party.close()


@pytest.fixture(autouse=True)
def fresh_session_counters(admin):
    """Every test visitor comes from 127.0.0.1, and session starts are limited per
    address and clock minute: each test starts with none counted, so that whether
    it meets the limit never depends on how many sessions the tests before it
    started in the same minute (the limit itself stays, and is tested)."""
    admin.model('livechat.rate.counter', 'unlink', admin.model(
        'livechat.rate.counter', 'search', [('key', '=like', 'session_start:%')]))


@pytest.fixture
def operator_online(admin):
    """The admin, operator of the test channels, is online for the bus presence."""
    admin.model('bus.presence', 'update', 0)
    return admin.uid


@pytest.fixture(scope='session')
def artifacts():
    os.makedirs(ARTIFACTS, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope='session')
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path='/usr/bin/chromium',
                                              headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={'width': 1280, 'height': 800})
    yield context.new_page()
    context.close()


def operator_says(operator, session, text):
    """What the operator's chat window posts (JSON-RPC message_post)."""
    return operator.model('mail.channel', 'message_post', [session], body=text,
                          message_type='comment', subtype='mail.mt_comment')


def text_of(html):
    return re.sub(r'<[^>]+>', '', html or '').strip()
