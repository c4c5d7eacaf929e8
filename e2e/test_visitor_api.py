"""The visitor API over plain HTTP against the real server: realtime both ways
(the bus only notifies on commit, so this cannot run inside Odoo's test cursor)."""
import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import OdooClient, limits_lifted


def call(base_url, path, body=None, secret=None, method=None, content_type='application/json'):
    """One request to the public API: (status, JSON answer)."""
    if body is None or isinstance(body, bytes):
        data = body
    else:
        data = json.dumps(body).encode()
    headers = {'Content-Type': content_type} if data is not None else {}
    if secret:
        headers['X-Livechat-Secret'] = secret
    request = urllib.request.Request(base_url + path, data, headers,
                                     method=method or ('POST' if data is not None else 'GET'))
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b'{}')
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope='module', autouse=True)
def many_sessions_allowed(admin):
    """Every test here starts a session from 127.0.0.1: lift the per-IP limit meanwhile."""
    with limits_lifted(admin, ['livechat.rate_limit.sessions_per_ip_per_minute'], '1000'):
        yield


@pytest.fixture
def chat(admin, base_url):
    """A channel whose only operator (admin) is online, and a fresh visitor session."""
    admin.model('bus.presence', 'update', 0)
    channel = admin.model('livechat.channel', 'create', {
        'name': 'API realtime', 'welcome_message': 'Welcome to the API test',
        'rule_ids': [(0, 0, {'action': 'show', 'url_regex': ''})],
        'operator_ids': [(0, 0, {'user_id': admin.uid, 'max_concurrent_chats': 1000})]})
    status, session = call(base_url, '/livechat/session',
                           {'channel': channel, 'name': 'Realtime Rita',
                            'url': 'https://shop.example/tea'})
    assert status == 200, session
    return session


class Poll(threading.Thread):
    """A visitor's long poll left waiting in the background."""

    def __init__(self, base_url, secret, last):
        super().__init__(daemon=True)
        self.args = (base_url, '/livechat/poll', {'last': last, 'cursor': 0}, secret)
        self.answer = None

    def run(self):
        self.answer = call(*self.args)


def start_poll(base_url, secret, last):
    poll = Poll(base_url, secret, last)
    poll.start()
    time.sleep(1.5)
    assert poll.is_alive(), 'the poll answered before anything happened: %s' % (poll.answer,)
    return poll


def test_visitor_message_reaches_the_operator(admin, base_url, chat):
    status, answer = call(base_url, '/livechat/message', {'body': 'Is <b>green</b> tea in stock?'},
                          chat['secret'])
    assert status == 200, answer
    message = answer['message']
    assert message['author'] == 'visitor' and message['body'] == 'Is <b>green</b> tea in stock?'
    # the operator reads it as a channel message, escaped, with the visitor's name
    stored = admin.model('mail.message', 'read', [message['id']],
                         ['body', 'model', 'res_id', 'email_from', 'author_id'])[0]
    assert (stored['model'], stored['res_id']) == ('mail.channel', chat['session'])
    assert '&lt;b&gt;green&lt;/b&gt;' in stored['body'] and not stored['author_id']
    assert stored['email_from'] == 'Realtime Rita'
    # and mail's own notification wakes the operator's chat window
    found = admin.model('bus.bus', 'search_read',
                        [('channel', 'like', '"mail.channel",%d]' % chat['session']),
                         ('message', 'like', 'in stock')], ['id'])
    assert found


def test_operator_message_wakes_the_waiting_visitor(admin, base_url, chat):
    status, history = call(base_url, '/livechat/history', secret=chat['secret'])
    assert status == 200 and history['state'] == 'open'
    last = max([m['id'] for m in history['messages']] or [0])
    poll = start_poll(base_url, chat['secret'], last)
    message_id = admin.model('mail.channel', 'message_post', [chat['session']],
                             body='Yes, plenty of it.', message_type='comment',
                             subtype='mail.mt_comment')
    poll.join(40)
    status, answer = poll.answer
    assert status == 200, answer
    assert [(m['id'], m['author'], m['body']) for m in answer['messages']] == \
        [(message_id, 'operator', 'Yes, plenty of it.')]
    # woken by the bus (not by the end of its wait): its cursor passed the wake-up
    wake_up = admin.model('bus.bus', 'search_read',
                          [('channel', 'like', '"livechat.visitor",'),
                           ('message', '=', '{"type":"message","id":%d}' % message_id)], ['id'])
    assert len(wake_up) == 1 and answer['cursor'] >= wake_up[0]['id']
    assert answer['state'] == 'open'


def test_operator_typing_wakes_the_waiting_visitor(admin, base_url, chat):
    poll = start_poll(base_url, chat['secret'], 10 ** 9)
    assert admin.call('/livechat/operator/typing',
                      {'session_id': chat['session'], 'typing': True}) is True
    poll.join(40)
    status, answer = poll.answer
    assert status == 200 and answer['operator_typing'] is True and answer['messages'] == []


def test_operator_typing_refuses_a_session_of_someone_else(admin, base_url, chat):
    other = admin.model('mail.channel', 'create', {'name': 'not a member', 'public': 'private',
                                                   'channel_partner_ids': [(6, 0, [])]})
    for session_id in (other, 10 ** 8):
        assert admin.call('/livechat/operator/typing',
                          {'session_id': session_id, 'typing': True}) is False


