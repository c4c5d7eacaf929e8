"""The public visitor API under /livechat/ (see docs/openapi.yaml)."""
import json

from odoo import _, tools
from odoo.http import Controller, request, route

from ..logic.geoip import country_code
from ..logic.identity import is_signature
from ..logic.languages import pick_language
from ..logic.prechat import MAX_ANSWER, is_phone
from ..logic.text import clean_text, is_email
from ..logic.tokens import MAX_ID
from ..logic.visitors import is_visitor_id, key_of
from ..models.mail_channel import HISTORY_LIMIT
from . import bus_wait
from .cors import SECRET_HEADER, ApiError, api_route, json_response, visitor_blocked
from .widget import WINDOW, Body, serve

POLL_SECONDS = 25
MAX_NAME = 100
MAX_URL = 2048
MAX_COMMENT = 1000
MAX_LANG = 35
MAX_SAFE_INTEGER = 2 ** 53 - 1  # the largest integer JavaScript counts exactly (a time in ms)


def _int(data, key, required=True, maximum=MAX_ID):
    """A JSON body's id (or count): a JSON integer, not "5", 5.0 or true."""
    value = data.get(key)
    if value is None and not required:
        return None
    if type(value) is not int or value < 0 or value > maximum:
        raise ApiError(400, 'bad_request', _('"%s" must be a positive integer.') % key)
    return value


def _query_int(args, key, required=True):
    """A query argument's id: only there do digits come as text."""
    value = args.get(key)
    if isinstance(value, str) and value.isascii() and value.isdigit():  # not '²' or '１'
        value = int(value)
    return _int({key: value}, key, required)


def _text(data, key, max_length, required=False):
    value = data.get(key)
    if value is None:
        value = ''
    text = clean_text(value)
    if text is None:
        raise ApiError(400, 'bad_request', _('"%s" must be a string.') % key)
    if required and not text:
        raise ApiError(400, 'empty_message' if key in ('body', 'message') else 'bad_request',
                       _('"%s" must not be empty.') % key)
    if len(value) > max_length:  # what was sent, as docs/openapi.yaml's maxLength says
        raise ApiError(413 if key in ('body', 'message') else 400,
                       'message_too_long' if key in ('body', 'message') else 'bad_request',
                       _('"%(field)s" is longer than %(max)d characters.')
                       % {'field': key, 'max': max_length})
    return text


def _email(data):
    email = _text(data, 'email', 254, required=True)
    if not is_email(email):
        raise ApiError(400, 'bad_request', _('"%s" is not a valid e-mail address.') % email)
    return email


def _visitor_key(data, required=True):
    """The stored key of the body's ``visitor`` id (None when optional and absent)."""
    value = data.get('visitor')
    if value is None and not required:
        return None
    if not is_visitor_id(value):
        raise ApiError(400, 'bad_request',
                       _('"%s" must be 32 lowercase hexadecimal digits.') % 'visitor')
    return key_of(value)


def _signature(data):
    value = data.get('signature')
    if value is not None and not is_signature(value):
        raise ApiError(400, 'bad_request',
                       _('"%s" must be 64 lowercase hexadecimal digits.') % 'signature')
    return value


def _max_message_length():
    return request.env['mail.channel']._livechat_max_message_length()


def _channel(channel_id):
    channel = request.env['livechat.channel']._active_channel(channel_id)
    if not channel:
        raise ApiError(404, 'unknown_channel', _('This live chat channel does not exist.'))
    return channel


def _visitor_ip():
    return request.httprequest.remote_addr


def _country():
    return country_code(_visitor_ip(), tools.config.get('geoip_database'))


def _country_id():
    code = _country()
    return code and request.env['res.country'].sudo().search([('code', '=', code)], limit=1).id


def _visitor_lang(data):
    """The installed language of the channel's texts for this visitor: the
    ``lang`` argument, else the browser's Accept-Language (Odoo's own choice
    is kept in a session, which the widget's calls have none of)."""
    lang = data.get('lang')
    if lang is not None and (not isinstance(lang, str) or len(lang) > MAX_LANG):
        raise ApiError(400, 'bad_request', _('"%s" must be a language tag.') % 'lang')
    wanted = ([lang] if lang else []) + list(request.httprequest.accept_languages.values())
    installed = [code for code, _name in request.env['res.lang'].get_installed()]
    return pick_language(wanted, installed)


def _limit(kind, subject):
    verdict = request.env['livechat.rate.counter'].sudo()._hit(kind, subject)
    if not verdict.allowed:
        raise ApiError(429, 'rate_limited',
                       _('Too many requests; try again in %d seconds.') % verdict.retry_after,
                       headers=[('Retry-After', str(verdict.retry_after))])


