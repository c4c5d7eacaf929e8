"""Session history and reports in a real Chromium, on sessions made through RPC,
seen by a Live Chat administrator and by an operator of the channel (neither the
superuser), and by an operator of another channel."""
import os
import time

import pytest

from backend_login import login
from conftest import OPERATOR_GROUPS, backend_user

ROLES = ['lc_admin', 'lc_operator']


def shot_name(name, role):
    # the administrator's under the usual names (the README's pictures)
    return '%s.png' % name if role == 'lc_admin' else '%s-operator.png' % name


@pytest.fixture(scope='module')
def sessions(admin, lc_operator):
    """Three sessions on a channel of their own: answered+rated 5, answered+rated 2,
    unanswered. Private, as the visitor API makes them: the operator is in the first
    two; the third is a colleague's (admin's)."""
    tag = int(time.time())
    channel = admin.model('livechat.channel', 'create', {
        'name': 'Report Desk %d' % tag, 'user_ids': [(6, 0, [admin.uid, lc_operator['id']])]})
    admin_partner = admin.model('res.users', 'read', [admin.uid], ['partner_id'])[0][
        'partner_id'][0]
    ids = []
    for visitor, answered, rating in [('Aiko', True, 5), ('Ben', True, 2), ('Chloe', False, 0)]:
        operator, partner = (lc_operator['id'], lc_operator['partner_id']) if answered else \
            (admin.uid, admin_partner)
        session = admin.model('mail.channel', 'create', {
            'name': 'Visitor %s' % visitor, 'channel_type': 'livechat_visitor',
            'public': 'private', 'channel_partner_ids': [(4, partner)],
            'chat_channel_id': channel, 'chat_operator_id': operator,
            'visitor_name': visitor, 'visitor_email': '%s@example.com' % visitor.lower()})
        admin.model('mail.channel', 'message_post', [session], body='Hello from %s' % visitor,
                    message_type='comment', author_id=False, email_from=visitor)
        if answered:
            admin.model('mail.channel', 'message_post', [session], body='Hi %s!' % visitor,
                        message_type='comment')
        admin.model('mail.channel', 'write', [session], {'livechat_rating': rating})
        ids.append(session)
    admin.model('mail.channel', 'livechat_close', ids[:2])
    return {'channel': channel, 'channel_name': 'Report Desk %d' % tag, 'ids': ids}


def test_stats_stored_through_rpc(admin, sessions):
    rows = admin.model('mail.channel', 'read', sessions['ids'],
                       ['livechat_message_count', 'livechat_first_answer_at', 'livechat_state'])
    assert [r['livechat_message_count'] for r in rows] == [2, 2, 1]
    assert [bool(r['livechat_first_answer_at']) for r in rows] == [True, True, False]
    assert [r['livechat_state'] for r in rows] == ['closed', 'closed', 'open']


@pytest.mark.parametrize('role', ROLES)
def test_report_graph_and_pivot(page, base_url, artifacts, sessions, role, request):
    login(page, base_url, request.getfixturevalue(role))
    page.goto(base_url + '/web#action=livechat.livechat_session_report_action')
    page.wait_for_selector('.o_graph svg, .o_graph_svg_container svg', timeout=60000)
    page.wait_for_timeout(1000)
    page.screenshot(path=os.path.join(artifacts, shot_name('sessions-report-graph', role)))

    page.click('.o_cp_switch_pivot')
    page.wait_for_selector('.o_pivot table', timeout=60000)
    page.wait_for_timeout(500)
    text = page.inner_text('.o_pivot table')
    assert sessions['channel_name'] in text
    page.screenshot(path=os.path.join(artifacts, shot_name('sessions-report-pivot', role)))


def history_rows(page, base_url, channel_name):
    """Live Chat > Sessions > Session History, searched for one channel: the visitors."""
    page.goto(base_url + '/web#action=livechat.livechat_session_action')
    page.wait_for_selector('.o_list_view', timeout=60000)
    search = page.locator('.o_searchview_input')
    search.type(channel_name, delay=20)
    page.click('.o_searchview_autocomplete li:has-text("Live Chat Channel")')
    page.wait_for_selector('.o_searchview_facet:has-text("%s")' % channel_name)
    page.wait_for_selector('.o_list_view:not(:has(.o_data_row:has-text("Report Desk"):not('
                           ':has-text("%s"))))' % channel_name)
    page.wait_for_timeout(500)  # the list after the facet's search
    # columns: selector, start, channel, operator, visitor...
    return sorted(page.locator('.o_list_view .o_data_row td:nth-child(5)').all_inner_texts())


