"""A blocked visitor's widget goes: mid-chat when the operator types /block,
and on the next pages; lifted, it comes back. Every test visitor comes from
127.0.0.1, so the block is lifted whatever happens."""
from backend_login import login
from conftest import OPERATOR_GROUPS, backend_user, operator_says
from widget_pages import session_of, visitor_says, widget


def test_a_blocked_visitor_sees_the_widget_go(admin, lc_admin, browser, base_url, site, page,
                                              artifacts):
    operator = backend_user(admin, 'blocker', OPERATOR_GROUPS, 'Bella Blocker')
    channel = admin.model('livechat.channel', 'create', {
        'name': 'Block Desk', 'operator_ids': [(0, 0, {'user_id': operator['id']})]})
    operator['client'].model('bus.presence', 'update', 0)
    page.goto(site.page('block.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    visitor_says(page, 'You are all idiots')
    session = session_of(admin, channel)
    try:
        operator_says(operator['client'], session, '/block 1h insults')
        widget(page).wait_for(state='detached')
        blocks = admin.model('livechat.block', 'search_read', [('session_id', '=', session)],
                             ['blocked_by_id', 'reason'])
        assert [(b['blocked_by_id'][0], b['reason']) for b in blocks] == [
            (operator['id'], 'insults')]
        with page.expect_response(lambda r: '/livechat/init' in r.url) as init:
            page.reload()
        assert init.value.json()['action'] == 'hide'
        page.wait_for_load_state('networkidle')
        assert widget(page).count() == 0
        page.screenshot(path='%s/widget-blocked.png' % artifacts)
        # a live chat administrator (not the superuser) lists it, with who, why and until when
        desk_context = browser.new_context(viewport={'width': 1280, 'height': 800})
        try:
            desk = desk_context.new_page()
            login(desk, base_url, lc_admin)
            desk.goto(base_url + '/web#action=livechat.livechat_block_action')
            row = desk.locator('tr.o_data_row', has_text='Bella Blocker')
            row.wait_for(timeout=60000)
            assert 'insults' in row.inner_text() and '1 hour' in row.inner_text()
            desk.screenshot(path='%s/blocked-visitors.png' % artifacts)
        finally:
            desk_context.close()
    finally:
        admin.model('livechat.block', 'action_lift', [b['id'] for b in admin.model(
            'livechat.block', 'search_read', [('session_id', '=', session)], ['id'])])
    page.reload()
    widget(page).locator('.lc-button').wait_for()
