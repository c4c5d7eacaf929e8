"""Accessibility audited, not claimed: axe-core (pinned in runtime/package.json) runs
in Chromium on every face of the widget and on the support page, against WCAG 2.x
A and AA. The host page is a plain accessible one, so that what is found is ours."""
import os

import pytest

from test_widget import make_channel
from test_widget_files import PDF, operator_sends_files, picture
from widget_pages import session_of, visitor_says, widget

AXE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   'runtime', 'node_modules', 'axe-core', 'axe.min.js')
WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
# The colours a new channel gets (models/livechat_channel.py, DEFAULT_COLORS).
DEFAULT_LOOK = {'button_background_color': '#0F7F74', 'button_text_color': '#FFFFFF',
                'header_background_color': '#0F7F74', 'header_text_color': '#FFFFFF'}

PLAIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tea shop</title>
<script async src="%(base)s/livechat/loader/%(channel)s.js"></script>
</head><body><main><h1>Tea shop</h1><p>Green and black teas. %(marker)s</p></main></body></html>
"""


def axe_violations(page):
    """WCAG A/AA violations axe-core finds in the page, open shadow roots included,
    as 'rule: target' lines (empty when it finds none)."""
    if not page.evaluate('!!window.axe'):
        page.add_script_tag(path=AXE)
    found = page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.flatMap(v => v.nodes.map(
            n => `${v.id} (${v.impact}): ${JSON.stringify(n.target)} ${n.failureSummary}`));
    }""", WCAG_AA)
    assert page.evaluate('axe.version') == '4.14.1'  # the pinned one, really loaded
    return found


def open_plain_page(page, site, base_url, channel, name):
    page.goto(site.page(name, base_url, channel, template=PLAIN_PAGE))


def test_axe_finds_a_planted_fault(site, base_url, admin, page):
    """The audit sees into the widget's shadow root: a field without a label added
    there is reported."""
    channel = make_channel(admin, operators=False, **DEFAULT_LOOK)
    open_plain_page(page, site, base_url, channel, 'planted.html')
    widget(page).locator('.lc-button').wait_for()
    widget(page).evaluate("""host => host.shadowRoot.appendChild(
        Object.assign(document.createElement('input'), {type: 'text'}))""")
    assert any(line.startswith('label ') for line in axe_violations(page))


def test_closed_button_and_open_window(site, base_url, admin, operator_online, page):
    channel = make_channel(admin, **DEFAULT_LOOK)
    open_plain_page(page, site, base_url, channel, 'a11y-chat.html')
    widget(page).locator('.lc-button').wait_for()
    assert axe_violations(page) == []
    widget(page).locator('.lc-button').click()
    widget(page).locator('section').wait_for(state='visible')
    assert axe_violations(page) == []
    visitor_says(page, 'Is the sencha in stock?')
    admin.model('mail.channel', 'message_post', [session_of(admin, channel)],
                body='Yes, it is.', message_type='comment', subtype='mail.mt_comment')
    widget(page).locator('.lc-msg:not(.lc-mine)').filter(has_text='Yes, it is.').wait_for()
    assert axe_violations(page) == []
    # ended: the rating
    widget(page).locator('.lc-end').click()
    widget(page).locator('.lc-rating').wait_for(state='visible')
    assert axe_violations(page) == []


def test_bubble(site, base_url, admin, operator_online, page):
    channel = make_channel(admin, 'notify', **DEFAULT_LOOK)
    open_plain_page(page, site, base_url, channel, 'a11y-bubble.html')
    widget(page).locator('.lc-bubble').wait_for(state='visible')
    assert axe_violations(page) == []


def test_files_in_the_window(site, base_url, admin, operator_online, page):
    """The paperclip, an image shown inline and a file to download."""
    channel = make_channel(admin, **DEFAULT_LOOK)
    open_plain_page(page, site, base_url, channel, 'a11y-files.html')
    widget(page).locator('.lc-button').click()
    widget(page).locator('.lc-attach').wait_for()
    visitor_says(page, 'The label, please?')
    operator_sends_files(admin, session_of(admin, channel), 'Here it is',
                         [('label.png', picture(60, 40)), ('label.pdf', PDF)])
    widget(page).locator('.lc-msg', has_text='Here it is').locator('img').wait_for()
    assert axe_violations(page) == []


