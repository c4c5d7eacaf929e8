"""The host page's API, as a site uses it: the <livechat-widget> element's
open(), close(), hide(), show() and identify(), and its livechat:* events."""
import hashlib
import hmac

import pytest

from conftest import operator_says
from test_widget import make_channel
from widget_pages import session_of, visitor_says, widget

# the host page records the widget's events as they bubble to the document
RECORDER = """<script>
window.heard = [];
for (const name of ['ready', 'opened', 'message', 'ended']) {
  document.addEventListener('livechat:' + name,
    event => window.heard.push([name, event.detail.body || '']));
}
</script>"""
ELEMENT = "document.querySelector('livechat-widget')"


def heard(page):
    return [tuple(event) for event in page.evaluate('window.heard')]


def test_the_host_page_drives_the_widget_and_hears_it(admin, lc_admin, operator_online, base_url,
                                                      site, page):
    channel = make_channel(admin)
    secret = lc_admin['client'].model('livechat.channel', 'read', [channel],
                                      ['identity_secret'])[0]['identity_secret']
    email = 'kenji@example.com'
    signature = hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()
    page.goto(site.page('host-api.html', base_url, channel, marker=RECORDER))
    page.wait_for_function("window.heard.some(event => event[0] === 'ready')")
    button, window = widget(page).locator('.lc-button'), widget(page).locator('.lc-window')

    page.evaluate("%s.identify({name: 'Kenji', email: %r, signature: %r})"
                  % (ELEMENT, email, signature))
    page.evaluate('%s.open()' % ELEMENT)
    window.wait_for()
    assert heard(page) == [('ready', ''), ('opened', '')]
    visitor_says(page, 'Is the blue teapot in stock?')
    session = session_of(admin, channel)
    started = admin.model('mail.channel', 'read', [session],
                          ['visitor_name', 'visitor_email', 'visitor_verified'])[0]
    assert (started['visitor_name'], started['visitor_email'], started['visitor_verified']) \
        == ('Kenji', email, True)

    operator_says(admin, session, 'It is.')
    page.wait_for_function("window.heard.some(event => event[0] === 'message')")
    assert heard(page)[-1] == ('message', 'It is.')

    page.evaluate('%s.close()' % ELEMENT)
    window.wait_for(state='hidden')
    page.evaluate('%s.hide()' % ELEMENT)
    button.wait_for(state='hidden')
    page.evaluate('%s.show()' % ELEMENT)
    button.wait_for()

    admin.model('mail.channel', 'livechat_close', [session])
    page.wait_for_function("window.heard.some(event => event[0] === 'ended')")
    # what the end brings may come as a message first (a notice): ended comes last
    names = [name for name, _body in heard(page)]
    assert names[:3] == ['ready', 'opened', 'message'] and names[-1] == 'ended', names
    assert set(names[3:-1]) <= {'message'}, heard(page)
    bodies = [body for name, body in heard(page) if name == 'message']
    assert len(bodies) == len(set(bodies)), heard(page)  # each message once


@pytest.mark.parametrize('identity, email', [
    # given by the page, not signed: the operator reads it, unverified
    ("{name: 'Mallory', email: 'ceo@example.com'}", 'ceo@example.com'),
    # refused by the API: the chat still starts, without it
    ("{name: 'Bob', email: 'bob at home', signature: 'nope'}", False),
])
def test_an_identity_unsigned_or_refused(admin, operator_online, base_url, site, page, identity,
                                         email):
    channel = make_channel(admin)
    page.goto(site.page('host-api-unsigned.html', base_url, channel, marker=RECORDER))
    page.wait_for_function("window.heard.some(event => event[0] === 'ready')")
    page.evaluate('%s.identify(%s)' % (ELEMENT, identity))
    page.evaluate('%s.open()' % ELEMENT)
    visitor_says(page, 'Hello?')
    session = admin.model('mail.channel', 'read', [session_of(admin, channel)],
                          ['visitor_email', 'visitor_verified'])[0]
    assert (session['visitor_email'], session['visitor_verified']) == (email, False)
