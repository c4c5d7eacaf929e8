"""The widget shows every message of the chat once, in id order, where messages
cross: an operator's reply and the visitor's own message while a poll fails or
its answer is slow, two tabs of one visitor, a chat longer than a history page
after a reload; and who signs the welcome message. Real Chromium, real server,
a real operator user."""
import time

import pytest

from conftest import OPERATOR_GROUPS, backend_user, limits_lifted, operator_says
from widget_pages import PollCutter, session_of, visitor_says, widget

CHANNEL_NAME = 'Delivery Desk'
OPERATOR_NAME = 'Otto Delivery'
LONG_CHAT = 520  # operator messages, more than a history answer holds (500)


@pytest.fixture(scope='module', autouse=True)
def lifted(admin):
    """Earlier modules started many sessions from 127.0.0.1 in the same minute."""
    with limits_lifted(admin, ['livechat.rate_limit.sessions_per_ip_per_minute']):
        yield


@pytest.fixture(scope='module')
def operator(admin):
    """An operator (not the administrator), logged in over JSON-RPC."""
    return backend_user(admin, 'delivery', OPERATOR_GROUPS, OPERATOR_NAME)['client']


@pytest.fixture
def channel(admin, operator):
    operator.model('bus.presence', 'update', 0)  # online, as their open backend says
    return admin.model('livechat.channel', 'create', {
        'name': CHANNEL_NAME, 'welcome_message': 'Welcome to the desk.',
        'rule_ids': [(0, 0, {'action': 'show', 'url_regex': ''})],
        'operator_ids': [(0, 0, {'user_id': operator.uid, 'max_concurrent_chats': 1000})]})


def stored_ids(admin, session):
    """The conversation's messages in the database, in id order."""
    return admin.model('mail.message', 'search', [
        ('model', '=', 'mail.channel'), ('res_id', '=', session),
        ('message_type', '=', 'comment')], order='id')


def shown_ids(page):
    """The messages the widget shows, top to bottom (the welcome has no id)."""
    return [int(i) for i in widget(page).locator('.lc-log .lc-msg').evaluate_all(
        'nodes => nodes.map(n => n.dataset.id)') if int(i)]


