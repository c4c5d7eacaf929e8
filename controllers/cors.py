"""Plumbing shared by every public JSON route under /livechat/: CORS for any
origin (no cookies needed), JSON in and out, errors as ``{"code", "message"}``
with a fitting status — never a traceback or a page. The manifest declares
these routes (``public_json_api``), for us and for platform/server_tuning,
which serves them faster; without it they still answer (models/ir_http.py)."""
import functools
import json
import logging
import os

from psycopg2 import OperationalError
from werkzeug.exceptions import MethodNotAllowed

from odoo import _, http
from odoo.http import request
from odoo.modules.module import load_information_from_description_file
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE, PG_CONCURRENCY_ERRORS_TO_RETRY

from .widget import CookielessResponse

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
SECRET_HEADER = 'X-Livechat-Secret'
CORS_HEADERS = [
    ('Access-Control-Allow-Origin', '*'),
    ('Access-Control-Allow-Methods', 'GET, POST, OPTIONS'),
    ('Access-Control-Allow-Headers', 'Content-Type, X-Livechat-Secret'),
    ('Access-Control-Max-Age', '86400'),
]


def _declared_paths():
    """(prefixes, prefixes excepted) of the manifest's ``public_json_api``."""
    addon = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    declared = load_information_from_description_file('livechat', addon)['public_json_api']
    return tuple(declared['paths']), tuple(declared.get('except', ()))


PUBLIC_PATHS, EXCEPTED_PATHS = _declared_paths()


def is_public_api(httprequest):
    path = httprequest.path
    return path.startswith(PUBLIC_PATHS) and not path.startswith(EXCEPTED_PATHS)


def answers_json(httprequest):
    """Routing errors under /livechat/ (no such path, another method) answer
    JSON, like the API; but on the support page, which is for people."""
    return is_public_api(httprequest) and not httprequest.path.startswith('/livechat/support/')


class ApiError(Exception):
    def __init__(self, status, code, message, headers=()):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, list(headers)


def json_response(data, status=200, headers=()):
    return CookielessResponse(
        json.dumps(data, ensure_ascii=False),
        headers=[('Content-Type', 'application/json; charset=utf-8'),
                 ('Cache-Control', 'no-store'),
                 ('X-Content-Type-Options', 'nosniff')] + CORS_HEADERS + list(headers),
        status=status)


def routing_error(error):
    """No route under /livechat/ for this path (404) or method (405)."""
    if isinstance(error, MethodNotAllowed):
        return json_response({'code': 'method_not_allowed',
                              'message': '%s is not allowed here.' % request.httprequest.method},
                             405, [('Allow', ', '.join(error.valid_methods))])
    return json_response({'code': 'not_found', 'message': 'There is nothing at this address.'},
                         404)


def _read_json_body():
    httprequest = request.httprequest
    mimetype = (httprequest.mimetype or '').lower()
    if mimetype != 'application/json':
        raise ApiError(415, 'unsupported_media_type', 'Send the body as application/json.')
    if (httprequest.content_length or 0) > MAX_BODY_BYTES:
        raise ApiError(413, 'payload_too_large', 'The request body is too large.')
    data = httprequest.environ.get('livechat.json')  # decoded by Odoo (models/ir_http.py)
    if data is None:
        data = _decode(httprequest)
    if not isinstance(data, dict):
        raise ApiError(400, 'invalid_json', 'The request body must be a JSON object.')
    try:
        # JSON may escape half of a UTF-16 pair ("\ud800"): no character, which
        # PostgreSQL cannot store
        json.dumps(data, ensure_ascii=False).encode('utf-8')
    except UnicodeEncodeError:
        raise ApiError(400, 'bad_request', 'The request body holds a lone surrogate'
                                           ' (\\ud800 to \\udfff), which is no text.') from None
    except RecursionError:
        raise ApiError(400, 'invalid_json', 'The request body is not valid JSON.') from None
    return data


def read_body(limit):
    """The request's body, up to ``limit`` + 1 bytes (one more tells it is too
    long): read once and kept, for Odoo's retry of the request after a
    concurrency error (see api_route), which finds the stream consumed."""
    environ = request.httprequest.environ
    if 'livechat.body' not in environ:
        environ['livechat.body'] = request.httprequest.stream.read(limit + 1)
    return environ['livechat.body']


def _decode(httprequest):
    raw = read_body(MAX_BODY_BYTES)
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, 'payload_too_large', 'The request body is too large.')
    try:
        return json.loads(raw.decode('utf-8'))  # an empty body too is no JSON object
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, 'invalid_json', 'The request body is not valid JSON.') from None


def visitor_blocked():
    """Whether an operator blocked this visitor (models/livechat_block.py)."""
    httprequest = request.httprequest
    return request.env['livechat.block'].sudo()._blocks(
        httprequest.remote_addr, httprequest.headers.get(SECRET_HEADER, ''))


def _internal_error(path):
    _logger.exception('livechat API error on %s', path)
    request.env.cr.rollback()
    return json_response({'code': 'internal_error',
                          'message': 'Something went wrong on our side.'}, 500)


def api_route(path, method='POST', refuse_blocked=True, raw_body=False):
    """Declare a public JSON route; the handler gets the JSON body (POST) or the
    query arguments (GET) as one dict and returns a JSON-able dict. A blocked
    visitor is refused before anything is read, unless the route answers them
    itself (``refuse_blocked=False``). With ``raw_body`` a POST handler gets
    the query arguments and reads the body itself; a handler may return a
    response of its own (a file)."""
    def decorator(handler):
        @http.route(path, type='http', auth='public', methods=[method, 'OPTIONS'],
                    csrf=False)
        @functools.wraps(handler)
        def route(self, **_params):
            if request.httprequest.method == 'OPTIONS':
                return json_response({}, status=200)
            try:
                if refuse_blocked and visitor_blocked():
                    raise ApiError(403, 'blocked', _('This chat is not available to you.'))
                if method == 'POST' and not raw_body:
                    data = _read_json_body()
                else:
                    data = request.httprequest.args.to_dict()
                result = handler(self, data)
                return result if isinstance(result, CookielessResponse) else json_response(result)
            except ApiError as error:
                request.env.cr.rollback()
                return json_response({'code': error.code, 'message': error.message},
                                     error.status, error.headers)
            except OperationalError as error:
                # two requests wrote the same row at once: Odoo runs the request
                # again (a few times) when the error reaches it
                environ = request.httprequest.environ
                environ['livechat.tries'] = environ.get('livechat.tries', 0) + 1
                if error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY and \
                        environ['livechat.tries'] <= MAX_TRIES_ON_CONCURRENCY_FAILURE:
                    raise
                return _internal_error(path)
            except Exception:
                return _internal_error(path)
        return route
    return decorator
