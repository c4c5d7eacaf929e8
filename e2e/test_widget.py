"""The visitor widget on a third-party page, in a real Chromium against the real server."""
import gzip
import json
import os
import time
import urllib.error
import urllib.request

import pytest

from conftest import operator_says
from widget_pages import STRICT_CSP_PAGE, PollCutter, session_of, visitor_says, widget
from widget_weight import measure, measure_window

WEIGHT_BUDGET = 8 * 1024  # gzipped bytes before the button shows: loader + init JSON
WIRE_BUDGET = 10 * 1024  # the same on the wire: the test server does not gzip JSON (nginx does)
ALL_BUDGET = 20 * 1024  # gzipped, with the window fetched when it first opens
COLORS = {'button_background_color': '#0a7d33', 'button_text_color': '#fefefe',
          'header_background_color': '#22225e', 'header_text_color': '#f0f0a0'}


def make_channel(admin, action='show', delay=0, operators=True, offline_form=True, **values):
    values = dict(COLORS, name='Tea Shop Support',
                  button_text='Questions? Talk to us', welcome_message='Hello, how can we help?',
                  input_placeholder='Type here, please', offline_form=offline_form,
                  rule_ids=[(0, 0, {'action': action, 'auto_open_delay': delay,
                                    'url_regex': '.*'})],
                  **values)
    if not operators:
        values['operator_ids'] = [(5, 0, 0)]
    else:
        values['operator_ids'] = [(0, 0, {'user_id': admin.uid, 'max_concurrent_chats': 1000})]
    return admin.model('livechat.channel', 'create', values)


def shot(page, artifacts, name):
    page.screenshot(path=os.path.join(artifacts, 'widget-%s.png' % name))


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# -- the loader and support routes -------------------------------------------------

def test_loader_is_javascript_gzipped_and_cacheable(admin, base_url):
    channel = make_channel(admin)
    url = '%s/livechat/loader/%d.js' % (base_url, channel)
    status, headers, body = fetch(url)
    assert status == 200
    assert headers['Content-Type'].startswith('application/javascript')
    assert 'Content-Encoding' not in headers
    # the widget's code, served without its comment lines (logic/script.py)
    assert body.startswith(b'(() => {') and b'attachShadow' in body and b'/* --' not in body
    assert 'max-age=' in headers['Cache-Control']
    assert 'Set-Cookie' not in headers  # no Odoo session for a script on someone else's page
    status, zipped_headers, zipped = fetch(url, {'Accept-Encoding': 'gzip, deflate'})
    assert zipped_headers['Content-Encoding'] == 'gzip'
    assert gzip.decompress(zipped) == body
    status, _headers, empty = fetch(url, {'If-None-Match': headers['ETag']})
    assert (status, empty) == (304, b'')
    status, _headers, _body = fetch(url, {'If-None-Match': '"stale"'})
    assert status == 200


@pytest.mark.parametrize('path', ['999999999.js', '0.js', '-1.js', 'abc.js', '1.css',
                                  '%s.js' % ('9' * 400), '1.js/../../web', "1'--.js"])
def test_loader_refuses_unknown_and_hostile_channels(base_url, path):
    status, headers, body = fetch('%s/livechat/loader/%s' % (base_url, path))
    assert status == 404
    assert b'Traceback' not in body


def test_support_page_holds_only_the_chat(admin, base_url):
    channel = make_channel(admin)
    status, headers, body = fetch('%s/livechat/support/%d' % (base_url, channel))
    assert status == 200 and headers['Content-Type'].startswith('text/html')
    assert b'/livechat/loader/%d.js' % channel in body and b'data-page' in body
    for path in ['999999999', 'abc', '9' * 400, '1<script>']:
        status, _headers, body = fetch('%s/livechat/support/%s' % (base_url, path))
        assert status == 404 and b'Traceback' not in body


