"""The operator, anywhere in the backend, gets the visitor's chat window."""
import os
import time

import pytest

from backend_login import login
from visitor_client import Visitor


def session_window(page, visitor_name):
    return page.locator('.o_chat_window.o_livechat_session', has=page.locator(
        '.o_chat_title', has_text=visitor_name))


# also in the production layout (runtime/run_tests.py)
pytestmark = pytest.mark.delivery


def wait_available(visitor, channel_id, seconds=60):
    """Until the operator's backend has polled the bus (that is what makes them online)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        status, body = visitor.call('/livechat/init?channel=%d' % channel_id)
        if status == 200 and body['available']:
            return
        time.sleep(0.5)
    raise AssertionError('the operator never became available')


def test_new_chat_opens_on_any_screen_and_the_reply_reaches_the_visitor(
        browser, admin, lc_operator, base_url, artifacts):
    channel_id = admin.model('livechat.channel', 'create', {
        'name': 'Operator window test %s' % time.time(),
        'operator_ids': [(0, 0, {'user_id': lc_operator['id']})]})
    context = browser.new_context(viewport={'width': 1280, 'height': 800})
    page = context.new_page()
    try:
        login(page, base_url, lc_operator)  # an operator, not the superuser
        page.goto(base_url + '/web#action=base.action_partner_form')  # an unrelated screen
        page.wait_for_selector('.o_kanban_view', timeout=60000)
        visitor = Visitor(base_url)
        wait_available(visitor, channel_id)
        visitor.start(channel_id, name='Hanako <b>Yamada</b><img src=x onerror="window.pwned=1">',
                      url='https://shop.test/pricing', title='Pricing')
        visitor.say('Hello, is the <i>blue</i> model in stock?')
        hostile = '<script>window.pwned=2</script><a href="javascript:window.pwned=3">deal</a>'
        visitor.say(hostile)

        window = session_window(page, 'Hanako')
        window.wait_for(timeout=30000)
        title = window.locator('.o_chat_title')
        assert 'Hanako <b>Yamada</b>' in title.inner_text(), 'the name is shown as text'
        window.locator('.o_livechat_visitor_browser').wait_for(timeout=15000)
        assert 'Chrome 120 on Windows' in window.locator('.o_livechat_visitor').inner_text()
        page_shown = window.locator('.o_livechat_visitor_page').inner_text()
        assert 'https://shop.test/pricing' in page_shown
        window.get_by_text('Hello, is the <i>blue</i> model in stock?').wait_for(timeout=15000)
        window.get_by_text(hostile).wait_for(timeout=15000)
        assert page.evaluate('() => document.querySelectorAll('
                             '".o_chat_window .o_thread_message_content i").length') == 0
        assert_nothing_ran(page)

        visitor.call('/livechat/typing', {'typing': True})
        window.locator('.o_livechat_visitor_typing').wait_for(timeout=15000)

        composer = window.locator('.o_composer_text_field')
        composer.fill('Yes, we have 3 left.')
        composer.press('Enter')
        deadline = time.time() + 30
        replies = []
        while time.time() < deadline and not replies:
            status, body = visitor.call('/livechat/poll', {'last': 0, 'cursor': 0})
            replies = [m for m in body['messages'] if m['author'] == 'operator']
            time.sleep(0.3)
        assert [m['body'] for m in replies] == ['Yes, we have 3 left.']

        page.screenshot(path=os.path.join(artifacts, 'operator-window.png'))

        visitor.call('/livechat/end', {})
        window.locator('.o_livechat_visitor_left').wait_for(timeout=15000)

        # the same conversation in Discuss: text, not markup
        page.goto(base_url + '/web#action=mail.mail_channel_action_client_chat&active_id=%d'
                  % visitor.session)
        thread = page.locator('.o_mail_chat .o_mail_thread')
        thread.get_by_text(hostile).wait_for(timeout=60000)
        assert thread.locator('a[href^="javascript:"], script, img[src=x]').count() == 0
        assert_nothing_ran(page)
    finally:
        context.close()


def assert_nothing_ran(page):
    assert page.evaluate('() => window.pwned') is None
    assert page.locator('a[href^="javascript:"], img[src=x]').count() == 0


def test_sessions_come_back_after_a_reload(browser, admin, lc_operator, base_url):
    channel_id = admin.model('livechat.channel', 'create', {
        'name': 'Reload test %s' % time.time(),
        'operator_ids': [(0, 0, {'user_id': lc_operator['id']})]})
    context = browser.new_context()
    page = context.new_page()
    try:
        login(page, base_url, lc_operator)
        visitor = Visitor(base_url)
        wait_available(visitor, channel_id)
        visitor.start(channel_id, name='Reload Rei')
        visitor.say('still there?')
        session_window(page, 'Reload Rei').wait_for(state='attached', timeout=30000)
        page.reload()
        page.wait_for_selector('#oe_main_menu_navbar', timeout=60000)
        # other tests' sessions may fold it into the "more windows" menu: attached is enough
        page.locator('.o_chat_window.o_livechat_session .o_chat_title',
                     has_text='Reload Rei').wait_for(state='attached', timeout=30000)
    finally:
        context.close()


def test_no_window_until_the_visitor_writes(browser, admin, base_url):
    """A session nobody wrote in opens nothing (no window, no chime): its
    window opens with the visitor's first message. Bus notifications come in
    order: once a later session's window is there, an earlier one would be too."""
    channel_id = admin.model('livechat.channel', 'create', {
        'name': 'Empty session test %s' % time.time(),
        'operator_ids': [(0, 0, {'user_id': admin.uid, 'max_concurrent_chats': 1000})]})
    context = browser.new_context(viewport={'width': 1280, 'height': 800})
    page = context.new_page()
    try:
        login(page, base_url)
        page.goto(base_url + '/web#action=base.action_partner_form')
        page.wait_for_selector('.o_kanban_view', timeout=60000)
        silent, writing = Visitor(base_url), Visitor(base_url)
        wait_available(silent, channel_id)
        suffix = str(channel_id)  # names of this run only
        silent.start(channel_id, name='Silent Sven ' + suffix)
        writing.start(channel_id, name='Writing Wanda ' + suffix)
        writing.say('Hello')
        session_window(page, 'Writing Wanda ' + suffix).wait_for(state='attached', timeout=30000)
        assert session_window(page, 'Silent Sven ' + suffix).count() == 0
        silent.say('Now I write')
        session_window(page, 'Silent Sven ' + suffix).wait_for(state='attached', timeout=30000)
    finally:
        context.close()
