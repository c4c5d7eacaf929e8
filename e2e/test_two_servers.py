"""Two Odoo servers on one database, the way an Odoo site scales out, and a server
restarted in the middle of a chat.

Runs in the production-layout stage of runtime/run_tests.py only (marker
``prefork``): server A is that stage's (``base_url``), server B is started here
with the same code (runtime/servers.py: prefork workers and the gevent process
behind its own nginx), so that the restart test can stop it and start it again.
The bus crosses servers through PostgreSQL's NOTIFY; everything else the two
share is the database (and Odoo's data directory)."""
import concurrent.futures
import os
import threading
import time
import urllib.error
import urllib.request

import pytest

import servers
from conftest import (DB, OPERATOR_GROUPS, OdooClient, backend_user, limits_lifted, operator_says,
                      text_of)
from visitor_client import Visitor
from widget_pages import session_of, visitor_says, widget

pytestmark = pytest.mark.prefork

SESSIONS_LIMIT = 'livechat.rate_limit.sessions_per_ip_per_minute'
MESSAGES_LIMIT = 'livechat.rate_limit.messages_per_session_per_minute'
# A long poll that nothing wakes answers after its own wait: 25 s for
# /livechat/poll (controllers/json_api.py), 50 s for Odoo's /longpolling/poll. An
# answer well before that came from a wake-up, here one sent by the other server.
VISITOR_WAIT, OPERATOR_WAIT = 25, 50


@pytest.fixture(scope='module')
def server_b(artifacts):
    with servers.ProxiedOdoo(DB, os.path.join(artifacts, 'server-b'),
                             odoo_args=['--log-level=warn']) as server:
        yield server


@pytest.fixture(scope='module', autouse=True)
def lifted(admin):
    with limits_lifted(admin, [SESSIONS_LIMIT, MESSAGES_LIMIT]):
        yield


@pytest.fixture(scope='module')
def operator_login(admin):
    """An operator (not the administrator): their login, also their password."""
    return backend_user(admin, 'twoservers', OPERATOR_GROUPS, 'Bea Twoservers')['login']


def operator_on(url, login):
    return OdooClient(url).login(login, login)


def new_channel(admin, operator):
    operator.model('bus.presence', 'update', 0)  # online
    return admin.model('livechat.channel', 'create', {
        'name': 'Two servers %s' % time.time(),
        'rule_ids': [(0, 0, {'action': 'show', 'url_regex': ''})],
        'operator_ids': [(0, 0, {'user_id': operator.uid, 'max_concurrent_chats': 1000})]})


def last_bus_id(admin):
    return max(admin.model('bus.bus', 'search', [], order='id desc', limit=1) or [0])


