"""The visitor's side of the widget: the loader script and the direct chat
page; and the files of static/src/widget/ as served (the window, which the
loader fetches when it first opens, is a route of json_api.py)."""
import gzip
import hashlib
import os

from odoo import http
from odoo.http import Response, request

from ..logic.script import compact

WIDGET_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          'static', 'src', 'widget')
MAX_AGE = 300  # short: a new version reaches visitors within minutes


class Body:
    """Bytes as served, with their gzipped copy and ETag."""

    def __init__(self, raw):
        self.raw = raw
        self.gzipped = gzip.compress(raw, 9)
        self.etag = hashlib.sha256(raw).hexdigest()[:32]


class WidgetFiles:
    """What ``render`` makes of files of static/src/widget/ (their texts, in
    order), made again only when one of them changes."""

    def __init__(self, render, *names):
        self.render = render
        self.paths = [os.path.join(WIDGET_DIR, name) for name in names]
        self.mtimes = None
        self.value = None

    def get(self):
        mtimes = [os.stat(path).st_mtime for path in self.paths]
        if mtimes != self.mtimes:
            texts = []
            for path in self.paths:
                with open(path, encoding='utf-8') as handle:
                    texts.append(handle.read())
            self.value = self.render(*texts)
            self.mtimes = mtimes
        return self.value


# the loader without its comments (logic/script.py)
LOADER = WidgetFiles(lambda source: Body(compact(source).encode('utf-8')), 'loader.js')
# the window's style and markup, which the loader fetches when it first opens
WINDOW = WidgetFiles(lambda css, html: {'css': css, 'html': html}, 'window.css', 'window.html')
# the window's forms, an ES module the loader imports when it first opens
WINDOW_SCRIPT = WidgetFiles(lambda source: Body(compact(source).encode('utf-8')), 'window.js')


class CookielessResponse(Response):
    """A public, cacheable file: Odoo attaches its session cookie only to responses
    that have set_cookie, and a third-party page has no use for one."""

    @property
    def set_cookie(self):
        raise AttributeError('set_cookie')


def serve(body, headers):
    """``body`` (a Body) with ``headers``, cacheable: 304 for the browser's
    copy, gzipped when the browser takes it."""
    headers = headers + [('Cache-Control', 'public, max-age=%d' % MAX_AGE),
                         ('Vary', 'Accept-Encoding'), ('X-Content-Type-Options', 'nosniff'),
                         ('ETag', '"%s"' % body.etag)]
    if request.httprequest.if_none_match.contains(body.etag):
        return CookielessResponse(status=304, headers=headers)
    if request.httprequest.accept_encodings['gzip']:
        return CookielessResponse(body.gzipped, headers=headers + [('Content-Encoding', 'gzip')])
    return CookielessResponse(body.raw, headers=headers)


class LivechatWidget(http.Controller):

    @http.route('/livechat/loader/<int:channel_id>.js', type='http', auth='public',
                methods=['GET', 'HEAD'], csrf=False)
    def loader(self, channel_id, **kwargs):
        headers = [('Content-Type', 'application/javascript; charset=utf-8')]
        # the page view's cached channel configuration: no query for the channel
        if request.env['livechat.channel']._widget_config(channel_id) is None:
            return CookielessResponse('/* unknown live chat channel */', status=404, headers=[
                *headers, ('Cache-Control', 'public, max-age=%d' % MAX_AGE),
                ('X-Content-Type-Options', 'nosniff')])
        return serve(LOADER.get(), headers)

    @http.route('/livechat/window.js', type='http', auth='public', methods=['GET', 'HEAD'],
                csrf=False)
    def window_script(self, **kwargs):
        # imported by the loader from the host page's origin: a CORS request
        return serve(WINDOW_SCRIPT.get(), [('Content-Type', 'text/javascript; charset=utf-8'),
                                           ('Access-Control-Allow-Origin', '*')])

    @http.route('/livechat/support/<int:channel_id>', type='http', auth='public',
                methods=['GET'])
    def support_page(self, channel_id, **kwargs):
        channel = request.env['livechat.channel']._active_channel(channel_id)
        if not channel:
            return request.not_found()
        return request.render('livechat.support_page', {'channel': channel})
