"""Plumbing shared by every public JSON route under /livechat/: CORS for any
origin (no cookies needed), JSON in and out, and errors as
``{"code", "message"}`` with a fitting status — never a traceback or a page."""
import functools
import json
import logging
import random
import time

from psycopg2 import OperationalError

from odoo import http
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from .widget import CookielessResponse

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
CORS_HEADERS = [
    ('Access-Control-Allow-Origin', '*'),
    ('Access-Control-Allow-Methods', 'GET, POST, OPTIONS'),
    ('Access-Control-Allow-Headers', 'Content-Type, X-Livechat-Secret'),
    ('Access-Control-Max-Age', '86400'),
]
CONCURRENCY_RETRIES = 5  # like Odoo's RPC (MAX_TRIES_ON_CONCURRENCY_FAILURE)


def _plain_http_for_public_api(get_request):
    """Odoo 11 treats every application/json body as JSON-RPC; our public
    routes speak plain JSON, so they get Odoo's plain HTTP request instead."""
    @functools.wraps(get_request)
    def wrapper(self, httprequest):
        path = httprequest.path
        if path.startswith('/livechat/') and not path.startswith('/livechat/operator/'):
            return http.HttpRequest(httprequest)
        return get_request(self, httprequest)
    wrapper.livechat_plain_json = True
    return wrapper


if not getattr(http.Root.get_request, 'livechat_plain_json', False):
    http.Root.get_request = _plain_http_for_public_api(http.Root.get_request)


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


def _read_json_body():
    httprequest = request.httprequest
    mimetype = (httprequest.mimetype or '').lower()
    if mimetype != 'application/json':
        raise ApiError(415, 'unsupported_media_type', 'Send the body as application/json.')
    if (httprequest.content_length or 0) > MAX_BODY_BYTES:
        raise ApiError(413, 'payload_too_large', 'The request body is too large.')
    raw = httprequest.stream.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, 'payload_too_large', 'The request body is too large.')
    try:
        data = json.loads(raw.decode('utf-8')) if raw.strip() else {}
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, 'invalid_json', 'The request body is not valid JSON.')
    if not isinstance(data, dict):
        raise ApiError(400, 'invalid_json', 'The request body must be a JSON object.')
    return data


def _run_retrying(handler, controller, data):
    """The handler, run again after a rollback when PostgreSQL refuses a
    concurrent update of the same row (two messages of one session at once),
    as Odoo does for its RPC calls; plain HTTP routes get no such retry."""
    for attempt in range(CONCURRENCY_RETRIES + 1):
        try:
            return handler(controller, data)
        except OperationalError as error:
            if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY \
                    or attempt == CONCURRENCY_RETRIES:
                raise
            request.env.cr.rollback()
            request.env.clear()
            time.sleep(random.uniform(0.005, 0.05 * 2 ** attempt))


def api_route(path, method='POST'):
    """Declare a public JSON route; the handler gets the JSON body (POST) or the
    query arguments (GET) as one dict and returns a JSON-able dict."""
    def decorator(handler):
        @http.route(path, type='http', auth='public', methods=[method, 'OPTIONS'],
                    csrf=False)
        @functools.wraps(handler)
        def route(self, **_params):
            if request.httprequest.method == 'OPTIONS':
                return json_response({}, status=200)
            try:
                if method == 'POST':
                    data = _read_json_body()
                else:
                    data = request.httprequest.args.to_dict()
                return json_response(_run_retrying(handler, self, data))
            except ApiError as error:
                request.env.cr.rollback()
                return json_response({'code': error.code, 'message': error.message},
                                     error.status, error.headers)
            except Exception:
                _logger.exception('livechat API error on %s', path)
                request.env.cr.rollback()
                return json_response({'code': 'internal_error',
                                      'message': 'Something went wrong on our side.'}, 500)
        return route
    return decorator