def test_support_page_on_a_phone(admin, base_url, operator_online, page, artifacts):
    channel = make_channel(admin)
    page.set_viewport_size({'width': 390, 'height': 740})
    page.goto('%s/livechat/support/%d' % (base_url, channel))
    window = widget(page).locator('section')
    window.wait_for(state='visible')
    box = window.bounding_box()
    assert box['width'] == 390 and box['height'] == 740  # full screen on a phone
    assert widget(page).locator('.lc-button').is_hidden()
    assert widget(page).locator('.lc-close').is_hidden()
    page.keyboard.press('Escape')
    assert window.is_visible()  # nothing to close on the support page
    shot(page, artifacts, 'support-page-mobile')


# -- drawing on a hostile third-party page --------------------------------------------

def test_button_on_hostile_page_leaks_nothing(admin, base_url, site, operator_online, page,
                                              artifacts):
    channel = make_channel(admin)
    before_button = []
    page.on('request', lambda request: before_button.append(request)
            if request.url.startswith(base_url) else None)
    errors = []
    page.on('pageerror', lambda error: errors.append(str(error)))
    page.goto(site.page('show.html', base_url, channel))
    button = widget(page).locator('.lc-button')
    button.wait_for(state='visible')
    requests_before_button = list(before_button)
    assert [r.url.split('?')[0] for r in requests_before_button] == [
        '%s/livechat/loader/%d.js' % (base_url, channel), '%s/livechat/init' % base_url]
    weight = measure(base_url, channel, site.url + '/show.html')
    window_weight = measure_window(base_url)
    with open(os.path.join(artifacts, 'widget-weight.json'), 'w') as handle:
        json.dump(weight + window_weight, handle, indent=1)  # the README's table
    assert sum(row['gzip'] for row in weight) <= WEIGHT_BUDGET
    assert sum(row['wire'] for row in weight) <= WIRE_BUDGET
    assert sum(row['gzip'] for row in weight + window_weight) <= ALL_BUDGET

    # no global leaked, the host's own globals untouched
    leaked = page.evaluate('Object.keys(window).filter(k => !hostGlobalsBefore.includes(k)'
                           ' && k !== "hostGlobalsBefore")')
    assert leaked == []
    assert page.evaluate('[_.host, $(), odoo.host, typeof define.amd]') == [
        'underscore', 'host dollar', 'odoo', 'object']
    assert errors == []
    # the host's CSS does not reach the widget
    assert page.evaluate(
        "getComputedStyle(document.querySelector('livechat-widget').shadowRoot"
        ".querySelector('.lc-button')).backgroundColor") == 'rgb(10, 125, 51)'
    assert button.get_attribute('aria-label')
    box = button.bounding_box()
    viewport = page.viewport_size
    assert box['x'] + box['width'] > viewport['width'] - 40  # bottom right
    assert box['y'] + box['height'] > viewport['height'] - 40
    # the page's own button still works: the closed widget covers nothing but itself
    page.click('#own')
    assert page.inner_text('#own') == 'clicked'
    shot(page, artifacts, 'closed')
    # keyboard: Tab reaches the button, Enter opens, Escape closes and gives focus back
    button.focus()
    page.keyboard.press('Enter')
    window = widget(page).locator('section')
    window.wait_for(state='visible')
    assert widget(page).locator('.lc-title').inner_text()
    page.keyboard.press('Escape')
    window.wait_for(state='hidden')
    assert page.evaluate("document.querySelector('livechat-widget').shadowRoot"
                         ".activeElement.className") == 'lc-button'


def test_strict_csp_page_still_gets_a_styled_widget(admin, base_url, site, operator_online, page):
    channel = make_channel(admin)
    violations = []
    page.on('console', lambda message: violations.append(message.text)
            if 'Content Security Policy' in message.text else None)
    page.goto(site.page('csp.html', base_url, channel, template=STRICT_CSP_PAGE))
    button = widget(page).locator('.lc-button')
    button.wait_for(state='visible')
    assert button.evaluate('e => [getComputedStyle(e).position, getComputedStyle(e).borderRadius]'
                           ) == ['fixed', '50%']
    button.click()
    widget(page).locator('section').wait_for(state='visible')
    assert violations == []