def wait_until(page, condition, what, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        page.wait_for_timeout(200)
    raise AssertionError(what)


def assert_in_step(page, admin, session, seconds=60):
    """Every stored message shown, once, in id order (the widget's own backoff
    after failed polls may take some seconds)."""
    want = stored_ids(admin, session)
    try:
        wait_until(page, lambda: shown_ids(page) == want, 'not in step', seconds)
    except AssertionError:
        assert shown_ids(page) == want


def operator_typing(operator, session, typing):
    operator.call('/livechat/operator/typing', {'session_id': session, 'typing': typing})


def start_chat(page, site, base_url, channel, name):
    page.goto(site.page(name, base_url, channel))
    widget(page).locator('.lc-button').click()
    visitor_says(page, 'Hello, anyone there?')


class HeldPollAnswer:
    """Holds the answer of the next poll on the network (Playwright route): the
    server has answered, the widget has not got it yet."""

    def __init__(self, page):
        self.page, self.armed, self.entered, self.held = page, False, False, []
        page.route('**/livechat/poll', self.network)

    def network(self, route):
        if self.armed and not self.entered:
            self.entered = True
            self.held.append((route, route.fetch(timeout=60000)))
        else:
            route.continue_()

    def catch(self, operator, session):
        """Arm, then make the waiting poll and the next one answer (operator
        typing on, off): that next answer, read before what follows, is held."""
        self.armed = True
        operator_typing(operator, session, True)
        wait_until(self.page, lambda: self.entered, 'no poll after the wake')
        operator_typing(operator, session, False)
        wait_until(self.page, lambda: self.held, 'the held poll did not answer')

    def release(self):
        route, response = self.held.pop()
        route.fulfill(response=response)


@pytest.mark.delivery
def test_w1_reply_during_the_backoff_after_a_failed_poll(admin, operator, channel, site,
                                                         base_url, page):
    """The operator replies and the visitor writes while polls fail (the widget
    backs off): once a poll gets through, the reply shows, before the visitor's
    message, once."""
    network = PollCutter(page)
    start_chat(page, site, base_url, channel, 'w1.html')
    session = session_of(admin, channel)
    network.cutting = True
    operator_typing(operator, session, True)  # the waiting poll answers; the next fails
    wait_until(page, lambda: network.aborted, 'no poll failed')
    operator_says(operator, session, 'Reply during the backoff')
    visitor_says(page, 'Written during the backoff')
    network.cutting = False
    assert_in_step(page, admin, session)


@pytest.mark.delivery
def test_w2_reply_crosses_the_visitors_message_on_a_slow_poll(admin, operator, channel, site,
                                                              base_url, page):
    """No error: one poll answer arrives late (held on the network) while the
    operator's reply and the visitor's message cross. The reply shows, once."""
    held = HeldPollAnswer(page)
    start_chat(page, site, base_url, channel, 'w2.html')
    session = session_of(admin, channel)
    held.catch(operator, session)
    operator_says(operator, session, 'Reply while the answer travels')
    visitor_says(page, 'Written while the answer travels')
    page.wait_for_timeout(1500)  # the answer's late arrival
    held.release()
    assert_in_step(page, admin, session)


@pytest.mark.delivery
def test_two_tabs_of_one_visitor_stay_in_step(admin, operator, channel, site, base_url, page):
    """Two tabs of the same visitor (one browser storage): each shows every
    message once, in id order, whichever tab wrote and while one tab's poll
    answer is late."""
    held = HeldPollAnswer(page)
    start_chat(page, site, base_url, channel, 'tab-1.html')
    session = session_of(admin, channel)
    other = page.context.new_page()
    try:
        other.goto(site.page('tab-2.html', base_url, channel))
        widget(other).locator('.lc-msg.lc-mine').filter(has_text='Hello, anyone there?').wait_for()
        held.catch(operator, session)
        operator_says(operator, session, 'Reply to both tabs')
        visitor_says(page, 'From tab one')
        held.release()
        visitor_says(other, 'From tab two')
        operator_says(operator, session, 'Last reply')
        for tab in (page, other):
            assert_in_step(tab, admin, session)
    finally:
        other.close()


def test_long_chat_after_a_reload_shows_the_newest_and_pages_back(admin, operator, channel,
                                                                  site, base_url, page):
    """A chat longer than one history answer: after a reload the newest messages
    show, scrolling up brings the earlier ones, none missing, none twice, and
    what comes next arrives."""
    start_chat(page, site, base_url, channel, 'long.html')
    session = session_of(admin, channel)
    # posted through message_post in one server call, as the operator's replies
    action = admin.model('ir.actions.server', 'create', {
        'name': 'Long chat', 'state': 'code',
        'model_id': admin.model('ir.model', 'search', [('model', '=', 'mail.channel')])[0],
        'code': "for n in range(%d):\n"
                "    record.message_post(body='Message %%d' %% n, message_type='comment',"
                " subtype='mail.mt_comment')\n" % LONG_CHAT})
    admin.model('ir.actions.server', 'run', [action],
                context={'active_model': 'mail.channel', 'active_id': session,
                         'active_ids': [session]})
    admin.model('ir.actions.server', 'unlink', [action])
    stored = stored_ids(admin, session)
    assert len(stored) == LONG_CHAT + 1
    assert_in_step(page, admin, session)  # the open widget polls them all

    page.reload()
    log = widget(page).locator('.lc-log')
    log.locator('.lc-msg').filter(has_text='Message %d' % (LONG_CHAT - 1)).wait_for()
    shown = shown_ids(page)
    assert shown == stored[-len(shown):] and len(shown) < len(stored)  # the newest page
    assert log.evaluate('e => e.scrollHeight - e.scrollTop - e.clientHeight') < 5  # at the end
    log.hover()

    def scrolled_back():
        page.mouse.wheel(0, -20000)
        return shown_ids(page) == stored
    wait_until(page, scrolled_back, 'scrolling up did not bring every earlier message')
    operator_says(operator, session, 'After the reload')
    assert_in_step(page, admin, session)


def test_welcome_is_signed_by_the_operator_once_known(admin, operator, channel, site,
                                                      base_url, page):
    """Before the chat starts nobody is assigned: the channel signs the welcome;
    from the first message on, and after a reload, the operator does."""
    page.goto(site.page('welcome.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    welcome = widget(page).locator('.lc-log .lc-msg').first
    assert welcome.locator('small').inner_text() == CHANNEL_NAME
    visitor_says(page, 'Hi')
    assert welcome.locator('small').inner_text() == OPERATOR_NAME
    assert widget(page).locator('.lc-title').inner_text() == OPERATOR_NAME
    page.reload()
    widget(page).locator('.lc-msg.lc-mine').filter(has_text='Hi').wait_for()
    assert welcome.locator('small').inner_text() == OPERATOR_NAME
    assert 'Welcome to the desk.' in welcome.inner_text()
