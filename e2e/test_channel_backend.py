"""The manual's channel configuration, step by step, in a real Chromium:
create a channel, add an operator through the Add dialog, pick and reset a
colour, add one rule of each kind, copy the widget code."""
import os
import re
import time
import urllib.request

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from backend_login import login
from conftest import backend_user


def shot(page, artifacts, name):
    page.screenshot(path=os.path.join(artifacts, 'channel-%s.png' % name), full_page=True)


def open_tab(page, label):
    page.click('.o_notebook .nav-tabs a:text-is("%s")' % label)
    page.wait_for_timeout(300)


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(viewport={'width': 1280, 'height': 900},
                                  permissions=['clipboard-read', 'clipboard-write'])
    yield context.new_page()
    context.close()


@pytest.fixture
def operator_user(admin):
    login = 'e2e_operator_%d' % (time.time() * 1000)
    user_id = admin.model('res.users', 'create', {'name': 'Keiko %s' % login[-6:],
                                                  'login': login})
    return {'id': user_id, 'login': login, 'name': 'Keiko %s' % login[-6:]}


def add_rule(page, action_label, url_regex, timer=None, country=None):
    page.click('.tab-pane.active .o_field_x2many_list_row_add a')  # the rules' list
    modal = page.locator('.modal:has(.o_form_view)').last
    modal.wait_for()
    assert modal.locator('.modal-title').inner_text() == 'Create Rules'  # the manual's words
    timer_field = modal.locator('.o_field_widget[name=auto_open_delay]')
    modal.locator('label:text-is("%s")' % action_label).click()
    # the timer shows only for "Open automatically"
    assert timer_field.is_visible() == (timer is not None)
    if timer is not None:
        timer_field.fill(str(timer))
    modal.locator('input.o_field_widget[name=url_regex]').fill(url_regex)
    if country:
        modal.locator('.o_field_widget[name=country_ids] input').type(country, delay=50)
        page.click('.ui-autocomplete li a:text-is("%s")' % country)
        badge = '.o_field_widget[name=country_ids] .badge:has-text("%s")' % country
        modal.locator(badge).wait_for()
    assert modal.locator('.o_livechat_geoip_note:has-text("geoip_database")').is_visible()
    modal.locator('.modal-footer button:has-text("Save & Close")').click()
    modal.wait_for(state='detached')


