"""The widget on a phone: the window takes the screen, its fields do not make the
page zoom, and the input stays in view when the visible part of the page shrinks
(what the on-screen keyboard does)."""
from test_widget import make_channel
from widget_pages import widget

PHONE = {'viewport': {'width': 390, 'height': 844}, 'is_mobile': True, 'has_touch': True,
         'device_scale_factor': 3}


def test_the_input_stays_in_view_and_nothing_zooms(browser, admin, base_url, site,
                                                   operator_online):
    channel = make_channel(admin)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(site.page('phone.html', base_url, channel))
        widget(page).locator('.lc-button').tap()
        textarea = widget(page).locator('.lc-composer textarea')
        textarea.tap()
        # phones zoom into a focused field whose text is under 16px
        size = page.evaluate("""() => getComputedStyle(document.querySelector('livechat-widget')
            .shadowRoot.querySelector('.lc-composer textarea')).fontSize""")
        assert float(size[:-2]) >= 16, size
        for height in (844, 420, 300):  # the keyboard takes the lower part of the screen
            page.set_viewport_size({'width': 390, 'height': height})
            page.wait_for_function("""height => {
                const box = document.querySelector('livechat-widget').shadowRoot
                    .querySelector('.lc-composer textarea').getBoundingClientRect();
                return box.top >= 0 && box.bottom <= visualViewport.height
                    && visualViewport.height === height;
            }""", arg=height)
        assert page.evaluate('visualViewport.scale') == 1, 'the page did not zoom'
    finally:
        context.close()