class OperatorListens(threading.Thread):
    """The operator's web client on one server: long polls /longpolling/poll after
    the last notification id, and keeps every message notification of
    ``session`` in the order they came. A failed poll (the server is down) is
    tried again a second later, with the same last id, as the web client does."""

    def __init__(self, operator, session, last):
        super().__init__(daemon=True)
        self.operator, self.session, self.last = operator, session, last
        self.messages, self.failures, self.stop = [], 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                notifications = self.operator.call('/longpolling/poll', {
                    'channels': [], 'last': self.last, 'options': {}}, timeout=90) or []
            except Exception:
                self.failures += 1
                time.sleep(1)
                continue
            for notification in notifications:
                self.last = max(self.last, notification['id'])
                target, message = notification['channel'], notification['message']
                if target[1:] == ['mail.channel', self.session] and 'body' in message:
                    self.messages.append((message['id'], text_of(message['body'])))

    def wait_for(self, message_id, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if message_id in [id_ for id_, _text in self.messages]:
                return True
            time.sleep(0.1)
        return False


def stored(operator, session):
    """What the operator's chat window loads: the session's messages, oldest first."""
    return [(m['id'], text_of(m['body'])) for m in reversed(operator.model(
        'mail.channel', 'channel_fetch_message', [session], limit=1000))]


def test_visitor_on_server_a_and_operator_on_server_b_each_get_every_message_in_order(
        admin, base_url, server_b, operator_login):
    operator = operator_on(server_b.url, operator_login)
    channel = new_channel(admin, operator)
    visitor = Visitor(base_url)
    visitor.start(channel, name='Ada on A')
    status, history = visitor.call('/livechat/history')
    assert status == 200, history
    before = [(m['id'], m['body']) for m in history['messages']]
    expected, seen = [], max([0] + [id_ for id_, _body in before])
    listens = OperatorListens(operator, visitor.session, last_bus_id(admin))
    listens.start()
    try:
        # one at a time: each message wakes the long poll waiting on the other server
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            for n in range(3):
                started = time.time()
                poll = pool.submit(visitor.call, '/livechat/poll', {'last': seen, 'cursor': 0})
                time.sleep(1)  # the visitor's poll is waiting on A
                reply = operator_says(operator, visitor.session, 'from B %d' % n)
                status, answer = poll.result()
                assert status == 200, answer
                assert [(m['id'], m['body']) for m in answer['messages']] == [
                    (reply, 'from B %d' % n)]
                assert time.time() - started < VISITOR_WAIT - 5, 'not woken from server B'
                question = visitor.say('from A %d' % n)['id']
                assert listens.wait_for(question, OPERATOR_WAIT - 10), 'not woken from server A'
                expected += [(reply, 'from B %d' % n), (question, 'from A %d' % n)]
                seen = question
        # then both sides at once, 15 messages each, while both long-poll
        received = []

        def visitor_polls():
            last, cursor, deadline = seen, 0, time.time() + 120
            while len(received) < 30 and time.time() < deadline:
                status, answer = visitor.call('/livechat/poll', {'last': last, 'cursor': cursor},
                                              timeout=60)
                assert status == 200, answer
                received.extend((m['id'], m['body']) for m in answer['messages'])
                last = max([last] + [m['id'] for m in answer['messages']])
                cursor = answer['cursor']

        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            polling = pool.submit(visitor_polls)
            from_b = pool.submit(lambda: [(operator_says(operator, visitor.session, 'B%02d' % i),
                                           'B%02d' % i) for i in range(15)])
            from_a = pool.submit(lambda: [(visitor.say('A%02d' % i)['id'], 'A%02d' % i)
                                          for i in range(15)])
            burst = sorted(from_b.result() + from_a.result())
            polling.result()
        assert received == burst
        expected += burst
        assert listens.wait_for(burst[-1][0], OPERATOR_WAIT)
    finally:
        listens.stop.set()
    # none lost, none twice, in order: live on B, in the chat window (B), for the visitor (A)
    assert listens.messages == expected
    assert stored(operator, visitor.session) == before + expected
    status, history = visitor.call('/livechat/history')
    assert [(m['id'], m['body']) for m in history['messages']] == before + expected


def test_the_session_limit_reached_through_server_a_holds_on_server_b(
        admin, base_url, server_b, operator_login):
    channel = new_channel(admin, operator_on(base_url, operator_login))
    limit = 3
    with limits_lifted(admin, [SESSIONS_LIMIT], str(limit)):
        admin.model('livechat.rate.counter', 'unlink', admin.model(
            'livechat.rate.counter', 'search', [('key', '=like', 'session_start:%')]))
        # the limit counts per clock minute: all of this in one minute
        if time.time() % 60 > 40:
            time.sleep(61 - time.time() % 60)
        for _n in range(limit):
            Visitor(base_url).start(channel)
        for url in (server_b.url, base_url):
            status, body = Visitor(url).call('/livechat/session', {'channel': channel})
            assert status == 429 and body.get('code') == 'rate_limited', (url, status, body)


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def test_server_restart_mid_chat_the_widget_and_the_operator_get_everything_once_in_order(
        admin, base_url, server_b, operator_login, site, page):
    """The visitor's widget (Chromium) and the operator both on server B; B stops
    right after the operator wrote, the operator writes more through server A
    while B is down, B starts again."""
    operator_b = operator_on(server_b.url, operator_login)
    operator_a = operator_on(base_url, operator_login)
    channel = new_channel(admin, operator_b)
    page.goto(site.page('restart.html', server_b.url, channel))
    widget(page).locator('.lc-button').click()
    visitor_says(page, 'Hello from the widget')
    session = session_of(admin, channel)
    listens = OperatorListens(operator_b, session, last_bus_id(admin))
    listens.start()
    try:
        operator_says(operator_b, session, 'Reply before the restart')
        widget(page).locator('.lc-msg').filter(has_text='Reply before the restart').wait_for()
        operator_says(operator_b, session, 'Written just before the stop')
        server_b.stop_odoo()
        assert status_of(server_b.url + '/web/login') == 502  # nginx: Odoo is down
        for n in range(3):
            operator_says(operator_a, session, 'Written while B is down %d' % n)
        assert status_of(server_b.url + '/web/login') == 502  # still down meanwhile
        server_b.start_odoo()
        # the widget's poll failed meanwhile: it tries again after growing pauses
        # (at most about 45 s) with the last id it had
        widget(page).locator('.lc-msg').filter(has_text='Written while B is down 2').wait_for(
            timeout=120000)
        visitor_says(page, 'Back after the restart')
        everything = stored(operator_b, session)
        assert [text for _id, text in everything] == [
            'Hello from the widget', 'Reply before the restart', 'Written just before the stop',
            'Written while B is down 0', 'Written while B is down 1',
            'Written while B is down 2', 'Back after the restart']
        assert listens.wait_for(everything[-1][0], OPERATOR_WAIT)
    finally:
        listens.stop.set()
    assert listens.failures, 'the operator never met the stopped server'
    # the visitor sees each message once, in id order, as stored (the welcome aside)
    shown = widget(page).locator('.lc-msg[data-id]:not([data-id="0"])').evaluate_all(
        'nodes => nodes.map(n => [+n.dataset.id, n.lastChild.textContent])')
    assert [tuple(m) for m in shown] == everything
    # and so does the operator's web client on B: from the first message it heard on
    assert listens.messages == everything[1:]