def test_configure_a_channel_like_the_manual(clipboard_page, base_url, artifacts, admin,
                                            lc_admin, operator_user):
    page = clipboard_page
    login(page, base_url, lc_admin)

    # the Live Chat app opens on the channels kanban, the default channel in it
    page.goto(base_url + '/web#action=livechat.livechat_channel_action_kanban')
    page.wait_for_selector('.o_livechat_channel_kanban .o_kanban_record')
    assert page.locator('.o_kanban_record .o_kanban_record_title',
                        has_text='Website').count() >= 1
    shot(page, artifacts, 'kanban')

    # Create: Channel name, then the Operators tab with the creator already in it
    page.click('.o-kanban-button-new')
    page.wait_for_selector('.o_form_view.o_form_editable')
    name = 'Sales %s' % operator_user['login'][-6:]
    page.fill('input.o_field_widget[name=name]', name)
    operators = page.locator('.o_field_widget[name=user_ids]')
    operators.locator('.o_kanban_record:has-text("%s")' % lc_admin['name']).wait_for()

    # Add: a searchable list of users with checkboxes, then Select
    add_operator(page, operator_user['name'])
    shot(page, artifacts, 'operators')

    # Options: colour bubbles opening the native chooser, and as the manual shows,
    # one reset icon to the right of each pair putting both back to the default
    open_tab(page, 'Options')
    pair = page.locator('.o_livechat_color_pair:has([name=button_background_color])')
    assert pair.locator('.o_livechat_color_reset').count() == 1
    defaults = pair.locator('.o_livechat_color_value').all_inner_texts()
    for field, colour in (('button_background_color', '#ff0000'), ('button_text_color', '#00ff00')):
        bubble = pair.locator('.o_field_livechat_color[name=%s]' % field)
        bubble.locator('input[type=color]').fill(colour)
        assert bubble.locator('.o_livechat_color_value').inner_text() == colour
    pair.locator('.o_livechat_color_reset').click()
    page.wait_for_function(
        "([el, values]) => Array.from(el.querySelectorAll('.o_livechat_color_value'),"
        " v => v.textContent).join() === values.join()",
        arg=[pair.element_handle(), defaults])
    assert page.locator('.o_livechat_color_pair .o_livechat_color_reset').count() == 2
    default = defaults[0]
    header = page.locator('.o_field_livechat_color[name=header_background_color]')
    header.locator('input[type=color]').fill('#1a2b3c')
    page.fill('input.o_field_widget[name=welcome_message]', 'Konnichiwa! How can we help?')
    shot(page, artifacts, 'options')

    # Channel Rules: one rule of each kind through the Add a line popup
    open_tab(page, 'Channel Rules')
    add_rule(page, 'Show', '/shop')
    add_rule(page, 'Show with notification', '/contactus')
    add_rule(page, 'Open automatically', '/pricing', timer=7, country='Japan')
    add_rule(page, 'Hide', '/jobs')
    assert page.locator('.o_field_widget[name=rule_ids] .o_data_row').count() == 4
    shot(page, artifacts, 'rules')

    page.click('.o_form_button_save')
    page.wait_for_selector('.o_form_view.o_form_readonly')
    channel_id = int(re.search(r'[#&]id=(\d+)', page.url).group(1))

    # Widget: the snippet and the link of this server, each with a COPY button
    open_tab(page, 'Widget')
    snippet = '<script async src="%s/livechat/loader/%d.js"></script>' % (base_url, channel_id)
    link = '%s/livechat/support/%d' % (base_url, channel_id)
    assert page.locator('.o_livechat_script_snippet code').inner_text() == snippet
    assert page.locator('.o_livechat_support_url code').inner_text() == link
    page.click('.o_livechat_script_snippet .o_livechat_copy_button')
    page.wait_for_selector('.o_notification:has-text("Copied")')
    assert page.evaluate('navigator.clipboard.readText()') == snippet
    page.click('.o_livechat_support_url .o_livechat_copy_button')
    page.wait_for_function('async () => (await navigator.clipboard.readText()) === %r' % link)
    shot(page, artifacts, 'widget')

    # what was saved is what the manual's steps asked for
    channel = admin.model('livechat.channel', 'read', [channel_id],
                          ['name', 'user_ids', 'rule_ids', 'button_background_color',
                           'header_background_color', 'welcome_message'])[0]
    assert channel['name'] == name
    assert operator_user['id'] in channel['user_ids'] and len(channel['user_ids']) == 2
    assert channel['button_background_color'].lower() == default.lower()
    assert channel['header_background_color'].lower() == '#1a2b3c'
    assert channel['welcome_message'] == 'Konnichiwa! How can we help?'
    rules = admin.model('livechat.channel.rule', 'read', channel['rule_ids'],
                        ['action', 'url_regex', 'auto_open_delay', 'country_ids'])
    assert [(r['action'], r['url_regex']) for r in rules] == [
        ('show', '/shop'), ('notify', '/contactus'), ('auto_open', '/pricing'), ('hide', '/jobs')]
    assert rules[2]['auto_open_delay'] == 7 and len(rules[2]['country_ids']) == 1

    # clicking an operator opens a modal that can remove them from the channel
    page.click('.o_form_button_edit')
    open_tab(page, 'Operators')
    operators.locator('.o_kanban_record:has-text("%s")' % operator_user['name']).click()
    modal = page.locator('.modal:has(.o_form_view)')
    modal.locator('.modal-footer button:has-text("Remove")').click()
    modal.wait_for(state='detached')
    expect(operators.locator('.o_kanban_record:has-text("%s")' % operator_user['name'])
           ).to_have_count(0)
    page.click('.o_form_button_save')
    page.wait_for_selector('.o_form_view.o_form_readonly')
    assert admin.model('livechat.channel', 'read', [channel_id], ['user_ids'])[0]['user_ids'] \
        == [lc_admin['id']]

    # back to the kanban by the breadcrumb; the card's menu leads to the settings again
    page.click('.breadcrumb a:has-text("Live Chat Channels")')
    card = page.locator('.o_kanban_record:has-text("%s")' % name)
    card.wait_for()
    card.hover()
    card.locator('.o_dropdown_kanban .dropdown-toggle').click()
    card.locator('.o_livechat_channel_settings').click()
    page.wait_for_selector('.o_form_view input.o_field_widget[name=name]')
    assert page.locator('input.o_field_widget[name=name]').input_value() == name


