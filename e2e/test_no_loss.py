"""No message lost, none twice, all in order — against the real server.

50 visitors chat at once with one operator, 20 messages each way, the two sides
writing concurrently; a visitor back after the bus forgot its notifications, and
an operator opening the backend after the visitor wrote, still get everything."""
import concurrent.futures
import re
import threading
import time

import pytest

from conftest import (OPERATOR_GROUPS, OdooClient, backend_user, limits_lifted, operator_says,
                      text_of)
from visitor_client import Visitor

SESSIONS = 50
MESSAGES = 20
SENDERS = 16          # threads posting messages (visitors' and operator's)
DEADLINE = 240        # seconds for the whole exchange; the test fails past it
LIMITS = ['livechat.rate_limit.sessions_per_ip_per_minute',
          'livechat.rate_limit.messages_per_session_per_minute']
pytestmark = pytest.mark.delivery  # also in the production layout (runtime/run_tests.py)


@pytest.fixture(scope='module', autouse=True)
def lifted(admin):
    """All visitors come from 127.0.0.1 and write fast: raise the limits for this
    module only."""
    with limits_lifted(admin, LIMITS):
        yield


@pytest.fixture(scope='module')
def operator(admin):
    """An operator (not the administrator), logged in over JSON-RPC and online."""
    user = backend_user(admin, 'noloss', OPERATOR_GROUPS, 'Olga Noloss')
    user['client'].login_name = user['login']
    return user['client']


@pytest.fixture
def channel(admin, operator, live_channel):
    operator.model('bus.presence', 'update', 0)  # online, as their open backend says
    return live_channel


@pytest.fixture(scope='module')
def live_channel(admin, operator):
    return admin.model('livechat.channel', 'create', {
        'name': 'No loss', 'rule_ids': [(0, 0, {'action': 'show', 'url_regex': ''})],
        'operator_ids': [(0, 0, {'user_id': operator.uid, 'max_concurrent_chats': 1000})]})


class VisitorPoller(threading.Thread):
    """Long polls /livechat/poll like the widget (last id seen, bus cursor) until it
    holds ``expected`` messages or the deadline passes; keeps every answer."""

    def __init__(self, visitor, expected, deadline):
        super().__init__(daemon=True)
        self.visitor, self.expected, self.deadline = visitor, expected, deadline
        self.received, self.errors = [], []

    def run(self):
        last = cursor = 0
        while len(self.received) < self.expected and time.time() < self.deadline:
            status, answer = self.visitor.call('/livechat/poll', {'last': last, 'cursor': cursor},
                                               timeout=60)
            if status != 200:
                self.errors.append((status, answer))
                time.sleep(0.5)
                continue
            self.received += answer['messages']
            last = max([last] + [m['id'] for m in answer['messages']])
            cursor = answer['cursor']


class OperatorBus(threading.Thread):
    """The operator's web client listening on /longpolling/poll: every message
    notification of a mail.channel, by channel id."""

    def __init__(self, operator, deadline):
        super().__init__(daemon=True)
        self.client = OdooClient().login(operator.login_name, operator.login_name)
        self.deadline, self.by_channel, self.stop = deadline, {}, threading.Event()

    def run(self):
        last = 0
        while not self.stop.is_set() and time.time() < self.deadline:
            for notification in self.client.call('/longpolling/poll', {
                    'channels': [], 'last': last, 'options': {}}, timeout=90) or []:
                last = max(last, notification['id'])
                target, message = notification['channel'], notification['message']
                if isinstance(target, list) and target[1:2] == ['mail.channel'] \
                        and isinstance(message, dict) and 'body' in message:
                    self.by_channel.setdefault(target[2], []).append(message)


