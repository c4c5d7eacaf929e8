"""Visitors on the site, in two browsers: the operator sees the visitor in
Live Chat > Visitors and clicks Chat; the visitor's window opens with the
operator's message, in both of their tabs, without having written first."""
import time

import pytest

from backend_login import login
from conftest import OPERATOR_GROUPS, backend_user
from test_operator_window import session_window
from widget_pages import widget

# also in the production layout: the visitor's wait goes to the gevent process through nginx
pytestmark = pytest.mark.delivery

GREETING = 'Hello! The blue teapot is back in stock.'


def test_an_operator_starts_a_chat_with_a_visitor_on_the_site(browser, admin, base_url, site,
                                                               artifacts):
    operator = backend_user(admin, 'visitors', OPERATOR_GROUPS, 'Vera Visitors')
    channel = admin.model('livechat.channel', 'create', {
        'name': 'Visitors desk %s' % time.time(), 'track_visitors': True,
        'prechat_name': 'required',  # not asked when the operator writes first
        'operator_ids': [(0, 0, {'user_id': operator['id']})]})
    name = 'teapots-%d.html' % (time.time() * 1000)
    visitor_context = browser.new_context(viewport={'width': 1280, 'height': 800})
    operator_context = browser.new_context(viewport={'width': 1280, 'height': 800})
    try:
        tab = visitor_context.new_page()
        with tab.expect_response(lambda r: r.url.endswith('/livechat/visitor')) as reported:
            tab.goto(site.page(name, base_url, channel))
        assert reported.value.json() == {'chat': None}
        widget(tab).locator('.lc-button').wait_for()
        other_tab = visitor_context.new_page()
        with other_tab.expect_response(lambda r: r.url.endswith('/livechat/visitor')):
            other_tab.goto(site.page('other-' + name, base_url, channel))
        widget(other_tab).locator('.lc-button').wait_for()
        assert widget(tab).locator('.lc-window').is_hidden()

        desk = operator_context.new_page()
        login(desk, base_url, operator)
        desk.goto(base_url + '/web#action=livechat.livechat_visitor_action')
        row = desk.locator('tr.o_data_row', has_text=name)
        row.wait_for(timeout=60000)
        # one visitor, two tabs: the page seen last is the current one
        assert desk.locator('tr.o_data_row').count() == 1
        row = desk.locator('tr.o_data_row')
        assert 'other-' + name in row.inner_text()
        desk.screenshot(path=artifacts + '/visitors-list.png')
        row.locator('button[title="Chat"]').click()
        desk.locator('.modal textarea[name="message"]').fill(GREETING)
        desk.locator('.modal-footer .btn-primary').click()

        # the visitor's window opens by itself with the message, in both tabs
        for page in (tab, other_tab):
            message = widget(page).locator('.lc-msg:not(.lc-mine)').filter(has_text=GREETING)
            message.wait_for(timeout=15000)
            assert widget(page).locator('.lc-window').is_visible()
            assert widget(page).locator('.lc-composer').is_visible()
            assert widget(page).locator('.lc-prechat').is_hidden()
            assert 'Vera Visitors' in message.inner_text()

        # the operator's chat window is open; the visitor's answer reaches it
        window = session_window(desk, 'Visitor')
        window.wait_for(timeout=30000)
        textarea = widget(tab).locator('.lc-composer textarea')
        textarea.fill('Great, I will take it.')
        textarea.press('Enter')
        window.get_by_text('Great, I will take it.').wait_for(timeout=30000)
        tab.screenshot(path=artifacts + '/widget-operator-started.png')

        visitors = admin.model('livechat.visitor', 'search_read', [('channel_id', '=', channel)],
                               ['in_chat', 'page_count', 'session_id'])
        assert [(v['in_chat'], v['page_count']) for v in visitors] == [(True, 2)], visitors
        session = admin.model('mail.channel', 'read', [visitors[0]['session_id'][0]],
                              ['chat_operator_id', 'livechat_operator_started'])[0]
        assert (session['chat_operator_id'][0], session['livechat_operator_started']) == (
            operator['id'], True)
    finally:
        visitor_context.close()
        operator_context.close()