def add_operator(page, name):
    """The Operators tab's Add: search the user, tick them, Select."""
    operators = page.locator('.o_field_widget[name=user_ids]')
    operators.locator('.o-kanban-button-new').click()
    dialog = page.locator('.modal:has(.o_list_view)')
    dialog.wait_for()
    assert dialog.locator('.modal-title').inner_text() == 'Add: Operators'
    dialog.locator('.o_searchview_input').type(name, delay=20)
    page.keyboard.press('Enter')
    expect(dialog.locator('.o_data_row')).to_have_count(1)
    row = dialog.locator('.o_data_row:has-text("%s")' % name)
    row.locator('.o_list_record_selector input').check(force=True)
    dialog.locator('.o_select_button').click()
    dialog.wait_for(state='detached')
    operators.locator('.o_kanban_record:has-text("%s")' % name).wait_for()


def test_new_channel_keeps_exactly_the_operators_shown(page, base_url, admin, lc_admin,
                                                       operator_user):
    """Create, remove the preset creator, Add another user, Save: that user is the
    channel's one operator (it had none)."""
    login(page, base_url, lc_admin)
    page.goto(base_url + '/web#action=livechat.livechat_channel_action_kanban')
    page.click('.o-kanban-button-new')
    page.wait_for_selector('.o_form_view.o_form_editable')
    page.fill('input.o_field_widget[name=name]', 'Only %s' % operator_user['name'])
    operators = page.locator('.o_field_widget[name=user_ids]')
    creator = operators.locator('.o_kanban_record:has-text("%s")' % lc_admin['name'])
    modal = page.locator('.modal:has(.o_form_view)')
    click_until(creator, modal.locator('.modal-footer button:has-text("Remove")'))
    modal.locator('.modal-footer button:has-text("Remove")').click()
    modal.wait_for(state='detached')
    expect(creator).to_have_count(0)
    add_operator(page, operator_user['name'])
    page.click('.o_form_button_save')
    page.wait_for_selector('.o_form_view.o_form_readonly')
    channel_id = int(re.search(r'[#&]id=(\d+)', page.url).group(1))
    expect(operators.locator('.o_kanban_record:not(.o_kanban_ghost)')).to_have_count(1)
    saved = admin.model('livechat.operator', 'search_read', [('channel_id', '=', channel_id)],
                        ['user_id'], context={'active_test': False})
    assert [op['user_id'][0] for op in saved] == [operator_user['id']]

    # the same over RPC, as the administrator
    channel_id = lc_admin['client'].model('livechat.channel', 'create', {
        'name': 'RPC %s' % operator_user['name'], 'user_ids': [(6, 0, [operator_user['id']])]})
    assert admin.model('livechat.channel', 'read', [channel_id], ['user_ids'])[0][
        'user_ids'] == [operator_user['id']]


def test_operator_reads_but_does_not_configure(page, base_url, admin, lc_operator):
    """What an operator sees of the channels: the kanban to join them, the
    settings read-only."""
    name = 'Read only %d' % (time.time() * 1000)
    admin.model('livechat.channel', 'create', {'name': name})
    login(page, base_url, lc_operator)
    page.goto(base_url + '/web#action=livechat.livechat_channel_action_kanban')
    card = page.locator('.o_kanban_record:has-text("%s")' % name)
    card.wait_for()
    assert page.locator('.o-kanban-button-new').count() == 0
    # no "Channel settings" entry (it opened a form in edit mode they cannot save)
    assert card.locator('.o_dropdown_kanban').count() == 0
    click_until(card.locator('.o_kanban_record_title'),
                page.locator('.o_form_view.o_form_readonly'))
    assert page.locator('input.o_field_widget[name=name]').count() == 0
    assert page.locator('.o_form_button_edit:visible').count() == 0
    with pytest.raises(RuntimeError):
        lc_operator['client'].model('livechat.channel', 'create', {'name': 'Not mine'})


def test_bad_colour_is_refused_with_a_clear_message(page, base_url, admin):
    """A colour typed by hand that is not #RRGGBB: a clear error, nothing saved."""
    channel_id = admin.model('livechat.channel', 'create', {'name': 'Colour check'})
    with pytest.raises(RuntimeError, match='#RRGGBB'):
        admin.model('livechat.channel', 'write', [channel_id],
                    {'button_text_color': 'red; background: url(//evil)'})
    saved = admin.model('livechat.channel', 'read', [channel_id], ['button_text_color'])
    assert re.fullmatch(r'#[0-9A-Fa-f]{6}', saved[0]['button_text_color'])


