"""The Live Chat box of a Helpdesk team form (bridge livechat_helpdesk) in Chromium."""
import os
import time

from backend_login import login


def test_ticking_live_chat_on_a_team_form(admin, lc_admin, page, base_url, artifacts):
    stamp = int(time.time() * 1000)
    agent = admin.model('res.users', 'create', {'name': 'Agent %d' % stamp,
                                                'login': 'agent%d' % stamp})
    team_name = 'Support %d' % stamp
    team = admin.model('helpdesk.ticket.team', 'create', {
        'name': team_name, 'user_ids': [(6, 0, [lc_admin['id'], agent])]})

    login(page, base_url, lc_admin)
    page.goto(base_url + '/web#model=helpdesk.ticket.team&id=%d&view_type=form' % team)
    page.wait_for_selector('.o_form_button_edit', timeout=60000)
    # the channel field shows only once the box is ticked
    assert not page.is_visible('.o_form_view [name=chat_channel_id]')
    page.click('.o_form_button_edit')
    page.click('.o_form_view div[name=livechat_enabled] input', force=True)
    page.wait_for_selector('.o_form_view [name=chat_channel_id]', state='visible')
    page.click('.o_form_button_save')
    page.wait_for_selector('.o_form_view.o_form_readonly', timeout=60000)
    page.wait_for_selector('.o_form_view [name=chat_channel_id]:has-text("%s")' % team_name)
    page.wait_for_selector('.o_loading', state='hidden')
    page.screenshot(path=os.path.join(artifacts, 'helpdesk-team.png'))

    [saved] = admin.model('helpdesk.ticket.team', 'read', [team],
                          ['livechat_enabled', 'chat_channel_id'])
    assert saved['livechat_enabled'] is True
    channel_id, channel_name = saved['chat_channel_id']
    assert channel_name == team_name
    operators = admin.model('livechat.operator', 'search_read',
                            [('channel_id', '=', channel_id)], ['user_id', 'active'])
    assert sorted(op['user_id'][0] for op in operators) == sorted([lc_admin['id'], agent])
    assert all(op['active'] for op in operators)