def test_offline_form(site, base_url, admin, page):
    channel = make_channel(admin, operators=False, **DEFAULT_LOOK)
    open_plain_page(page, site, base_url, channel, 'a11y-offline.html')
    widget(page).locator('.lc-button').click()
    widget(page).locator('form.lc-offline').wait_for(state='visible')
    assert axe_violations(page) == []


@pytest.mark.parametrize('viewport', [{'width': 1280, 'height': 800},
                                      {'width': 390, 'height': 740}], ids=['desktop', 'phone'])
def test_support_page(base_url, admin, operator_online, page, viewport):
    channel = make_channel(admin, **DEFAULT_LOOK)
    page.set_viewport_size(viewport)
    page.goto('%s/livechat/support/%d' % (base_url, channel))
    widget(page).locator('section').wait_for(state='visible')
    assert axe_violations(page) == []


def test_weak_channel_colours_are_reported(site, base_url, admin, operator_online, page):
    """What the channel form warns about (white on yellow, 1.07:1) is what axe finds in
    the window's header: the audit reads the colours the channel really draws."""
    channel = make_channel(admin, **dict(DEFAULT_LOOK, header_background_color='#FFFF00'))
    open_plain_page(page, site, base_url, channel, 'a11y-weak.html')
    widget(page).locator('.lc-button').click()
    widget(page).locator('section').wait_for(state='visible')
    found = axe_violations(page)
    assert any(line.startswith('color-contrast ') and '#ffff00' in line for line in found), found


def test_dark_mode_follows_the_system_and_keeps_the_channel_colours(
        site, base_url, admin, operator_online, page, artifacts):
    page.emulate_media(color_scheme='dark')
    channel = make_channel(admin, **DEFAULT_LOOK)
    open_plain_page(page, site, base_url, channel, 'a11y-dark.html')
    widget(page).locator('.lc-button').click()
    window = widget(page).locator('section')
    window.wait_for(state='visible')
    visitor_says(page, 'Do you have matcha?')
    admin.model('mail.channel', 'message_post', [session_of(admin, channel)],
                body='We do.', message_type='comment', subtype='mail.mt_comment')
    widget(page).locator('.lc-msg:not(.lc-mine)').filter(has_text='We do.').wait_for()
    style = 'e => getComputedStyle(e).backgroundColor'
    assert window.evaluate(style) == 'rgb(31, 32, 35)'
    assert widget(page).locator('.lc-header').evaluate(style) == 'rgb(15, 127, 116)'
    assert axe_violations(page) == []
    page.screenshot(path=os.path.join(artifacts, 'widget-dark.png'))
    page.emulate_media(color_scheme='light')  # follows a change without a reload
    assert window.evaluate(style) == 'rgb(255, 255, 255)'


def test_prechat_form(site, base_url, admin, operator_online, page, artifacts):
    """The pre-chat form: the fields the channel asks, required ones enforced by the
    browser before anything is sent, then the chat starts with them."""
    channel = make_channel(admin, prechat_name='required', prechat_phone='optional',
                           prechat_question='required', prechat_question_text='Which order?',
                           **DEFAULT_LOOK)
    open_plain_page(page, site, base_url, channel, 'a11y-prechat.html')
    widget(page).locator('.lc-button').click()
    form = widget(page).locator('.lc-prechat')
    form.wait_for()
    assert widget(page).locator('.lc-composer').is_hidden()
    assert form.locator('input[name=email]').is_hidden(), 'not asked'
    assert form.locator('textarea[name=answer]').get_attribute('aria-label') == 'Which order?'
    assert axe_violations(page) == []
    page.screenshot(path=os.path.join(artifacts, 'widget-prechat.png'))
    started = []
    page.on('request', lambda r: started.append(r) if r.url.endswith('/livechat/session')
            else None)
    form.locator('.lc-send').click()  # the name and the answer are missing
    assert form.is_visible() and form.locator(':invalid').count() == 2
    form.locator('input[name=name]').fill('Ann')
    form.locator('input[name=phone]').fill('+81 3 1234 5678')
    form.locator('textarea[name=answer]').fill('Order 42')
    form.locator('.lc-send').click()
    form.wait_for(state='hidden')
    assert not started, 'nothing is sent before the first message'
    visitor_says(page, 'Where is it?')
    session = admin.model('mail.channel', 'read', [session_of(admin, channel)],
                          ['visitor_name', 'visitor_phone', 'visitor_prechat_answer'])[0]
    assert (session['visitor_name'], session['visitor_phone'],
            session['visitor_prechat_answer']) == ('Ann', '+81 3 1234 5678', 'Order 42')