def test_visitor_events_reach_the_operator_bus_channel(admin, base_url, chat):
    secret, session = chat['secret'], chat['session']
    assert call(base_url, '/livechat/typing', {'typing': True}, secret)[0] == 200
    assert call(base_url, '/livechat/page', {'url': 'https://shop.example/cart',
                                             'title': 'Cart'}, secret)[0] == 200
    assert call(base_url, '/livechat/end', {}, secret) == (200, {'state': 'closed'})
    assert call(base_url, '/livechat/rating', {'rating': 5, 'comment': 'Quick'}, secret)[0] == 200
    events = admin.model('bus.bus', 'search_read',
                         [('channel', 'like', '"livechat.operator",%d]' % admin.uid),
                          ('message', 'like', '"session_id":%d}' % session)], ['message'])
    kinds = [json.loads(event['message'])['type'] for event in events]
    assert {'typing', 'visitor_update', 'session_closed', 'rating'} <= set(kinds)
    stored = admin.model('mail.channel', 'read', [session],
                         ['livechat_state', 'visitor_page_url', 'livechat_rating'])[0]
    assert (stored['livechat_state'], stored['visitor_page_url'], stored['livechat_rating']) == \
        ('closed', 'https://shop.example/cart', 5)
    # a closed session answers a poll at once, and takes no more messages
    status, answer = call(base_url, '/livechat/poll', {'last': 10 ** 9}, secret)
    assert status == 200 and answer['state'] == 'closed'
    assert call(base_url, '/livechat/message', {'body': 'hello?'}, secret)[1]['code'] == \
        'session_closed'


def test_plain_json_and_cors_on_the_real_server(base_url, chat):
    """Odoo 11 would take application/json for JSON-RPC; our routes answer plain JSON."""
    request = urllib.request.Request(base_url + '/livechat/message', method='OPTIONS',
                                     headers={'Origin': 'https://elsewhere.example',
                                              'Access-Control-Request-Headers':
                                              'content-type, x-livechat-secret'})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers['Access-Control-Allow-Origin'] == '*'
        assert 'X-Livechat-Secret' in response.headers['Access-Control-Allow-Headers']
    assert call(base_url, '/livechat/message', b'{"body": ', chat['secret'])[1]['code'] == \
        'invalid_json'
    assert call(base_url, '/livechat/message', b'[1]', chat['secret'])[1]['code'] == 'invalid_json'
    wrong = chat['secret'][:-2] + ('AA' if not chat['secret'].endswith('AA') else 'BB')
    token = chat['secret'].split('.', 1)[1]
    for secret in [wrong, '999999999999999999.' + token, '%d.%s' % (chat['session'] + 1, token),
                   chat['secret'] + ' ', 'x' * 5000, "1' OR '1'='1"]:
        assert call(base_url, '/livechat/poll', {'last': 0}, secret) == \
            (403, {'code': 'forbidden',
                   'message': 'This chat session is not yours or does not exist.'}), secret
    # ids beyond PostgreSQL's integer are refused, not a database error
    assert call(base_url, '/livechat/poll', {'last': 2 ** 31}, chat['secret'])[1]['code'] == \
        'bad_request'
    assert call(base_url, '/livechat/history?after=%d' % 2 ** 31,
                secret=chat['secret'])[1]['code'] == 'bad_request'
    status, answer = call(base_url, '/livechat/history?after=%d' % (2 ** 31 - 1),
                          secret=chat['secret'])
    assert status == 200 and answer['messages'] == []


def test_portal_and_public_users_read_nothing_by_rpc(admin, base_url, chat):
    """The chats are not reachable through Odoo's own JSON-RPC either."""
    call(base_url, '/livechat/message', {'body': 'my order number is 4711'}, chat['secret'])
    stamp = int(time.time() * 1000)
    admin.model('res.users', 'create', {
        'name': 'Portal %d' % stamp, 'login': 'portal%d' % stamp, 'password': 'portal%d' % stamp,
        'groups_id': [(6, 0, [admin.model('ir.model.data', 'xmlid_to_res_id',
                                          'base.group_portal')])]})
    portal = OdooClient(base_url).login('portal%d' % stamp, 'portal%d' % stamp)
    public = OdooClient(base_url)  # no login: Odoo's public user, if anything
    reads = [('mail.channel', [('id', '=', chat['session'])]),
             ('mail.message', [('model', '=', 'mail.channel'), ('res_id', '=', chat['session'])]),
             ('livechat.channel', []), ('livechat.channel.rule', []), ('livechat.operator', []),
             ('livechat.session.report', []), ('livechat.assignment', [])]
    for client, who in [(portal, 'portal'), (public, 'public')]:
        for model, domain in reads:
            try:
                found = client.model(model, 'search_read', domain, ['display_name'])
            except RuntimeError as error:  # access error or no session: refused
                assert 'order number' not in str(error)
            else:
                assert found == [], (who, model, found)


def test_messages_sent_at_the_same_time_all_arrive(base_url, chat):
    """Several messages of one session at once (two tabs, a double click) update
    the same session row: none may fail on PostgreSQL's concurrent update check."""
    bodies = ['Same time %d' % n for n in range(8)]
    barrier, statuses = threading.Barrier(len(bodies)), []

    def send(body):
        barrier.wait()
        statuses.append(call(base_url, '/livechat/message', {'body': body}, chat['secret']))

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(status for status, _answer in statuses) == [200] * len(bodies), statuses
    status, history = call(base_url, '/livechat/history', secret=chat['secret'])
    assert sorted(m['body'] for m in history['messages'] if m['author'] == 'visitor') == bodies