def _session(open_only=False):
    """The session of the secret in the request header, or 403."""
    secret = request.httprequest.headers.get(SECRET_HEADER, '')
    session = request.env['mail.channel']._livechat_session_from_secret(secret)
    if not session:
        raise ApiError(403, 'forbidden', _('This chat session is not yours or does not exist.'))
    if open_only and session.livechat_state != 'open':
        raise ApiError(409, 'session_closed', _('This chat session has ended.'))
    return session


def _site_visitor(channel, data):
    """The row of Live Chat > Visitors of the body's ``visitor`` id, if any."""
    key = _visitor_key(data, required=False)
    visitors = request.env['livechat.visitor'].sudo()
    return visitors._find(channel, key) if key and channel.track_visitors else visitors


def _poll_answer(session, bus_channel, last, cursor):
    """What a visitor's poll answers now, and whether that is news (a message,
    a bus notification, the end of the chat) or the poll should wait. Plain
    SQL: it runs for every visitor on every wake."""
    cr = request.env.cr
    answer = {'messages': session._livechat_messages(last), 'operator_typing': False,
              'state': session._livechat_current_state()}
    # with a cursor, bus.poll reads the rows after it (one query with platform/bus_speedup)
    notifications = request.env['bus.bus'].sudo().poll([bus_channel], cursor) if cursor else []
    for notification in notifications:
        cursor, message = notification['id'], notification['message']
        if isinstance(message, dict) and message.get('type') == 'typing':
            answer['operator_typing'] = bool(message.get('typing'))
        elif isinstance(message, dict) and message.get('type') == 'seen':
            answer['seen'] = max(answer.get('seen', 0), int(message.get('id') or 0))
    if any(message['author'] == 'system' for message in answer['messages']):
        # a notice: someone joined or took over; one query, only then
        answer['operator'] = session._livechat_current_operator()
    answer['cursor'] = cursor or bus_wait.last_id(cr)
    return answer, bool(answer['messages'] or notifications or answer['state'] != 'open')


def _queue_ticket(channel, data):
    ticket = channel._queue_ticket(data.get('ticket'))
    if not ticket:
        raise ApiError(404, 'unknown_ticket', _('This place in the queue does not exist.'))
    return ticket


def _nobody_free(channel):
    """The refusal of a chat nobody can take now: with a queue and busy
    operators, the visitor may wait (/livechat/queue)."""
    if channel._queue_open():
        return ApiError(
            409, 'operators_busy', _('Every operator is busy. Please wait for the next one.'))
    return ApiError(409, 'no_operator', _('No operator is available right now.'))


def _reset_cursor():
    """Give the database connection back while a poll waits."""
    request.cr.close()
    request._cr = None
    request._env = None