@pytest.mark.parametrize('role', ROLES)
def test_session_history_lists_the_channels_sessions(page, base_url, sessions, role, request):
    """The administrator sees every session; the channel's operator its sessions,
    the colleague's one too (Chloe's: admin's chat, the operator is not in it)."""
    login(page, base_url, request.getfixturevalue(role))
    assert history_rows(page, base_url, sessions['channel_name']) == ['Aiko', 'Ben', 'Chloe']


def test_operator_of_another_channel_sees_none_of_them(page, base_url, admin, sessions):
    stranger = backend_user(admin, 'other_operator', OPERATOR_GROUPS)
    admin.model('livechat.channel', 'create', {'name': 'Elsewhere %s' % stranger['login'],
                                               'user_ids': [(6, 0, [stranger['id']])]})
    assert stranger['client'].model('mail.channel', 'search', [
        ('id', 'in', sessions['ids'])]) == []
    assert stranger['client'].model('livechat.session.report', 'search', [
        ('channel_id', '=', sessions['channel'])]) == []
    login(page, base_url, stranger)
    page.goto(base_url + '/web#action=livechat.livechat_session_action')
    # the list, or the "No chat session yet" help when it is empty
    page.wait_for_selector('.o_list_view, .oe_view_nocontent', timeout=60000)
    page.wait_for_timeout(500)
    assert page.locator('.o_data_row:has-text("%s")' % sessions['channel_name']).count() == 0


@pytest.mark.parametrize('role', ROLES)
def test_session_form_shows_transcript(page, base_url, artifacts, sessions, role, request):
    login(page, base_url, request.getfixturevalue(role))
    page.goto(base_url + '/web#action=livechat.livechat_session_action&view_type=form&id=%d'
              % sessions['ids'][0])
    page.wait_for_selector('.o_livechat_transcript', timeout=60000)
    transcript = page.inner_text('.o_livechat_transcript')
    assert transcript.index('Hello from Aiko') < transcript.index('Hi Aiko!')
    page.screenshot(path=os.path.join(artifacts, shot_name('session-form-transcript', role)))


def test_canned_response_substitutes_in_composer(admin, page, base_url, artifacts):
    """Typing ':' + a shortcut in a chat composer inserts the saved answer."""
    tag = 'cr%d' % int(time.time())
    answer = 'Our opening hours are 9:00-18:00 (%s).' % tag
    admin.model('mail.shortcode', 'create', {'source': tag, 'substitution': answer,
                                             'shortcode_type': 'text'})
    # a user of its own: the admin's visitor chat windows (other tests) would take the focus
    user = admin.model('res.users', 'create', {
        'name': 'Canned %s' % tag, 'login': tag, 'password': tag,
        'email': tag + '@example.com',  # Discuss refuses to post for a user without one
        'groups_id': [(6, 0, [admin.model('ir.model.data', 'xmlid_to_res_id',
                                          'base.group_user')])]})
    partner = admin.model('res.users', 'read', [user], ['partner_id'])[0]['partner_id'][0]
    # the #general channel, which the new user joins
    general = admin.model('ir.model.data', 'xmlid_to_res_id', 'mail.channel_all_employees')
    admin.model('mail.channel', 'write', [general], {'channel_partner_ids': [(4, partner)]})
    login(page, base_url, tag, tag)  # canned responses load with the chat client, after the create
    page.goto(base_url + '/web#action=mail.mail_channel_action_client_chat&active_id=%d' % general)
    composer = page.locator('.o_mail_chat .o_composer_input textarea:visible').first
    composer.wait_for(timeout=60000)
    composer.click()
    page.keyboard.type(':' + tag, delay=30)
    page.wait_for_selector('.o_mention_proposition', timeout=30000)
    page.keyboard.press('Enter')  # pick the proposition
    assert answer in composer.input_value()
    page.keyboard.press('Enter')  # send
    for _ in range(40):
        found = admin.model('mail.message', 'search_count',
                            [('model', '=', 'mail.channel'), ('res_id', '=', general),
                             ('body', 'ilike', answer)])
        if found:
            break
        time.sleep(0.25)
    page.screenshot(path=os.path.join(artifacts, 'canned-response-sent.png'))
    assert found == 1