def click_until(button, expected, attempts=5):
    """Click, then wait for what the click shows. The kanban card renders a
    second time when the operators' names arrive; a click landing on the card
    being replaced is lost, as it would be for a (much slower) human."""
    for _attempt in range(attempts):
        button.click()
        try:
            expected.wait_for(timeout=3000)
            return
        except PlaywrightTimeout:
            continue
    expected.wait_for(timeout=1000)


@pytest.mark.parametrize('role', ['lc_admin', 'lc_operator'])
def test_join_and_leave_from_the_kanban(page, base_url, admin, role, request):
    user = request.getfixturevalue(role)
    name = 'Join me %d' % (time.time() * 1000)
    channel_id = admin.model('livechat.channel', 'create', {'name': name, 'user_ids': [(6, 0, [])]})
    login(page, base_url, user)
    page.goto(base_url + '/web#action=livechat.livechat_channel_action_kanban')
    card = page.locator('.o_kanban_record:has-text("%s")' % name)
    click_until(card.locator('.o_livechat_join'), card.locator('.o_livechat_leave'))

    def operators():
        return [op['user_id'][0] for op in admin.model(
            'livechat.operator', 'search_read', [('channel_id', '=', channel_id)], ['user_id'])]
    assert operators() == [user['id']]
    click_until(card.locator('.o_livechat_leave'), card.locator('.o_livechat_join'))
    assert operators() == []


def homepage(base_url):
    with urllib.request.urlopen(base_url + '/', timeout=30) as response:
        return response.read().decode()


def save_website_settings(page, base_url, enabled, channel_name=None):
    page.goto(base_url + '/web#action=website.action_website_configuration')
    box = page.locator('.o_field_widget[name=website_livechat_enabled] input')
    box.wait_for(state='attached')
    box.set_checked(enabled, force=True)  # Odoo 11 draws its checkbox over the input
    if channel_name:
        field = page.locator('.o_field_widget[name=website_chat_channel_id] input')
        field.fill('')
        field.type(channel_name, delay=20)
        page.click('.ui-autocomplete li a:text-is("%s")' % channel_name)
    with page.expect_navigation():
        page.click('.o_control_panel button:text-is("Save")')  # saving reloads the web client


def test_website_setting_adds_and_removes_the_widget(page, base_url, admin):
    """Website ‣ Settings, Email & Marketing: Live Chat + Channel, Save, by an
    administrator of the settings and of Live Chat who is not the superuser."""
    name = 'Website chat %d' % (time.time() * 1000)
    channel_id = admin.model('livechat.channel', 'create', {'name': name})
    tag = '<script async="async" src="/livechat/loader/%d.js"></script>' % channel_id
    login(page, base_url, backend_user(admin, 'site_admin', [
        'base.group_user', 'base.group_system', 'livechat.group_livechat_manager']))
    save_website_settings(page, base_url, True, name)
    assert homepage(base_url).count(tag) == 1
    save_website_settings(page, base_url, False)
    assert '/livechat/loader/' not in homepage(base_url)


def test_opening_hours_tab(page, base_url, artifacts, admin, lc_admin):
    """A channel open on weekdays with a night shift, as its administrator reads it."""
    channel_id = admin.model('livechat.channel', 'create', {
        'name': 'Night desk %d' % (time.time() * 1000), 'opening_hours': True,
        'opening_tz': 'Asia/Tokyo', 'outside_hours': 'offline_form',
        'opening_hour_ids': [(0, 0, {'weekday': '0', 'hour_from': 9, 'hour_to': 17.5}),
                             (0, 0, {'weekday': '4', 'hour_from': 22, 'hour_to': 24}),
                             (0, 0, {'weekday': '5', 'hour_from': 0, 'hour_to': 6})]})
    login(page, base_url, lc_admin)
    page.goto(base_url + '/web#model=livechat.channel&view_type=form&id=%d' % channel_id)
    page.wait_for_selector('.o_form_view.o_form_readonly')
    open_tab(page, 'Opening Hours')
    rows = page.locator('.tab-pane.active .o_field_widget[name=opening_hour_ids] .o_data_row')
    expect(rows).to_have_count(3)
    assert [' '.join(text.split()) for text in rows.all_inner_texts()] == [
        'Monday 09:00 17:30', 'Friday 22:00 24:00', 'Saturday 00:00 06:00']
    assert 'Asia/Tokyo' in page.locator('.tab-pane.active').inner_text()
    shot(page, artifacts, 'hours')