class LivechatVisitorApi(Controller):

    @api_route('/livechat/init', method='GET', refuse_blocked=False)
    def init(self, data):
        channel_id = _query_int(data, 'channel')
        url = (data.get('url') or '')[:MAX_URL]
        lang = _visitor_lang(data)
        answer = request.env['livechat.channel']._page_view(channel_id, url, _country(), lang)
        if answer is None:
            raise ApiError(404, 'unknown_channel', _('This live chat channel does not exist.'))
        answer['lang'] = lang  # the window's texts: /livechat/window?lang=
        if visitor_blocked():
            # as if a rule hid the widget on this page: no button, no offline
            # form to be refused from, nothing telling the visitor they are blocked
            answer.update(action='hide', auto_open_delay=0, available=False)
        return answer

    @route('/livechat/window', type='http', auth='public', methods=['GET', 'HEAD'], csrf=False)
    def window(self, **params):
        """What the widget draws when its window first opens: the window's style
        and markup, and the widget's texts in ``lang``. The same for every
        channel, so the browser keeps it (per language: the URL names it)."""
        try:
            lang = _visitor_lang(params)
        except ApiError as error:
            return json_response({'code': error.code, 'message': error.message}, error.status)
        parts = dict(WINDOW.get(), texts=request.env['livechat.channel']._widget_texts(lang))
        return serve(Body(json.dumps(parts, ensure_ascii=False).encode('utf-8')), [
            ('Content-Type', 'application/json; charset=utf-8'),
            ('Access-Control-Allow-Origin', '*')])

    @api_route('/livechat/session')
    def start_session(self, data):
        lang = _visitor_lang(data)
        channel = _channel(_int(data, 'channel')).with_context(lang=lang)
        visitor = {
            'lang': lang,
            'name': _text(data, 'name', MAX_NAME),
            'url': _text(data, 'url', MAX_URL),
            'title': _text(data, 'title', MAX_NAME * 2),
            'seen_at': _int(data, 'seen_at', False, MAX_SAFE_INTEGER),
            'previous_operator': _int(data, 'previous_operator', required=False),
            # who the host page says the visitor is (identify(), logic/identity.py)
            'email': _email(data) if data.get('email') is not None else None,
            'signature': _signature(data),
            'user_agent': (request.httprequest.user_agent.string or '')[:512],
            # what the operator's /block blocks (models/livechat_block.py)
            'ip_key': request.env['livechat.block']._visitor_key(_visitor_ip()),
        }
        phone = data.get('phone')
        if phone is not None and not is_phone(phone):
            raise ApiError(400, 'bad_request', _('"%s" must be a phone number.') % 'phone')
        # the pre-chat form: what the channel asks, and nothing it does not
        form, missing = channel._prechat_values(dict(
            visitor, phone=phone, answer=_text(data, 'answer', MAX_ANSWER)))
        if missing:
            raise ApiError(400, 'prechat_required',
                           _('"%s" is required on this channel.') % missing)
        visitor.update(phone=form.get('phone'), answer=form.get('answer'))
        site_visitor = _site_visitor(channel, data)
        ticket = _queue_ticket(channel, data) if data.get('ticket') is not None else None
        _limit('session_start', _visitor_ip())
        visitor['country_id'] = _country_id()
        session, secret = channel._start_session(visitor) \
            if channel._queue_lets_in(ticket) else (None, None)
        if not session:
            raise _nobody_free(channel)
        if ticket:
            ticket.unlink()
            session.livechat_from_queue = True  # a chat of its operator from now on
        if site_visitor:
            site_visitor._link_session(session)
        operator = session.chat_operator_id
        return {
            'session': session.id,
            'secret': secret,
            'operator': {'id': operator.id, 'name': operator.name},
            'welcome_message': channel.welcome_message or '',
            'channel': channel._public_options(),
        }

    @api_route('/livechat/queue')
    def queue(self, data):
        """A place in the channel's queue: a new ticket without ``ticket``, else
        the ticket kept alive; its place, and whether its turn came (then
        /livechat/session with the ticket starts the chat)."""
        channel = _channel(_int(data, 'channel'))
        if not channel.queue_when_busy:
            raise ApiError(403, 'queue_disabled', _('This chat has no queue.'))
        if data.get('ticket') is None:
            _limit('session_start', _visitor_ip())
            secret = channel._queue_join()
            ticket = channel._queue_ticket(secret)
        else:
            ticket, secret = _queue_ticket(channel, data), data['ticket']
            ticket._still_here()
        if not channel._queue_open():  # nobody left, or the hours ended: the offline form
            raise ApiError(409, 'no_operator', _('No operator is available right now.'))
        ahead = channel._queue_ahead(ticket)
        return {'ticket': secret, 'position': ahead + 1,
                'turn': ahead < channel._queue_free_chats()}

    @api_route('/livechat/message')
    def post_message(self, data):
        session = _session(open_only=True)
        body = _text(data, 'body', _max_message_length(), required=True)
        _limit('message', session.id)
        return {'message': session._livechat_post_visitor_message(body)}

    @api_route('/livechat/history', method='GET')
    def history(self, data):
        """A page of messages: the first ones after ``after``, or without it the
        latest (before ``before``): the widget redraws a chat from its end and
        pages back as the visitor scrolls up. ``more``: messages beyond the page."""
        session = _session()
        after = _query_int(data, 'after', required=False)
        before = _query_int(data, 'before', required=False)
        limit = _query_int(data, 'limit', required=False)
        if limit is None:
            limit = HISTORY_LIMIT
        elif not 1 <= limit <= HISTORY_LIMIT:
            raise ApiError(400, 'bad_request',
                           _('"%(field)s" must be between 1 and %(max)d.')
                           % {'field': 'limit', 'max': HISTORY_LIMIT})
        latest = after is None
        messages = session._livechat_messages(after or 0, before, limit + 1, latest)
        more = len(messages) > limit
        if more:
            messages = messages[1:] if latest else messages[:-1]
        return {'messages': messages, 'more': more, 'state': session.livechat_state,
                'operator': session._livechat_current_operator(),
                'seen': session._livechat_operator_seen()}

    @api_route('/livechat/poll')
    def poll(self, data):
        session = _session()
        last = _int(data, 'last', required=False) or 0
        cursor = _int(data, 'cursor', required=False) or 0
        bus_channel = session._livechat_visitor_bus_channel()
        with bus_wait.listening(bus_channel, request.env) as woken:
            # still here: operators' messages need no e-mail (mail_channel_email.py); the
            # transaction's first write, so it rarely meets a message posted meanwhile
            noted = session._livechat_visitor_polls()
            answer, news = _poll_answer(session, bus_channel, last, cursor)
            if news or request.registry.in_test_mode():
                return answer
            session_id = session.id
            if noted:
                request.cr.commit()
            _reset_cursor()
            woken.wait(timeout=POLL_SECONDS)
        session = request.env['mail.channel'].sudo().browse(session_id)
        return _poll_answer(session, bus_channel, last, answer['cursor'])[0]

    @api_route('/livechat/typing')
    def typing(self, data):
        session = _session(open_only=True)
        typing = data.get('typing')
        if not isinstance(typing, bool):
            raise ApiError(400, 'bad_request', _('"typing" must be true or false.'))
        session._livechat_notify_operator({'type': 'typing', 'typing': typing})
        return {}

    @api_route('/livechat/seen')
    def seen(self, data):
        """The visitor's window showed the operators' messages up to
        ``message_id``. Not rate limited: it writes and notifies only when the
        mark moves forward, at most once per operator message."""
        session = _session()
        if session._livechat_visitor_saw(_int(data, 'message_id')) is None:
            raise ApiError(404, 'unknown_message',
                           _('This is not a message of an operator in this chat.'))
        return {}

    @api_route('/livechat/page')
    def page(self, data):
        session = _session(open_only=True)
        url = _text(data, 'url', MAX_URL, required=True)
        session._livechat_visitor_page(url, _text(data, 'title', MAX_NAME * 2),
                                       _int(data, 'seen_at', False, MAX_SAFE_INTEGER))
        return {}

    @api_route('/livechat/end')
    def end(self, data):
        session = _session()
        session.livechat_close()
        return {'state': 'closed'}

    @api_route('/livechat/rating')
    def rating(self, data):
        session = _session()
        rating = data.get('rating')
        if type(rating) is not int or not 1 <= rating <= 5:  # not 5.0 nor true
            raise ApiError(400, 'bad_request', _('"rating" must be 1, 2, 3, 4 or 5.'))
        if session.livechat_state == 'open':
            raise ApiError(409, 'session_open', _('The chat can be rated once it has ended.'))
        if session.livechat_rating:
            raise ApiError(409, 'already_rated', _('This chat has already been rated.'))
        session._livechat_rate(rating, _text(data, 'comment', MAX_COMMENT))
        return {}

    @api_route('/livechat/transcript', method='GET')
    def transcript_address(self, data):
        """Where the transcript can be mailed now (the widget offers it only
        then): the last address the visitor wrote that an operator answered."""
        session = _session()
        addresses = session._livechat_transcript_addresses() if (
            session.livechat_state != 'open' and not session.livechat_transcript_email) else []
        return {'email': addresses[-1] if addresses else None}

    @api_route('/livechat/transcript')
    def transcript(self, data):
        """Once the chat has ended, e-mail its transcript to the visitor, once,
        and only to an address the visitor wrote in the chat before an operator
        answered: the server is no mail relay (see the README)."""
        session = _session()
        email = _email(data)
        if session.livechat_state == 'open':
            raise ApiError(409, 'session_open',
                           _('The transcript can be sent once the chat has ended.'))
        if session.livechat_transcript_email:
            raise ApiError(409, 'already_sent', _('The transcript has already been sent.'))
        allowed = {known.lower() for known in session._livechat_transcript_addresses()}
        if email.lower() not in allowed:
            raise ApiError(409, 'address_not_in_chat', _(
                'The transcript is only sent to an e-mail address you wrote in this chat '
                'before an operator answered.'))
        _limit('transcript', _visitor_ip())
        session._livechat_send_transcript(email)
        session.sudo().write({'livechat_transcript_email': email,
                              'visitor_email': session.visitor_email or email})
        return {}

    @api_route('/livechat/offline')
    def offline(self, data):
        channel = _channel(_int(data, 'channel'))
        name = _text(data, 'name', MAX_NAME, required=True)
        email = _email(data)
        message = _text(data, 'message', _max_message_length(), required=True)
        _limit('offline_message', _visitor_ip())
        channel._post_offline_message(name, email, message)
        return {}

    @route('/livechat/operator/typing', type='json', auth='user')
    def operator_typing(self, session_id, typing):
        """The operator is typing in the backend chat window."""
        session = request.env['mail.channel'].browse(int(session_id)).exists()
        if not session or request.env.user.partner_id not in session.channel_partner_ids:
            return False
        session._livechat_notify_visitor({'type': 'typing', 'typing': bool(typing)})
        return True
