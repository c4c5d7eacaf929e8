"""Schemathesis hooks for runtime/fuzz.py: without a valid secret or a real
channel a fuzzer only meets the refusals, so half of the requests carry real ones."""
import json
import os
import re
import urllib.request
import zlib

import schemathesis

SECRET_HEADER = 'X-Livechat-Secret'
# routes that end or rate a session get a session of their own, so the shared
# one stays open for the others; a rating comes after the end
OWN_SESSION = ('/livechat/end', '/livechat/rating')
ENDED_SESSION = ('/livechat/rating',)
_shared = []


def _channel():
    return int(os.environ['LIVECHAT_FUZZ_CHANNEL'])


def _half(value):
    """The same answer for a given generated value on every run and machine
    (Python's hash() of a string changes with each process)."""
    return zlib.crc32(ascii(value).encode()) % 2 == 0


def _post(path, data, secret=None):
    headers = {'Content-Type': 'application/json'}
    if secret:
        headers[SECRET_HEADER] = secret
    request = urllib.request.Request(os.environ['LIVECHAT_FUZZ_URL'] + path,
                                     json.dumps(data).encode(), headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _valid_id(value):
    """Only a valid channel id is swapped for the real one: an invalid one is
    what a negative test case is about."""
    return type(value) is int and 0 <= value <= 2147483647


def _new_secret(ended=False):
    secret = _post('/livechat/session', {'channel': _channel(), 'name': 'Fuzz'})['secret']
    if ended:
        _post('/livechat/end', {}, secret)
    return secret


def _shared_secret():
    """The session most requests use, with one message in it."""
    if not _shared:
        secret = _new_secret()
        first = _post('/livechat/message', {'body': 'first'}, secret)['message']['id']
        _shared.extend([secret, first])
    return _shared[0]


@schemathesis.hook
def map_headers(context, headers):
    operation = context.operation
    if operation is None or not any(p.name == SECRET_HEADER for p in operation.headers):
        return headers
    headers = dict(headers or {})
    if not _half(sorted(headers.items())):
        return headers
    if operation.path in OWN_SESSION:
        headers[SECRET_HEADER] = _new_secret(ended=operation.path in ENDED_SESSION)
    else:
        headers[SECRET_HEADER] = _shared_secret()
    return headers


@schemathesis.hook
def map_body(context, body):
    if isinstance(body, dict) and _valid_id(body.get('channel')) \
            and _half(sorted(body.items(), key=str)):
        body = dict(body, channel=_channel())
    last = body.get('last') if isinstance(body, dict) else None
    if _valid_id(last) and last > 0 and context.operation.path == '/livechat/poll':
        # below the shared session's first message: its poll answers at once
        # instead of waiting 25 s for news
        _shared_secret()
        body = dict(body, last=last % _shared[1])
    if isinstance(body, dict) and context.operation.path == '/livechat/visitor/poll' \
            and re.fullmatch('[0-9a-f]{32}', str(body.get('visitor'))):
        # a visitor no page view reported: answered at once (404), where a
        # known one would wait 25 s for an operator's chat
        body = dict(body, visitor='%032x' % zlib.crc32(body['visitor'].encode()))
    return body


@schemathesis.hook
def map_query(context, query):
    if isinstance(query, dict) and _valid_id(query.get('channel')) \
            and _half(sorted(query.items(), key=str)):
        query = dict(query, channel=_channel())
    return query
