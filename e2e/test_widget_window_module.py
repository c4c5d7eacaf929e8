"""The window's forms (static/src/widget/window.js), an ES module the loader
imports from the chat server when the window first opens: not before, and what
a host page whose CSP refuses it gets: the chat in a tab of its own."""
from test_widget import make_channel
from widget_pages import widget

# script-src names the loader's own URL only, not the chat server's origin
LOADER_ONLY_CSP_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self';
 script-src %(base)s/livechat/loader/%(channel)s.js; connect-src %(base)s">
<title>Stricter shop</title>
<script async src="%(base)s/livechat/loader/%(channel)s.js"></script>
</head><body><p>A page that allows one script. %(marker)s</p></body></html>
"""


def test_the_module_comes_on_first_opening_from_the_chat_server(admin, base_url, site,
                                                                  operator_online, page):
    channel = make_channel(admin)
    imported = []
    page.on('requestfinished', lambda request: imported.append(request.url)
            if request.url.endswith('/livechat/window.js') else None)
    page.goto(site.page('module.html', base_url, channel))
    widget(page).locator('.lc-button').click()
    widget(page).locator('section').wait_for(state='visible')
    assert imported == [base_url + '/livechat/window.js']  # another origin than the page's
    # the forms are wired: Enter in the composer sends the message
    widget(page).locator('.lc-composer textarea').fill('Hello from the module')
    widget(page).locator('.lc-composer textarea').press('Enter')
    widget(page).locator('.lc-log').get_by_text('Hello from the module').wait_for()


def test_a_csp_refusing_the_module_keeps_the_button_and_the_page(admin, base_url, site,
                                                                 operator_online, page):
    channel = make_channel(admin)
    errors = []
    page.on('pageerror', lambda error: errors.append(error))
    page.goto(site.page('loader-only.html', base_url, channel, template=LOADER_ONLY_CSP_PAGE))
    button = widget(page).locator('.lc-button')
    button.wait_for(state='visible')
    with page.context.expect_page() as tab:
        button.click()
    # the window's style and markup came, its module was refused: the chat opens on its own page
    assert tab.value.url == '%s/livechat/support/%d' % (base_url, channel)
    tab.value.close()
    assert widget(page).locator('section').count() == 0, 'no window without its module'
    assert button.is_visible()
    assert errors == [], 'nothing thrown into the host page'
