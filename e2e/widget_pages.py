"""A "third-party" website on another origin, for the visitor widget's tests.

Its pages are hostile on purpose: globals named like the libraries embedders
clash with (`_`, `$`, `odoo`, an AMD `define`) and CSS that would wreck any
widget whose styles are not isolated.
"""
import functools
import http.server
import os
import tempfile
import threading

HOSTILE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Third-party shop</title>
<script>
window._ = {host: 'underscore'};
window.$ = function () { return 'host dollar'; };
window.odoo = {host: 'odoo'};
window.define = function () { throw new Error('host define called'); };
window.define.amd = {};
window.hostGlobalsBefore = Object.keys(window);
</script>
<script async src="%(base)s/livechat/loader/%(channel)s.js"></script>
<style>
* { all: unset; }
head, script, style { display: none; }
html, body, p { display: block; }
div { display: none !important; }
button { background: red !important; color: yellow !important; font-size: 40px !important; }
* { box-sizing: content-box !important; font-family: serif !important; }
#own { position: fixed; left: 16px; bottom: 16px; padding: 8px; border: 1px solid; }
</style>
</head><body>
<p>Welcome to a page that is not Odoo. %(marker)s</p>
<button id="own" type="button" onclick="this.textContent='clicked'">Host button</button>
</body></html>
"""

# A page whose Content-Security-Policy forbids inline styles and any script or
# connection but its own and the chat server's.
STRICT_CSP_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src %(base)s;
 connect-src %(base)s; style-src 'self'; img-src 'self'">
<title>Strict shop</title>
<script async src="%(base)s/livechat/loader/%(channel)s.js"></script>
</head><body><p>A page with a strict content security policy. %(marker)s</p></body></html>
"""


def write_page(directory, name, base, channel, marker='', template=HOSTILE_PAGE):
    with open(os.path.join(directory, name), 'w') as handle:
        handle.write(template % {'base': base, 'channel': channel, 'marker': marker})
    return name


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class ThirdPartySite:
    """http.server on 127.0.0.1 with a free port, served as http://localhost:<port>."""

    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix='livechat-site-')
        handler = functools.partial(QuietHandler, directory=self.directory)
        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
        self.url = 'http://localhost:%d' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, name, base, channel, marker='', template=HOSTILE_PAGE):
        return '%s/%s' % (self.url, write_page(self.directory, name, base, channel, marker,
                                               template))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# -- the widget in a Playwright page ---------------------------------------------------

def widget(page):
    return page.locator('livechat-widget')


def session_of(admin, channel):
    """The one session of ``channel`` (a channel made for the test)."""
    ids = admin.model('mail.channel', 'search', [('chat_channel_id', '=', channel)])
    assert len(ids) == 1
    return ids[0]


def visitor_says(page, text):
    """Type ``text`` in the open window, send it, wait until it shows."""
    textarea = widget(page).locator('.lc-composer textarea')
    textarea.fill(text)
    textarea.press('Enter')
    widget(page).locator('.lc-msg.lc-mine').filter(has_text=text).wait_for()


class PollCutter:
    """The widget's polls on the network (Playwright route): each counted, and
    aborted while ``cutting`` is true."""

    def __init__(self, page):
        self.cutting, self.polls, self.aborted = False, [], []
        page.route('**/livechat/poll', self._route)

    def _route(self, route):
        self.polls.append(route.request.url)
        if self.cutting:
            self.aborted.append(route.request.url)
            route.abort()
        else:
            route.continue_()
