"""Read receipts, the operator's side, as both use them: the visitor's real
widget in one browser, the operator's Odoo chat window in another."""
import time

from backend_login import login
from test_operator_window import wait_available
from test_widget import make_channel
from visitor_client import Visitor
from widget_pages import widget, visitor_says


def test_the_operator_sees_what_the_visitor_read(browser, admin, lc_operator, base_url, site,
                                                 page):
    channel = make_channel(admin, operators=False)
    admin.model('livechat.channel', 'write', [channel], {'operator_ids': [
        (0, 0, {'user_id': lc_operator['id'], 'max_concurrent_chats': 1000})]})
    desk_context = browser.new_context(viewport={'width': 1280, 'height': 800})
    desk = desk_context.new_page()
    try:
        login(desk, base_url, lc_operator)  # an operator, not the superuser
        # chat windows are hidden on the home menu: an app's screen
        desk.goto(base_url + '/web#action=base.action_partner_form')
        desk.wait_for_selector('.o_kanban_view', timeout=60000)
        wait_available(Visitor(base_url), channel)
        page.goto(site.page('receipts.html', base_url, channel))
        widget(page).locator('.lc-button').click()
        question = 'Is the green tea organic? %d' % (time.time() * 1000)
        visitor_says(page, question)

        chat = desk.locator('.o_chat_window.o_livechat_session', has=desk.get_by_text(question))
        chat.wait_for(timeout=30000)

        def reply(text):
            composer = chat.locator('.o_composer_text_field')
            composer.fill(text)
            composer.press('Enter')
            return chat.locator('.o_thread_message', has_text=text)

        def seen_under(message):
            return message.locator('.o_livechat_seen')

        first = reply('Yes, all of it.')
        widget(page).locator('.lc-msg', has_text='Yes, all of it.').wait_for()
        seen_under(first).wait_for(timeout=15000)
        assert seen_under(first).inner_text() == 'Seen'

        # the window put away: the reply arrives, unread, and nothing is said to be seen
        widget(page).locator('.lc-close').click()
        second = reply('Anything else?')
        widget(page).locator('.lc-badge', has_text='1').wait_for()
        page.wait_for_timeout(1000)  # a wrong report would have had the time to show
        assert seen_under(second).count() == 0
        assert seen_under(first).count() == 1
        widget(page).locator('.lc-button').click()
        seen_under(second).wait_for(timeout=15000)
        assert chat.locator('.o_livechat_seen').count() == 1, 'one mark, under the newest'

        desk.reload()  # the window drawn again from the server
        chat.wait_for(timeout=30000)
        seen_under(chat.locator('.o_thread_message', has_text='Anything else?')).wait_for(
            timeout=15000)
    finally:
        desk_context.close()