def test_notify_shows_the_bubble(admin, base_url, site, operator_online, page, artifacts):
    channel = make_channel(admin, 'notify')
    page.goto(site.page('notify.html', base_url, channel))
    bubble = widget(page).locator('.lc-bubble')
    bubble.wait_for(state='visible')
    assert bubble.inner_text().startswith('Questions? Talk to us')
    assert widget(page).locator('section').is_hidden()
    shot(page, artifacts, 'bubble')
    widget(page).locator('.lc-dismiss').click()
    bubble.wait_for(state='hidden')


def test_window_says_the_typical_reply_time(admin, base_url, site, operator_online, page):
    channel = make_channel(admin)
    answered = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(time.time() - 3600))
    for minutes in (2.0, 3.5, 4.0, 6.0, 30.0):  # median 4 minutes
        admin.model('mail.channel', 'create', {
            'name': 'Past chat', 'channel_type': 'livechat_visitor', 'public': 'private',
            'chat_channel_id': channel, 'livechat_state': 'closed',
            'livechat_answer_time': minutes, 'livechat_first_answer_at': answered})
    page.goto(site.page('reply-time.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    widget(page).locator('.lc-status').filter(has_text='Typically replies in 4 minutes').wait_for()


def test_outside_opening_hours_the_offline_form_shows(admin, base_url, site, operator_online,
                                                      page):
    channel = make_channel(admin, opening_hours=True)  # and no line: never open
    page.goto(site.page('closed.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    widget(page).locator('form.lc-offline').wait_for(state='visible')
    assert widget(page).locator('form.lc-composer').is_hidden()


def test_a_note_never_reaches_the_widget(admin, base_url, site, operator_online, page):
    channel = make_channel(admin)
    page.goto(site.page('note.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    visitor_says(page, 'I buy for my shop')
    session = session_of(admin, channel)
    # typed in the operator's chat window, then a reply: the widget shows the reply only
    for body in ('/note reseller, offer the partner price', 'Welcome, partner!'):
        admin.model('mail.channel', 'message_post', [session], body=body,
                    message_type='comment', subtype='mail.mt_comment')
    widget(page).locator('.lc-msg').filter(has_text='Welcome, partner!').wait_for()
    assert 'reseller' not in widget(page).locator('.lc-log').inner_text()
    note = admin.model('mail.channel', 'read', [session], ['livechat_note'])[0]['livechat_note']
    assert note.endswith('reseller, offer the partner price')


def test_auto_open_opens_the_window(admin, base_url, site, operator_online, page):
    channel = make_channel(admin, 'auto_open', delay=1)
    page.goto(site.page('auto.html', base_url, channel))
    window = widget(page).locator('section')
    window.wait_for(state='visible')
    assert 'Hello, how can we help?' in widget(page).locator('.lc-log').inner_text()
    # closed by the visitor: not opened again on the next page
    widget(page).locator('.lc-close').click()
    page.reload()
    widget(page).locator('.lc-button').wait_for(state='visible')
    page.wait_for_timeout(2000)
    assert window.is_hidden()


def test_hide_draws_nothing(admin, base_url, site, operator_online, page):
    channel = make_channel(admin, 'hide')
    with page.expect_response(lambda r: '/livechat/init' in r.url) as init:
        page.goto(site.page('hide.html', base_url, channel))
    assert init.value.json()['action'] == 'hide'
    page.wait_for_load_state('networkidle')
    assert page.locator('livechat-widget').count() == 0


# -- chatting -------------------------------------------------------------------------

def wait_for_bus(admin, after, channel_part, message_part, attempts=60):
    """Bus notifications after id ``after`` (admin is the superuser: bus.bus is readable)."""
    for _attempt in range(attempts):
        found = admin.model('bus.bus', 'search_read',
                            [('id', '>', after), ('channel', 'like', channel_part),
                             ('message', 'like', message_part)], ['channel', 'message'])
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError('no bus notification %s %s' % (channel_part, message_part))


@pytest.mark.delivery
def test_visitor_and_operator_chat_reload_end_and_rate(admin, base_url, site, operator_online, page,
                                                       artifacts):
    channel = make_channel(admin)
    # a page address and title longer than the API takes: the widget trims them
    page.goto(site.page('chat.html', base_url, channel) + '?ref=' + 'x' * 3000)
    page.evaluate("document.title = 'Teapots '.repeat(60)")
    widget(page).locator('.lc-button').click()
    window = widget(page).locator('section')
    header = widget(page).locator('.lc-header')
    assert header.evaluate('e => getComputedStyle(e).backgroundColor') == 'rgb(34, 34, 94)'
    log = widget(page).locator('.lc-log')
    assert 'Hello, how can we help?' in log.inner_text()
    textarea = widget(page).locator('.lc-composer textarea')
    assert textarea.get_attribute('placeholder') == 'Type here, please'
    hostile = '<img src=x onerror="window.pwned=1">Do you ship to Osaka?'
    textarea.fill(hostile)
    textarea.press('Enter')
    widget(page).locator('.lc-msg.lc-mine').filter(has_text='Do you ship').wait_for()
    assert widget(page).locator('.lc-msg.lc-mine').inner_text() == hostile  # shown as text
    session = session_of(admin, channel)

    admin.model('mail.channel', 'message_post', [session], body='Yes, <b>we do</b>.',
                message_type='comment', subtype='mail.mt_comment')
    reply = widget(page).locator('.lc-msg:not(.lc-mine)').filter(has_text='we do')
    reply.wait_for()
    assert 'Yes, we do.' in reply.inner_text()
    assert page.evaluate('window.pwned') is None
    shot(page, artifacts, 'open')
    # the operator's typing shows in the window, and goes away
    typing = widget(page).locator('.lc-status')
    admin.call('/livechat/operator/typing', {'session_id': session, 'typing': True})
    typing.filter(has_text='typing').wait_for()
    admin.call('/livechat/operator/typing', {'session_id': session, 'typing': False})
    typing.filter(has_text='typing').wait_for(state='detached')
    # the visitor's typing reaches the operator's bus channel
    seen = max(admin.model('bus.bus', 'search', [], order='id desc', limit=1) or [0])
    textarea.type('Also')
    notes = [json.loads(n['message'])
             for n in wait_for_bus(admin, seen, 'livechat.operator', '"typing":true')]
    assert {'type': 'typing', 'typing': True, 'session_id': session} in notes
    textarea.fill('')

    # the conversation survives a reload, window still open (the reloaded page's
    # report is awaited, so that the page history below is complete)
    with page.expect_response(lambda r: '/livechat/page' in r.url):
        page.reload()
    window.wait_for(state='visible')
    widget(page).locator('.lc-msg.lc-mine').filter(has_text='Do you ship').wait_for()
    assert widget(page).locator('.lc-msg').filter(has_text='we do').count() == 1
    # and on another page of the site, where the operator sees the visitor arrive
    page.goto(site.page('chat-2.html', base_url, channel, 'Second page'))
    window.wait_for(state='visible')
    widget(page).locator('.lc-msg').filter(has_text='we do').wait_for()
    assert widget(page).locator('.lc-msg.lc-mine').count() == 1
    # closed, the window counts what arrives; still live after all this
    widget(page).locator('.lc-close').click()
    admin.model('mail.channel', 'message_post', [session], body='Anything else?',
                message_type='comment', subtype='mail.mt_comment')
    badge = widget(page).locator('.lc-badge')
    badge.filter(has_text='1').wait_for()
    assert '1' in widget(page).locator('.lc-button').get_attribute('aria-label')
    widget(page).locator('.lc-button').click()
    widget(page).locator('.lc-msg').filter(has_text='Anything else?').wait_for()
    assert badge.is_hidden()
    record = admin.model('mail.channel', 'read', [session], ['visitor_page_url'])[0]
    assert record['visitor_page_url'].endswith('/chat-2.html')
    # the transcript is offered only to an address written in the chat and answered
    textarea.fill('Please mail me this chat: visitor@example.com')
    textarea.press('Enter')
    widget(page).locator('.lc-msg.lc-mine').filter(has_text='visitor@example.com').wait_for()
    admin.model('mail.channel', 'message_post', [session], body='Will do.',
                message_type='comment', subtype='mail.mt_comment')
    widget(page).locator('.lc-msg').filter(has_text='Will do.').wait_for()

    widget(page).locator('.lc-end').click()
    widget(page).locator('.lc-rating').wait_for(state='visible')
    assert widget(page).locator('.lc-composer').is_hidden()
    widget(page).locator('.lc-faces button[data-rating="3"]').click()
    widget(page).locator('.lc-rating textarea').fill('Quick and kind')
    shot(page, artifacts, 'rating')
    widget(page).locator('.lc-rating .lc-send').click()
    widget(page).locator('.lc-status').filter(has_text='Thank you').wait_for()
    record = admin.model('mail.channel', 'read', [session],
                         ['livechat_state', 'livechat_rating', 'livechat_rating_comment'])[0]
    assert (record['livechat_state'], record['livechat_rating'],
            record['livechat_rating_comment']) == ('closed', 3, 'Quick and kind')

    widget(page).locator('.lc-transcript').wait_for(state='visible')
    assert widget(page).locator('.lc-transcript input').input_value() == 'visitor@example.com'
    widget(page).locator('.lc-transcript .lc-send').click()
    widget(page).locator('.lc-status').filter(has_text='transcript').wait_for()
    assert widget(page).locator('.lc-transcript').is_hidden()
    record = admin.model('mail.channel', 'read', [session], ['livechat_transcript_email'])[0]
    assert record['livechat_transcript_email'] == 'visitor@example.com'


@pytest.mark.delivery
def test_a_message_written_in_one_tab_shows_in_the_other(admin, base_url, site, operator_online,
                                                         page):
    """A visitor's own message wakes no poll; the site's other tab, open on the
    same chat, learns of it from the browser's storage and shows it too."""
    channel = make_channel(admin)
    page.goto(site.page('chat.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    textarea = widget(page).locator('.lc-composer textarea')
    textarea.fill('First, from tab one')
    textarea.press('Enter')
    widget(page).locator('.lc-msg.lc-mine').filter(has_text='First').wait_for()
    other = page.context.new_page()
    try:
        other.goto(site.page('chat-2.html', base_url, channel, 'Second tab'))
        widget(other).locator('.lc-msg.lc-mine').filter(has_text='First').wait_for()
        time.sleep(1)  # the second tab's poll waiting
        textarea.fill('Second, from tab one')
        textarea.press('Enter')
        # far within the poll's 25 s: the storage, not a wake, brought it
        widget(other).locator('.lc-msg.lc-mine').filter(has_text='Second').wait_for(timeout=5000)
        admin.model('mail.channel', 'message_post', [session_of(admin, channel)],
                    body='Reply to both tabs', message_type='comment', subtype='mail.mt_comment')
        for tab in (page, other):
            widget(tab).locator('.lc-msg').filter(has_text='Reply to both').wait_for()
            assert widget(tab).locator('.lc-msg.lc-mine').count() == 2
            assert widget(tab).locator('.lc-msg').filter(has_text='Reply to both').count() == 1
    finally:
        other.close()


@pytest.mark.delivery
def test_messages_survive_a_network_outage(admin, base_url, site, operator_online, page):
    """Polls that fail are retried with backoff; what was posted meanwhile still arrives."""
    channel = make_channel(admin)
    page.goto(site.page('outage.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    textarea = widget(page).locator('.lc-composer textarea')
    textarea.fill('Hello?')
    textarea.press('Enter')
    widget(page).locator('.lc-msg.lc-mine').wait_for()
    session = session_of(admin, channel)
    network = PollCutter(page)

    def answer(text):
        admin.model('mail.channel', 'message_post', [session], body=text,
                    message_type='comment', subtype='mail.mt_comment')

    def wait_until(condition, what):
        for _attempt in range(300):
            if condition():
                return
            page.wait_for_timeout(200)
        raise AssertionError(what)

    answer('First answer')
    widget(page).locator('.lc-msg').filter(has_text='First answer').wait_for()
    seen = len(network.polls)
    wait_until(lambda: len(network.polls) > seen, 'the widget stopped polling')
    # a poll is waiting on the server: it still answers; the polls after it fail
    network.cutting = True
    answer('Second answer')
    widget(page).locator('.lc-msg').filter(has_text='Second answer').wait_for()
    wait_until(lambda: network.aborted, 'the widget stopped polling')
    answer('Posted during the outage')
    network.cutting = False
    widget(page).locator('.lc-msg').filter(has_text='Posted during the outage').wait_for(
        timeout=60000)  # once the backoff after the failed polls is over
    for text in ['First answer', 'Second answer']:
        assert widget(page).locator('.lc-msg').filter(has_text=text).count() == 1


@pytest.fixture(scope='module')
def japanese(admin):
    """Japanese installed as an administrator does it (Settings, Load a Translation):
    every installed module's ja.po, the addon's included."""
    wizard = admin.model('base.language.install', 'create', {'lang': 'ja_JP'})
    admin.model('base.language.install', 'lang_install', [wizard])


def test_japanese_browser_gets_japanese_texts(admin, base_url, site, operator_online, browser,
                                              japanese):
    """The widget's texts come from the server, in the installed language the
    browser prefers (i18n/ja.po), and the chat keeps it."""
    channel = make_channel(admin)
    context = browser.new_context(locale='ja-JP')
    try:
        page = context.new_page()
        page.goto(site.page('ja.html', base_url, channel))
        button = widget(page).locator('.lc-button')
        button.wait_for(state='visible')
        assert button.get_attribute('aria-label') == 'チャットを開く'
        button.click()
        assert widget(page).locator('.lc-composer .lc-send').inner_text() == '送信'
        # the chat keeps the language: what is mailed to the visitor is written in it
        visitor_says(page, 'こんにちは')
        session = admin.model('mail.channel', 'read', [session_of(admin, channel)],
                              ['visitor_lang'])[0]
        assert session['visitor_lang'] == 'ja_JP'
    finally:
        context.close()


def test_mobile_window_is_full_screen(admin, base_url, site, operator_online, page):
    channel = make_channel(admin)
    page.set_viewport_size({'width': 375, 'height': 667})
    page.goto(site.page('mobile.html', base_url, channel))
    button = widget(page).locator('.lc-button')
    button.click()
    box = widget(page).locator('section').bounding_box()
    assert (box['x'], box['y'], box['width'], box['height']) == (0, 0, 375, 667)
    assert button.is_hidden()
    widget(page).locator('.lc-close').click()
    button.wait_for(state='visible')
    box = button.bounding_box()
    assert box['width'] < 80 and box['x'] > 375 - 100  # closed: a small corner button


# -- nobody online --------------------------------------------------------------------

def test_offline_form_keeps_the_draft_and_sends(admin, base_url, site, page, artifacts):
    channel = make_channel(admin, operators=False)
    page.goto(site.page('offline.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    form = widget(page).locator('form.lc-offline')
    form.wait_for(state='visible')
    assert widget(page).locator('form.lc-composer').is_hidden()
    form.locator('[name=name]').fill('Hanako Visitor')
    form.locator('[name=email]').fill('hanako@example.com')
    form.locator('[name=message]').fill('Please call me back about my order.')
    shot(page, artifacts, 'offline')
    page.reload()  # nothing typed is lost
    widget(page).locator('.lc-button').click()
    assert form.locator('[name=message]').input_value() == 'Please call me back about my order.'
    assert form.locator('[name=email]').input_value() == 'hanako@example.com'
    with page.expect_response(lambda r: '/livechat/offline' in r.url) as sent:
        form.locator('.lc-send').click()
    assert sent.value.status == 200
    widget(page).locator('.lc-status').filter(has_text='message was sent').wait_for()
    page.reload()
    widget(page).locator('.lc-button').click()
    assert form.locator('[name=message]').input_value() == ''


def test_offline_off_and_nobody_online_hides_the_button(admin, base_url, site, page):
    channel = make_channel(admin, operators=False, offline_form=False)
    with page.expect_response(lambda r: '/livechat/init' in r.url) as init:
        page.goto(site.page('nobody.html', base_url, channel))
    assert init.value.json()['action'] == 'hide'
    page.wait_for_load_state('networkidle')
    assert page.locator('livechat-widget').count() == 0


def test_no_transcript_offered_without_an_answered_address(admin, base_url, site,
                                                           operator_online, page):
    """The server mails the transcript only to an address the visitor wrote in
    the chat before an operator answered: nothing to offer here."""
    channel = make_channel(admin)
    page.goto(site.page('chat.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    visitor_says(page, 'Mail it to someone@example.com')
    with page.expect_response(lambda response: '/livechat/transcript' in response.url) as asked:
        widget(page).locator('.lc-end').click()
    assert asked.value.json() == {'email': None}
    widget(page).locator('.lc-rating').wait_for(state='visible')
    assert widget(page).locator('.lc-transcript').is_hidden()


def test_the_visitor_sees_when_the_operator_read_their_message(admin, base_url, site,
                                                               operator_online, page):
    channel = make_channel(admin)
    page.goto(site.page('seen.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    visitor_says(page, 'Is anyone reading?')
    session = session_of(admin, channel)
    assert widget(page).locator('.lc-seen').count() == 0
    # what the operator's chat window calls once it shows the chat's last message
    admin.model('mail.channel', 'channel_seen', [session])
    seen = widget(page).locator('.lc-mine .lc-seen')
    seen.wait_for()
    assert seen.inner_text() == 'Seen'
    page.reload()  # from the history
    widget(page).locator('.lc-mine .lc-seen').wait_for()


def test_a_message_in_the_background_flashes_the_title_and_beeps(admin, base_url, site,
                                                                 operator_online, page):
    channel = make_channel(admin, notify_sound=True)
    # counts the widget's beeps: Chromium here has no speaker to listen to
    page.add_init_script("""window.beeps = 0;
        window.AudioContext = class extends window.AudioContext {
            createOscillator() { window.beeps++; return super.createOscillator(); } };""")
    page.goto(site.page('flash.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    visitor_says(page, 'I will look at another tab')
    session = session_of(admin, channel)
    operator_says(admin, session, 'While you are here...')
    widget(page).locator('.lc-msg').filter(has_text='While you are here').wait_for()
    assert (page.title(), page.evaluate('window.beeps')) == ('Third-party shop', 0), \
        'in view: nothing'
    page.evaluate("""Object.defineProperty(document, 'hidden', {configurable: true,
                                                                  get: () => true})""")
    operator_says(admin, session, 'Are you still there?')
    page.wait_for_function("document.title === '(1) New message'")
    assert page.evaluate('window.beeps') == 1
    page.evaluate("""Object.defineProperty(document, 'hidden', {configurable: true,
                                                                  get: () => false});
                     document.dispatchEvent(new Event('visibilitychange'))""")
    page.wait_for_timeout(1500)  # past a flash
    assert page.title() == 'Third-party shop'
