"""What the operator sees once chats end, and of what visitors type: Chromium
on the real backend (operator_chat.js, the session form)."""
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from backend_login import login
from test_operator_window import session_window, wait_available
from visitor_client import Visitor

RLO = '\u202e'
RUN = str(int(time.time()))[-5:]  # names unique: the database may hold earlier runs' chats
STARTED = []  # visitors whose chats each test ends (an operator takes only so many)


@pytest.fixture(autouse=True)
def end_chats():
    yield
    while STARTED:
        STARTED.pop().call('/livechat/end', {})


def new_channel(admin, name):
    return admin.model('livechat.channel', 'create', {
        'name': '%s %s' % (name, time.time()),
        # the admin is the operator of other tests' chats too, which count against a maximum
        'operator_ids': [(0, 0, {'user_id': admin.uid, 'max_concurrent_chats': 1000})]})


def login_elsewhere(page, base_url, admin):
    """Logged in as the admin, on a screen that is not Discuss (chat windows hide
    there), without the windows of chats other tests left open: those come back
    at login, and then each new window takes the left-most place still in sight,
    pushing the one before it into the hidden windows' menu (Odoo's
    mail/static/src/js/window_manager.js), the second of three new chats among them."""
    mine = admin.model('mail.channel.partner', 'search', [
        ('partner_id.user_ids', 'in', [admin.uid]), ('is_minimized', '=', True)])
    if mine:
        admin.model('mail.channel.partner', 'write', mine, {'is_minimized': False})
    login(page, base_url)
    page.goto(base_url + '/web#action=base.action_partner_form')
    page.wait_for_selector('.o_kanban_view', timeout=60000)


def visitor_in_window(page, base_url, channel_id, name, **values):
    """A new visitor's chat, its window open."""
    visitor = Visitor(base_url)
    wait_available(visitor, channel_id)
    visitor.start(channel_id, name=name, **values)
    STARTED.append(visitor)
    visitor.say('Hello from %s' % name)
    window = session_window(page, name)
    window.wait_for(state='attached', timeout=30000)
    return visitor, window


def session_messages(admin, session_id):
    return admin.model('mail.message', 'search_read',
                       [('model', '=', 'mail.channel'), ('res_id', '=', session_id),
                        ('message_type', '=', 'comment')], ['body', 'date'], order='id')


def test_ended_chats_say_so_refuse_replies_and_put_themselves_away(browser, admin, base_url):
    channel_id = new_channel(admin, 'Ended chats')
    # wide: windows other tests left open must not push these out of sight
    context = browser.new_context(viewport={'width': 2600, 'height': 900})
    page = context.new_page()
    try:
        login_elsewhere(page, base_url, admin)
        names = ['%s %s' % (name, RUN) for name in ('Stella Stays', 'Leo Leaves', 'Quinn Quiet')]
        stella, leo, quinn = names
        visitor_in_window(page, base_url, channel_id, stella)
        leaving, window = visitor_in_window(page, base_url, channel_id, leo)
        quiet, quiet_window = visitor_in_window(page, base_url, channel_id, quinn)

        # the visitor ends the chat while the operator writes a reply
        composer = window.locator('.o_composer_text_field')
        composer.fill('A draft the visitor will never read')
        status, _body = leaving.call('/livechat/end', {})
        assert status == 200
        # the window says so, keeps the draft but takes no reply, and folds
        page.wait_for_function('el => el.style.height === "34px"',
                               arg=window.element_handle(), timeout=15000)
        window.locator('.o_chat_title .o_livechat_title_left', has_text='(left)').wait_for(
            state='attached', timeout=15000)
        window.locator('.o_chat_title').click()  # the operator unfolds it to read
        notice = window.locator('.o_livechat_visitor_left')
        notice.wait_for(timeout=15000)
        assert notice.inner_text().strip() == 'The visitor left the chat.'
        assert composer.is_disabled()
        assert composer.input_value() == 'A draft the visitor will never read'

        # ended on the server without this browser hearing it (the bus missed it):
        # the reply is refused, said in the window, its text back in the box
        admin.model('mail.channel', 'write', [quiet.session], {'livechat_state': 'closed'})
        quiet_composer = quiet_window.locator('.o_composer_text_field')
        quiet_composer.fill('Are you still there?')
        quiet_composer.press('Enter')
        refused = quiet_window.locator('.o_livechat_not_sent')
        refused.wait_for(timeout=15000)
        assert refused.inner_text() == 'The visitor left the chat: your message was not sent.'
        assert quiet_composer.input_value() == 'Are you still there?'
        assert quiet_composer.is_disabled()
        assert page.locator('.modal').count() == 0  # no error dialog over the screen
        assert [m['body'] for m in session_messages(admin, quiet.session)] == \
            ['<p>Hello from %s</p>' % quinn]

        # the next login: the open chat comes back, the ended ones do not ...
        page.reload()
        session_window(page, stella).wait_for(state='attached', timeout=60000)
        page.wait_for_timeout(1000)  # every window of the page is opened in one go
        assert session_window(page, leo).count() == 0
        assert session_window(page, quinn).count() == 0

        # ... the systray's preview names the visitors ...
        menu = page.locator('.o_mail_navbar_item:has(a[title=Conversations])')
        menu.locator('a.dropdown-toggle').click()
        previews = menu.locator('.o_mail_channel_preview')
        previews.first.wait_for(timeout=15000)
        shown = previews.locator('.o_channel_name').all_inner_texts()
        for name in names:
            assert any(name in text for text in shown), (name, shown)

        # ... and Discuss lists them in a section of their own
        page.goto(base_url + '/web#action=mail.mail_channel_action_client_chat')
        sidebar = page.locator('.o_mail_chat_sidebar')
        sidebar.locator('.o_mail_sidebar_title', has_text='Visitor Chats').wait_for(timeout=60000)
        items = sidebar.locator('.o_mail_chat_channel_item .o_channel_name').all_inner_texts()
        for name in names:
            assert any(name in text for text in items), (name, items)
    finally:
        context.close()


