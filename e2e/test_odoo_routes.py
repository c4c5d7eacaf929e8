"""Odoo's own public routes that take a chat's uuid (mail's /mail/chat_post and
/mail/chat_history, im_livechat's /im_livechat/feedback), called over real HTTP
by an anonymous client: our sessions do not answer them (only /livechat/...,
with the secret), other chats still do."""
import time

import pytest

from conftest import OdooClient, limits_lifted
from visitor_client import Visitor


@pytest.fixture(scope='module', autouse=True)
def many_sessions_allowed(admin):
    with limits_lifted(admin, ['livechat.rate_limit.sessions_per_ip_per_minute'], '1000'):
        yield


@pytest.fixture
def session(admin, base_url):
    """An open session with one visitor message, its uuid and an anonymous client."""
    admin.model('bus.presence', 'update', 0)
    channel = admin.model('livechat.channel', 'create', {
        'name': 'Odoo routes %s' % time.time(),
        'operator_ids': [(0, 0, {'user_id': admin.uid, 'max_concurrent_chats': 1000})]})
    visitor = Visitor(base_url)
    visitor.start(channel, name='Uma Uuid')
    visitor.say('only through /livechat/')
    uuid = admin.model('mail.channel', 'read', [visitor.session], ['uuid'])[0]['uuid']
    return visitor, uuid


def messages(admin, session_id):
    return admin.model('mail.message', 'search_read',
                       [('model', '=', 'mail.channel'), ('res_id', '=', session_id)], ['body'])


def test_odoo_chat_routes_do_not_reach_our_sessions(admin, base_url, session):
    visitor, uuid = session
    anonymous = OdooClient(base_url)
    before = messages(admin, visitor.session)
    for state in ('open', 'closed'):
        assert anonymous.call('/mail/chat_post', {
            'uuid': uuid, 'message_content': 'x' * 20000}) in (False, None), state
        assert anonymous.call('/mail/chat_history', {'uuid': uuid}) == [], state
        assert anonymous.call('/im_livechat/feedback', {'uuid': uuid, 'rate': 1}) in (False, None)
        visitor.call('/livechat/end', {})
    after = messages(admin, visitor.session)
    assert 'x' * 100 not in str(after), 'nothing posted through Odoo\'s route'
    assert len(after) == len(before) + 1, 'only the end of the chat was added'
    assert admin.model('rating.rating', 'search_count', [
        ('res_model', '=', 'mail.channel'), ('res_id', '=', visitor.session)]) == 0
    # the visitor's own route still reads it all
    status, history = visitor.call('/livechat/history?after=0')
    assert status == 200 and [m['body'] for m in history['messages']] == ['only through /livechat/']


def test_a_bogus_uuid_writes_nothing(admin, base_url):
    marker = 'orphan %s' % time.time()
    anonymous = OdooClient(base_url)
    assert anonymous.call('/mail/chat_post', {
        'uuid': 'no-such-uuid', 'message_content': marker}) in (False, None)
    assert admin.model('mail.message', 'search_count', [('body', 'ilike', marker)]) == 0


def test_other_public_chats_still_use_odoo_routes(admin, base_url):
    channel = admin.model('mail.channel', 'create', {
        'name': 'Public channel %s' % time.time(), 'public': 'public'})
    uuid = admin.model('mail.channel', 'read', [channel], ['uuid'])[0]['uuid']
    anonymous = OdooClient(base_url)
    message_id = anonymous.call('/mail/chat_post', {'uuid': uuid, 'message_content': 'hello'})
    assert message_id
    history = anonymous.call('/mail/chat_history', {'uuid': uuid})
    assert [m['id'] for m in history] == [message_id]
