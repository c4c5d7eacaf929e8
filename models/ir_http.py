"""Odoo answers an unknown path or method with an HTML page: under /livechat/,
where clients read JSON, it is JSON (controllers/cors.py).

And without platform/server_tuning, Odoo 11 takes the public API's plain JSON
bodies for JSON-RPC: such a request is served as Odoo's plain HTTP request,
given the body Odoo decoded. (A body that is no JSON object then gets Odoo's
own error, before any database code runs.)"""
from werkzeug.exceptions import MethodNotAllowed, NotFound

from odoo import http, models
from odoo.http import request

from ..controllers.cors import answers_json, is_public_api, routing_error


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def _dispatch(cls):
        if request._request_type == 'json' and is_public_api(request.httprequest):
            request.httprequest.environ['livechat.json'] = request.jsonrequest
            with http.HttpRequest(request.httprequest):
                return cls._dispatch()
        try:
            return super()._dispatch()
        except MethodNotAllowed as error:  # raised by the routing map, past Odoo's handling
            if not answers_json(request.httprequest):
                raise
            return routing_error(error)

    @classmethod
    def _handle_exception(cls, exception):
        if isinstance(exception, NotFound) and answers_json(request.httprequest):
            return routing_error(exception)
        return super()._handle_exception(exception)