def isolated(locator):
    return locator.evaluate('el => getComputedStyle(el).unicodeBidi') == 'isolate'


def test_what_visitors_type_stays_text_in_its_place(browser, admin, base_url):
    """Right-to-left overrides stay inside the visitor's words; a page address
    other than http(s) is no link; a web one opens without the opener."""
    channel_id = new_channel(admin, 'Visitor text')
    context = browser.new_context(viewport={'width': 2600, 'height': 900})  # as above
    page = context.new_page()
    try:
        login_elsewhere(page, base_url, admin)
        name = 'Eve %s %sevil' % (RUN, RLO)
        visitor, window = visitor_in_window(page, base_url, channel_id, name,
                                            url='javascript:alert(1)', title='Home')
        visitor.say('%s)5$ si ecirp ehT' % RLO)
        page_link = window.locator('.o_livechat_visitor_page')
        page_link.wait_for(timeout=15000)  # the window shows the visitor: it hears their moves
        assert page_link.inner_text() == 'javascript:alert(1)'
        visitor.call('/livechat/page', {'url': 'data:text/html,<b>x</b>', 'title': 'Data'})
        expect(page_link).to_contain_text('data:text/html', timeout=15000)  # re-drawn
        assert page_link.evaluate('el => el.tagName') == 'SPAN'
        assert window.locator('a[href^="javascript:"], a[href^="data:"]').count() == 0

        assert isolated(window.locator('.o_chat_title .o_livechat_name'))
        assert isolated(window.locator('.o_livechat_visitor_page bdi'))
        author = window.locator('.o_thread_message .o_mail_info > strong').first
        author.wait_for(timeout=15000)
        assert isolated(author)
        visitor.call('/livechat/typing', {'typing': True})
        typing = window.locator('.o_livechat_visitor_typing .o_livechat_name')
        typing.wait_for(timeout=15000)
        assert isolated(typing)
        # what follows the name reads left to right, after it
        name_box = typing.bounding_box()
        label_box = window.locator('.o_livechat_visitor_typing > span').bounding_box()
        assert label_box['x'] >= name_box['x'] + name_box['width'] - 1

        _web_visitor, web_window = visitor_in_window(page, base_url, channel_id, 'Wendy %s' % RUN,
                                                    url='https://shop.test/a', title='A')
        web_link = web_window.locator('a.o_livechat_visitor_page')
        web_link.wait_for(state='attached', timeout=15000)
        assert web_link.get_attribute('href') == 'https://shop.test/a'
        assert web_link.get_attribute('rel') == 'noopener noreferrer'

        # Session History: the list and the form
        while STARTED:
            STARTED.pop().call('/livechat/end', {})
        page.goto(base_url + '/web#action=livechat.livechat_session_action')
        row = page.locator('.o_data_row', has_text='Eve %s' % RUN)
        row.wait_for(timeout=60000)
        assert isolated(row.locator('td.o_livechat_isolate'))
        page.goto(base_url + '/web#id=%d&model=mail.channel&view_type=form'
                  '&action=livechat.livechat_session_action' % visitor.session)
        form = page.locator('.o_livechat_session_form')
        form.wait_for(timeout=30000)
        assert isolated(form.locator('h1 .o_livechat_isolate'))
        url = form.locator('.o_field_widget[name=visitor_page_url]')
        assert 'data:text/html' in url.inner_text()
        assert url.locator('a').count() == 0
        assert form.locator('a[href^="javascript:"], a[href^="data:"]').count() == 0
    finally:
        context.close()


