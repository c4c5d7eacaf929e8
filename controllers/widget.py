"""The visitor's side of the widget: the loader script and the direct chat page."""
import gzip
import hashlib
import os

from odoo import http
from odoo.http import Response, request

from ..logic.script import compact

LOADER_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           'static', 'src', 'widget', 'loader.js')
LOADER_MAX_AGE = 300  # short: a new version reaches visitors within minutes


class LoaderFile:
    """The loader's bytes as served (without its comments: logic/script.py),
    gzipped copy and ETag, computed again only when the file changes."""

    def __init__(self, path):
        self.path = path
        self.mtime = None

    def get(self):
        mtime = os.stat(self.path).st_mtime
        if mtime != self.mtime:
            with open(self.path, encoding='utf-8') as handle:
                raw = compact(handle.read()).encode('utf-8')
            self.raw, self.gzipped = raw, gzip.compress(raw, 9)
            self.etag = hashlib.sha256(raw).hexdigest()[:32]
            self.mtime = mtime
        return self


LOADER = LoaderFile(LOADER_PATH)


class CookielessResponse(Response):
    """A public, cacheable file: Odoo attaches its session cookie only to responses
    that have set_cookie, and a third-party page has no use for one."""

    @property
    def set_cookie(self):
        raise AttributeError('set_cookie')


class LivechatWidget(http.Controller):

    @http.route('/livechat/loader/<int:channel_id>.js', type='http', auth='public',
                methods=['GET', 'HEAD'], csrf=False)
    def loader(self, channel_id, **kwargs):
        headers = [('Content-Type', 'application/javascript; charset=utf-8'),
                   ('Cache-Control', 'public, max-age=%d' % LOADER_MAX_AGE),
                   ('Vary', 'Accept-Encoding'),
                   ('X-Content-Type-Options', 'nosniff')]
        # the page view's cached channel configuration: no query for the channel
        if request.env['livechat.channel']._widget_config(channel_id) is None:
            return CookielessResponse('/* unknown live chat channel */', status=404,
                                      headers=headers)
        loader = LOADER.get()
        headers.append(('ETag', '"%s"' % loader.etag))
        if request.httprequest.if_none_match.contains(loader.etag):
            return CookielessResponse(status=304, headers=headers)
        body = loader.raw
        if request.httprequest.accept_encodings['gzip']:
            body = loader.gzipped
            headers.append(('Content-Encoding', 'gzip'))
        return CookielessResponse(body, headers=headers)

    @http.route('/livechat/support/<int:channel_id>', type='http', auth='public',
                methods=['GET'])
    def support_page(self, channel_id, **kwargs):
        channel = request.env['livechat.channel']._active_channel(channel_id)
        if not channel:
            return request.not_found()
        return request.render('livechat.support_page', {'channel': channel})
