"""An operator hands a chat on from the chat window: the colleague gets the
window with the history, the visitor reads who took over, then their replies."""
import datetime
import time

from backend_login import login
from conftest import OPERATOR_GROUPS, backend_user
from test_operator_window import session_window, wait_available
from test_widget import make_channel
from visitor_client import Visitor
from widget_pages import ThirdPartySite, session_of, visitor_says, widget


def wait_connected(admin, user, seconds=60):
    """Until the user's backend has polled the bus: only then can a chat be handed to them."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        rows = admin.model('bus.presence', 'search_read', [('user_id', '=', user['id'])],
                           ['last_poll'])
        if rows and rows[0]['last_poll'] and datetime.datetime.strptime(
                rows[0]['last_poll'], '%Y-%m-%d %H:%M:%S') > datetime.datetime.utcnow() \
                - datetime.timedelta(seconds=50):
            return
        time.sleep(0.5)
    raise AssertionError('%s never connected' % user['login'])


def on_a_screen(page, base_url):
    """Off the home menu, where chat windows hide."""
    page.goto(base_url + '/web#action=base.action_partner_form')
    page.wait_for_selector('.o_kanban_view', timeout=60000)


def visitor_reads(visitor, wanted, seconds=30):
    """The visitor's messages (as the widget polls them) once one matches ``wanted``."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        status, body = visitor.call('/livechat/poll', {'last': 0, 'cursor': 0})
        assert status == 200, body
        if any(wanted(message) for message in body['messages']):
            return body['messages']
        time.sleep(0.3)
    raise AssertionError('the visitor never read it: %s' % body['messages'])


def test_forward_from_the_chat_window(browser, admin, lc_operator, base_url, artifacts):
    colleague = backend_user(admin, 'lc_colleague', OPERATOR_GROUPS, name='Nora Colleague')
    channel_id = admin.model('livechat.channel', 'create', {
        'name': 'Hand-on test %s' % time.time(),
        'operator_ids': [(0, 0, {'user_id': lc_operator['id']})]})
    first = browser.new_context(viewport={'width': 1280, 'height': 800})
    second = browser.new_context(viewport={'width': 1280, 'height': 800})
    try:
        page = first.new_page()
        login(page, base_url, lc_operator)
        on_a_screen(page, base_url)
        visitor = Visitor(base_url)
        wait_available(visitor, channel_id)
        # the colleague joins the channel once the chat went to the first operator
        visitor.start(channel_id, name='Kenji Handon', url='https://shop.test/plans',
                      title='Plans')
        visitor.say('Can I pay by invoice?')
        window = session_window(page, 'Kenji')
        window.wait_for(timeout=30000)
        admin.model('livechat.channel', 'write', [channel_id], {
            'operator_ids': [(0, 0, {'user_id': colleague['id']})]})
        page2 = second.new_page()
        login(page2, base_url, colleague)
        on_a_screen(page2, base_url)
        wait_connected(admin, colleague)

        composer = window.locator('.o_composer_text_field')
        # a command's answer is for the operator only
        composer.fill('/history')
        composer.press('Enter')
        window.get_by_text("The visitor's pages, oldest first").wait_for(timeout=15000)
        composer.fill('/forward Nora Colleague invoices are hers')
        composer.press('Enter')

        # the colleague's window opens by itself, with the whole history
        window2 = session_window(page2, 'Kenji')
        window2.wait_for(timeout=30000)
        window2.get_by_text('Can I pay by invoice?').wait_for(timeout=15000)
        window2.locator('.o_livechat_visitor_page').wait_for(timeout=15000)
        assert 'https://shop.test/plans' in window2.locator(
            '.o_livechat_visitor_page').inner_text()
        # the first operator's window closed
        window.wait_for(state='detached', timeout=30000)

        messages = visitor_reads(visitor, lambda m: m['author'] == 'system')
        assert [(m['author'], m['body']) for m in messages] == [
            ('visitor', 'Can I pay by invoice?'),
            ('system', 'Nora Colleague took over the chat.')], messages

        composer2 = window2.locator('.o_composer_text_field')
        composer2.fill('Yes: I will send you the form.')
        composer2.press('Enter')
        messages = visitor_reads(visitor, lambda m: m['author'] == 'operator')
        assert [(m['author_name'], m['body']) for m in messages if m['author'] == 'operator'] \
            == [('Nora Colleague', 'Yes: I will send you the form.')]
        status, history = visitor.call('/livechat/history')
        assert status == 200
        assert not [m for m in history['messages'] if m['body'].startswith('/')], \
            'no command reaches the visitor'
        page2.screenshot(path=artifacts + '/handon-forwarded.png')

        trail = admin.model('livechat.assignment', 'search_read',
                            [('session_id', '=', visitor.session)],
                            ['reason', 'user_id', 'by_user_id', 'note'])
        assert [(t['reason'], t['user_id'][0], t['by_user_id'] and t['by_user_id'][0],
                 t['note']) for t in trail][0] == (
            'forwarded', colleague['id'], lc_operator['id'], 'invoices are hers')
    finally:
        first.close()
        second.close()


def hand_on_from_the_widget(admin, colleague, base_url, site, page, command):
    """A widget's chat, taken by the admin; then the colleague joins the channel
    (connected) and the admin types ``command`` (its %s: the colleague's name).
    Returns the session."""
    channel = make_channel(admin)
    admin.model('bus.presence', 'update', 0)  # the admin takes the chat
    page.goto(site.page('hand-on.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    visitor_says(page, 'Who handles invoices?')
    session = session_of(admin, channel)
    admin.model('livechat.channel', 'write', [channel], {
        'operator_ids': [(0, 0, {'user_id': colleague['id']})]})
    colleague['client'].model('bus.presence', 'update', 0)  # connected now
    admin.model('mail.channel', 'message_post', [session], body=command % colleague['name'],
                message_type='comment', subtype='mail.mt_comment')
    return session


def test_the_widget_shows_who_joined_as_a_notice(admin, lc_operator, base_url, page):
    site = ThirdPartySite()
    try:
        session = hand_on_from_the_widget(admin, lc_operator, base_url, site, page,
                                          '/invite %s for invoices')
        notice = widget(page).locator('.lc-msg.lc-notice')
        notice.wait_for()
        assert notice.inner_text() == '%s joined the chat.' % lc_operator['name']
        # neither the command nor its answer is shown
        assert 'invite' not in widget(page).locator('.lc-log').inner_text()
        lc_operator['client'].model('mail.channel', 'message_post', [session],
                                    body='I do.', message_type='comment',
                                    subtype='mail.mt_comment')
        reply = widget(page).locator('.lc-msg:not(.lc-mine):not(.lc-notice)').filter(
            has_text='I do.')
        reply.wait_for()
        assert lc_operator['name'] in reply.inner_text()
    finally:
        site.close()


def test_the_widget_names_the_operator_who_took_over(admin, lc_operator, base_url, page):
    site = ThirdPartySite()
    try:
        hand_on_from_the_widget(admin, lc_operator, base_url, site, page, '/forward %s invoices')
        title = widget(page).locator('.lc-title')
        page.wait_for_function('([el, name]) => el.textContent === name',
                               arg=[title.element_handle(), lc_operator['name']])
        # and after a reload, from the history
        page.reload()
        widget(page).locator('.lc-msg.lc-notice').wait_for()
        assert widget(page).locator('.lc-title').inner_text() == lc_operator['name']
    finally:
        site.close()