def test_session_form_fits_and_speaks_one_time_zone(browser, admin, base_url):
    channel_id = new_channel(admin, 'Session form')
    zone = 'Asia/Tokyo'
    previous_tz = admin.model('res.users', 'read', [admin.uid], ['tz'])[0]['tz']
    # the operator's Odoo preference differs from the browser's zone
    admin.model('res.users', 'write', [admin.uid], {'tz': 'Europe/Brussels'})
    context = browser.new_context(viewport={'width': 1280, 'height': 900}, timezone_id=zone)
    page = context.new_page()
    try:
        login_elsewhere(page, base_url, admin)
        walt = 'Walt %s' % RUN
        visitor, _window = visitor_in_window(page, base_url, channel_id, walt)
        visitor.say('x' * 4000)
        visitor.call('/livechat/end', {})
        page.goto(base_url + '/web#id=%d&model=mail.channel&view_type=form'
                  '&action=livechat.livechat_session_action' % visitor.session)
        form = page.locator('.o_livechat_session_form')
        transcript = form.locator('.o_field_livechat_transcript')
        transcript.get_by_text('Hello from %s' % walt).wait_for(timeout=60000)

        # the 4,000-character word wraps inside the sheet
        sheet = form.locator('.o_form_sheet')
        assert sheet.evaluate('el => el.scrollWidth <= el.clientWidth'), 'the sheet overflows'
        assert page.evaluate('() => document.querySelector(".o_content").scrollWidth'
                             ' <= document.querySelector(".o_content").clientWidth')
        # not rated: no "Rating 0"
        assert form.locator('.o_field_widget[name=livechat_rating]:visible').count() == 0

        # the transcript's times are the browser's, like the form's own dates
        first = session_messages(admin, visitor.session)[0]
        utc = datetime.strptime(first['date'], '%Y-%m-%d %H:%M:%S').replace(tzinfo=timezone.utc)
        local = utc.astimezone(ZoneInfo(zone)).strftime('%Y-%m-%d %H:%M')
        assert transcript.locator('time').first.inner_text() == local
        assert zone in transcript.locator('.o_livechat_transcript_zone').inner_text()
        started = admin.model('mail.channel', 'read', [visitor.session],
                              ['livechat_started_at'])[0]['livechat_started_at']
        started = datetime.strptime(started, '%Y-%m-%d %H:%M:%S').replace(tzinfo=timezone.utc)
        shown = form.locator('.o_field_widget[name=livechat_started_at]').inner_text()
        assert started.astimezone(ZoneInfo(zone)).strftime('%H:%M') in shown
    finally:
        admin.model('res.users', 'write', [admin.uid], {'tz': previous_tz})
        context.close()


def test_the_support_page_has_an_icon(page, admin, base_url):
    """Without one the browser asks for /favicon.ico: a 404 in its console."""
    channel_id = new_channel(admin, 'Support icon')
    answers = []
    page.on('response', lambda response: answers.append((response.status, response.url)))
    page.goto('%s/livechat/support/%d' % (base_url, channel_id))
    page.wait_for_load_state('networkidle')
    assert [a for a in answers if a[0] >= 400] == []
    icon = page.locator('link[rel=icon]').get_attribute('href')
    assert (200, base_url + icon) in answers
