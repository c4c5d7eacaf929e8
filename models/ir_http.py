"""Odoo answers an unknown path or method with an HTML page: under /livechat/,
where clients read JSON, it is JSON (controllers/cors.py)."""
from werkzeug.exceptions import MethodNotAllowed, NotFound

from odoo import models
from odoo.http import request

from ..controllers.cors import answers_json, routing_error


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def _dispatch(cls):
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
