"""The platform on a real server: bus realtime, backend in a real Chromium."""
import os
import threading
import time

from conftest import OdooClient


def test_bus_message_reaches_a_waiting_longpoll(admin):
    """A poll that is already waiting is woken by PostgreSQL NOTIFY."""
    listener = OdooClient()
    channel = 'livechat_probe_%d' % time.time()
    got = {}

    def poll():
        started = time.time()
        got['notifications'] = listener.call(
            '/longpolling/poll', {'channels': [channel], 'last': last}, timeout=70)
        got['seconds'] = time.time() - started

    # the bus id to poll after: a first message's, which a poll returns at once
    # (with nothing on the channel, it would wait Odoo's full 50 s for nothing)
    admin.model('bus.bus', 'sendone', channel, {'hello': 'first'})
    backlog = listener.call('/longpolling/poll', {'channels': [channel], 'last': 0})
    assert [n['message'] for n in backlog] == [{'hello': 'first'}]
    last = backlog[-1]['id']
    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(1.0)
    admin.model('bus.bus', 'sendone', channel, {'hello': 'world'})
    thread.join(70)
    messages = [n['message'] for n in got['notifications'] if n['channel'] == channel]
    assert messages == [{'hello': 'world'}]
    assert got['seconds'] < 30, 'woken by the poll timeout, not by NOTIFY'


def test_backend_opens_in_chromium(page, base_url, artifacts):
    page.goto(base_url + '/web/login')
    page.fill('input[name=login]', 'admin')
    page.fill('input[name=password]', 'admin')
    page.click('button[type=submit]')
    page.wait_for_selector('.o_main_navbar, .o_main', timeout=60000)
    page.goto(base_url + '/web#action=base.open_module_tree')
    page.wait_for_selector('.o_kanban_view', timeout=60000)
    page.fill('.o_searchview_input', 'Live Chat')
    page.keyboard.press('Enter')
    page.wait_for_timeout(1500)
    names = page.locator('.o_kanban_record h4, .o_kanban_record .o_kanban_record_title')
    assert any('Live Chat' in text for text in names.all_inner_texts())
    page.screenshot(path=os.path.join(artifacts, 'platform-apps.png'))