def test_fifty_sessions_twenty_messages_each_way_exactly_once_in_order(
        admin, operator, channel, base_url):
    started = time.time()
    deadline = started + DEADLINE
    bus = OperatorBus(operator, deadline)
    bus.start()
    visitors = [Visitor(base_url) for _n in range(SESSIONS)]
    with concurrent.futures.ThreadPoolExecutor(SENDERS) as pool:
        list(pool.map(lambda n: visitors[n].start(channel, name='Visitor %d' % n),
                      range(SESSIONS)))
        pollers = [VisitorPoller(v, 2 * MESSAGES, deadline) for v in visitors]
        for poller in pollers:
            poller.start()

        # an operator gets a session's window at the visitor's first message and
        # answers from then on, as in the widget
        first_written = [threading.Event() for _n in range(SESSIONS)]

        def visitor_writes(n):
            ids = [visitors[n].say('v%d-00' % n)['id']]
            first_written[n].set()
            return ids + [visitors[n].say('v%d-%02d' % (n, i))['id'] for i in range(1, MESSAGES)]

        def operator_writes(n):
            first_written[n].wait(max(1, deadline - time.time()))
            return [operator_says(operator, visitors[n].session, 'o%d-%02d' % (n, i))
                    for i in range(MESSAGES)]

        # both sides of every session write at the same time
        visitor_jobs = [pool.submit(visitor_writes, n) for n in range(SESSIONS)]
        operator_jobs = [pool.submit(operator_writes, n) for n in range(SESSIONS)]
        visitor_ids = [job.result() for job in visitor_jobs]
        operator_ids = [job.result() for job in operator_jobs]
    written = time.time()
    for poller in pollers:
        poller.join(max(1, deadline - time.time()))
    print('%d sessions, %d messages written in %.1f s, all read %.1f s later' % (
        SESSIONS, 2 * SESSIONS * MESSAGES, written - started, time.time() - written))

    for n, (visitor, poller) in enumerate(zip(visitors, pollers, strict=True)):
        # each side's messages got increasing ids in the order they were written
        assert visitor_ids[n] == sorted(visitor_ids[n]) and \
            operator_ids[n] == sorted(operator_ids[n])
        assert not poller.errors, poller.errors[:3]
        got = [(m['id'], m['author'], m['body']) for m in poller.received]
        # the visitor's poll: every operator message once, in order, and its own too
        assert [g for g in got if g[1] == 'operator'] == [
            (id_, 'operator', 'o%d-%02d' % (n, i)) for i, id_ in enumerate(operator_ids[n])]
        assert [g for g in got if g[1] == 'visitor'] == [
            (id_, 'visitor', 'v%d-%02d' % (n, i)) for i, id_ in enumerate(visitor_ids[n])]
        assert [g[0] for g in got] == sorted(g[0] for g in got)
        # what the operator's chat window loads: every visitor message once, in order
        stored = operator.model('mail.channel', 'channel_fetch_message', [visitor.session],
                                limit=1000)
        from_visitor = [(m['id'], text_of(m['body'])) for m in reversed(stored)
                        if text_of(m['body']).startswith('v')]
        assert from_visitor == [(id_, 'v%d-%02d' % (n, i))
                                for i, id_ in enumerate(visitor_ids[n])]
    # what the operator's open web client was told live by Odoo 11's bus, which
    # reads "after the last id" over all their sessions: every message of each
    # session, both sides', once and in order (bus ids follow commit order:
    # models/bus_bus.py)
    expected, told = [], []
    for n in range(len(visitors)):
        texts = {id_: 'v%d-%02d' % (n, i) for i, id_ in enumerate(visitor_ids[n])}
        texts.update({id_: 'o%d-%02d' % (n, i) for i, id_ in enumerate(operator_ids[n])})
        expected.append(sorted(texts.items()))
    caught_up = time.time() + 60
    while told != expected and time.time() < caught_up:
        time.sleep(0.5)
        told = [[(m['id'], text_of(m['body'])) for m in list(bus.by_channel.get(v.session, []))
                 if re.fullmatch(r'[vo]\d+-\d\d', text_of(m['body']))] for v in visitors]
    bus.stop.set()
    for n in range(SESSIONS):
        assert told[n] == expected[n], (n, len(told[n]), len(expected[n]))
    print('the operator bus woke the chat window for all %d messages' % (
        2 * SESSIONS * MESSAGES))


def test_visitor_back_after_the_bus_forgot_gets_every_missed_message(
        admin, operator, channel, base_url):
    visitor = Visitor(base_url)
    visitor.start(channel, name='Away Anna')
    last_seen = visitor.say('I will be right back')['id']
    # the operator answers while the visitor's browser is away
    missed = [operator_says(operator, visitor.session, 'while away %d' % i) for i in range(5)]
    wake_ups = admin.model('bus.bus', 'search', [
        ('channel', 'like', '"livechat.visitor",'),
        '|', '|', '|', '|'] + [('message', '=', '{"type":"message","id":%d}' % id_)
                               for id_ in missed])
    assert len(wake_ups) == len(missed)
    # the bus garbage-collects its notifications: here, all of them at once
    admin.model('bus.bus', 'unlink', wake_ups)

    status, history = visitor.call('/livechat/history?after=%d' % last_seen)
    assert status == 200 and history['state'] == 'open'
    assert [(m['id'], m['body']) for m in history['messages']] == \
        [(id_, 'while away %d' % i) for i, id_ in enumerate(missed)]
    # a poll with a bus cursor older than anything the bus holds answers the same, at once
    status, answer = visitor.call('/livechat/poll', {'last': last_seen, 'cursor': 1})
    assert status == 200 and [m['id'] for m in answer['messages']] == missed
    # and nothing more after the last one
    status, answer = visitor.call('/livechat/history?after=%d' % missed[-1])
    assert status == 200 and answer['messages'] == []


def test_message_written_while_the_operator_is_away_is_there_when_they_open(
        admin, operator, channel, base_url):
    visitor = Visitor(base_url)
    visitor.start(channel, name='Early Eve')
    written = [visitor.say('anyone there? %d' % i)['id'] for i in range(3)]
    # the operator opens the backend: a new browser session, what the web client loads
    opened = OdooClient().login(operator.login_name, operator.login_name)
    slots = opened.call('/mail/client_action', {})['channel_slots']
    mine = [c for c in slots['channel_livechat_visitor'] if c['id'] == visitor.session]
    assert len(mine) == 1 and mine[0]['anonymous_name'] == 'Early Eve'
    assert mine[0]['message_unread_counter'] == len(written)
    stored = opened.model('mail.channel', 'channel_fetch_message', [visitor.session])
    assert [(m['id'], text_of(m['body'])) for m in reversed(stored)] == \
        [(id_, 'anyone there? %d' % i) for i, id_ in enumerate(written)]


def test_simultaneous_starts_and_messages_are_never_a_server_error(admin, channel, base_url):
    """Regression: concurrent hits on one rate counter, or two messages of one
    session at once, failed with a serialization error turned into a 500."""
    visitors = [Visitor(base_url) for _n in range(12)]
    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        starts = list(pool.map(lambda v: v.call('/livechat/session', {'channel': channel}),
                               visitors))
        assert [status for status, _answer in starts] == [200] * 12, starts
        one = Visitor(base_url)
        one.secret = starts[0][1]['secret']
        posts = list(pool.map(lambda i: one.call('/livechat/message', {'body': 'at once %d' % i}),
                              range(12)))
    assert [status for status, _answer in posts] == [200] * 12, posts
    ids = [answer['message']['id'] for _status, answer in posts]
    status, history = one.call('/livechat/history')
    assert [m['id'] for m in history['messages']] == sorted(ids)
