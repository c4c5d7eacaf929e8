"""The product without platform/: its own database without bus_speedup, a server
without server_tuning (runtime/run_tests.py, stage_alone). A visitor chats
with an operator over the public API as with them, only slower."""
import urllib.error
import urllib.request

import pytest

from conftest import operator_says, text_of
from test_visitor_api import call

pytestmark = pytest.mark.alone


def test_no_platform_module_here(admin):
    assert admin.model('ir.module.module', 'search_count', [
        ('name', 'in', ['bus_speedup', 'server_tuning']), ('state', '=', 'installed')]) == 0


def test_visitor_and_operator_talk(admin, base_url):
    admin.model('bus.presence', 'update', 0)
    channel = admin.model('livechat.channel', 'create', {
        'name': 'Alone', 'rule_ids': [(0, 0, {'action': 'show', 'url_regex': ''})],
        'operator_ids': [(0, 0, {'user_id': admin.uid})]})
    status, init = call(base_url, '/livechat/init?channel=%d' % channel)
    assert (status, init['action'], init['available']) == (200, 'show', True), init
    status, session = call(base_url, '/livechat/session',
                           {'channel': channel, 'name': 'Solo Sam', 'url': 'https://shop.example/'})
    assert status == 200, session
    secret = session['secret']
    status, answer = call(base_url, '/livechat/message', {'body': 'Hello?'}, secret)
    assert status == 200, answer
    last = answer['message']['id']
    operator_says(admin, session['session'], 'Hello Sam')
    status, polled = call(base_url, '/livechat/poll', {'last': last, 'cursor': 0}, secret)
    assert status == 200, polled
    assert [(m['author'], text_of(m['body'])) for m in polled['messages']] == \
        [('operator', 'Hello Sam')]
    # the product's own checks of a JSON body still answer
    status, error = call(base_url, '/livechat/message', {'body': 5}, secret)
    assert (status, error['code']) == (400, 'bad_request')


def test_a_body_that_is_no_json_gets_odoos_error(base_url):
    """Without server_tuning, Odoo takes the body for JSON-RPC before any code
    of the product runs: its own page, not the API's JSON (README)."""
    request = urllib.request.Request(base_url + '/livechat/message', b'{not json',
                                     {'Content-Type': 'application/json'})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=60)
    assert error.value.code == 400
    assert not error.value.headers['Content-Type'].startswith('application/json')
