"""The visitor API of channels that list their visitors (see docs/openapi.yaml):
page views under the widget's random id, and the wait for a chat an operator
starts from Live Chat > Visitors."""
from odoo import _
from odoo.http import Controller, request

from . import bus_wait
from .cors import ApiError, api_route
from .json_api import (MAX_NAME, MAX_SAFE_INTEGER, MAX_URL, POLL_SECONDS, _channel, _country_id,
                       _int, _limit, _reset_cursor, _text, _visitor_ip, _visitor_key,
                       _visitor_lang)


def _tracking_channel(data):
    channel = _channel(_int(data, 'channel'))
    if not channel.track_visitors:
        raise ApiError(409, 'visitors_off', _('This channel does not list its visitors.'))
    return channel


def _answer(visitor):
    # no row: forgotten meanwhile (the option switched off, the cron)
    return {'chat': visitor._pending_chat() if visitor.exists() else None}


class LivechatSiteVisitorApi(Controller):

    @api_route('/livechat/visitor')
    def page_view(self, data):
        channel = _tracking_channel(data)
        key = _visitor_key(data)
        page = {
            'url': _text(data, 'url', MAX_URL, required=True),
            'title': _text(data, 'title', MAX_NAME * 2),
            'seen_at': _int(data, 'seen_at', False, MAX_SAFE_INTEGER),
            'lang': _visitor_lang(data),
            'country_id': _country_id(),
        }
        _limit('page_view', _visitor_ip())
        visitors = request.env['livechat.visitor'].sudo()
        visitor = visitors._page_view(channel, key, page,
                                      request.env['livechat.block']._visitor_key(_visitor_ip()))
        return _answer(visitor)

    @api_route('/livechat/visitor/poll')
    def poll(self, data):
        """Waits until an operator starts a chat with this visitor (or
        POLL_SECONDS): the answer then holds it, as the page view's does."""
        channel = _tracking_channel(data)
        visitors = request.env['livechat.visitor'].sudo()
        visitor = visitors._find(channel, _visitor_key(data))
        if not visitor:
            raise ApiError(404, 'unknown_visitor', _('Report a page view first.'))
        with bus_wait.listening(visitor._bus_channel(), request.env) as woken:
            # registered before reading: a chat started meanwhile still wakes it
            answer = _answer(visitor)
            if answer['chat'] or request.registry.in_test_mode():
                return answer
            visitor._heartbeat()
            visitor_id = visitor.id
            request.env.cr.commit()  # pylint: disable=invalid-commit  # before the wait
            _reset_cursor()
            woken.wait(timeout=POLL_SECONDS)
        return _answer(request.env['livechat.visitor'].sudo().browse(visitor_id))
