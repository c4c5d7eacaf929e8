"""The queue in the visitors' real widgets: with the one operator at their
maximum, two visitors write; each sees their message pending and their place;
when the operator's chat ends, the first is let in and their message posted,
and the second moves up."""
from conftest import OPERATOR_GROUPS, backend_user
from test_widget import make_channel, shot
from visitor_client import Visitor
from widget_pages import widget

WAIT = 30000  # ms: the widget asks for its place every 5 s


def test_busy_operator_visitors_wait_in_order_and_the_first_gets_in(
        admin, base_url, site, browser, page, artifacts):
    # an operator of their own: the load counts every open chat of the operator
    operator = backend_user(admin, 'queue', OPERATOR_GROUPS, 'Quinn Queue')
    operator['client'].model('bus.presence', 'update', 0)  # online
    channel = make_channel(admin, operators=False, queue_when_busy=True)
    admin.model('livechat.channel', 'write', [channel], {'operator_ids': [
        (0, 0, {'user_id': operator['id'], 'max_concurrent_chats': 1})]})
    busy = Visitor(base_url)
    busy.start(channel, name='Already talking')
    busy.say('Hello')
    second_context = browser.new_context(viewport={'width': 1280, 'height': 800})
    second = second_context.new_page()
    try:
        for visitor, text in ((page, 'First in line?'), (second, 'Second in line?')):
            visitor.goto(site.page('queue.html', base_url, channel))
            widget(visitor).locator('.lc-button').click()
            composer = widget(visitor).locator('.lc-composer textarea')
            composer.fill(text)
            composer.press('Enter')
            widget(visitor).locator('.lc-pending', has_text=text).wait_for()
        status = 'Every operator is busy: you are number %d in the queue.'
        widget(page).locator('.lc-status', has_text=status % 1).wait_for(timeout=WAIT)
        widget(second).locator('.lc-status', has_text=status % 2).wait_for(timeout=WAIT)
        shot(second, artifacts, 'queue')
        assert len(admin.model('mail.channel', 'search', [('chat_channel_id', '=', channel)])) == 1

        busy.call('/livechat/end', {})  # the operator's chat ends: one free
        mine = widget(page).locator('.lc-mine:not(.lc-pending)', has_text='First in line?')
        mine.wait_for(timeout=WAIT)
        assert widget(page).locator('.lc-pending').count() == 0
        widget(second).locator('.lc-status', has_text=status % 1).wait_for(timeout=WAIT)
        assert widget(second).locator('.lc-pending', has_text='Second in line?').count() == 1
        sessions = admin.model('mail.channel', 'search_read', [
            ('chat_channel_id', '=', channel), ('livechat_state', '=', 'open')], ['id'])
        assert len(sessions) == 1, 'one let in: the operator has one free chat'
        bodies = [m['body'] for m in admin.model('mail.message', 'search_read', [
            ('model', '=', 'mail.channel'), ('res_id', '=', sessions[0]['id'])], ['body'])]
        assert any('First in line?' in body for body in bodies)
    finally:
        second_context.close()
