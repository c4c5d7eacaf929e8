"""HTTP clients of the two products' visitors and of an operator, on aiohttp.

Every message the bench sends carries a unique token; every poll (the
operator's bus poll, the visitor's poll) reports the tokens it sees to the
Tokens registry, which times each when its receiver sees it: the sender's own
poll sees the message too, sometimes first."""
import asyncio
import itertools
import json
import re
import time
from urllib.parse import urlencode

import aiohttp

TOKEN = re.compile(r'bench[vo]\d+x')
_serial = itertools.count(1)


class Tokens:
    """Futures of the tokens waited for, resolved with the time their receiver
    sees them."""

    def __init__(self):
        self.waiting = {}

    def new(self, kind, receiver):
        token = 'bench%s%dx' % (kind, next(_serial))
        self.waiting[token] = (asyncio.get_running_loop().create_future(), receiver)
        return token

    def seen(self, text, by):
        now = time.perf_counter()
        for token in TOKEN.findall(text or ''):
            future, receiver = self.waiting.get(token, (None, None))
            if future and receiver is by and not future.done():
                future.set_result(now)

    async def wait(self, token, timeout):
        """When the token was seen; None if not within ``timeout``. A token seen
        before this is called (the poll answered before the send did) counts."""
        future = self.waiting.get(token, (None, None))[0]
        try:
            return await asyncio.wait_for(future, timeout) if future else None
        except asyncio.TimeoutError:
            return None
        finally:
            self.waiting.pop(token, None)


class HttpClient:
    """One browser's worth of HTTP: its own cookie jar, a shared connection pool."""

    def __init__(self, base_url, connector):
        self.base_url = base_url
        self.http = self._session(connector, aiohttp.CookieJar(unsafe=True))  # 127.0.0.1 too

    @staticmethod
    def _session(connector, cookie_jar):
        return aiohttp.ClientSession(connector=connector, connector_owner=False,
                                     cookie_jar=cookie_jar, timeout=aiohttp.ClientTimeout(total=90))

    async def reconnect(self, connector):
        """Same cookies, new connections (after a server restart)."""
        jar = self.http.cookie_jar
        await self.http.close()
        self.http = self._session(connector, jar)

    async def rpc(self, path, params, headers=None):
        """Odoo JSON-RPC; returns the result or raises."""
        reply = await self._json(self.http.post(self.base_url + path, json={
            'jsonrpc': '2.0', 'method': 'call', 'params': params}, headers=headers), path)
        if 'error' in reply:
            raise RuntimeError('%s: %s' % (path, reply['error'].get('data', {}).get(
                'message') or reply['error']))
        return reply.get('result')

    async def post_json(self, path, data, headers=None):
        """Plain JSON (our visitor API)."""
        answer = await self._json(self.http.post(
            self.base_url + path, data=json.dumps(data),
            headers=dict(headers or {}, **{'Content-Type': 'application/json'})), path)
        if 'code' in answer:
            raise RuntimeError('%s: %s' % (path, answer['code']))
        return answer

    @staticmethod
    async def _json(request, path):
        async with request as resp:
            body = await resp.read()
        try:
            return json.loads(body)
        except ValueError:
            raise RuntimeError('%s: HTTP %s %s' % (path, resp.status, ' '.join(
                body[:60].decode('utf-8', 'replace').split()))) from None

    async def get(self, path, headers=None):
        async with self.http.get(self.base_url + path, headers=headers) as resp:
            body = await resp.read()
            if resp.status != 200:
                raise RuntimeError('%s: %s' % (path, resp.status))
            return body

    async def close(self):
        await self.http.close()


class OursVisitor(HttpClient):
    product = 'ours'

    def __init__(self, base_url, connector, channel, page_url):
        super().__init__(base_url, connector)
        self.channel, self.page_url = channel, page_url
        self.last = self.cursor = 0

    async def page_view(self):
        await self.get('/livechat/loader/%d.js' % self.channel)
        await self.get('/livechat/init?' + urlencode({'channel': self.channel,
                                                      'url': self.page_url}))

    async def start(self, name):
        answer = await self.post_json('/livechat/session', {
            'channel': self.channel, 'name': name, 'url': self.page_url})
        self.secret = answer['secret']
        self.session_id, self.operator_uid = answer['session'], answer['operator']['id']

    async def send(self, text):
        await self.post_json('/livechat/message', {'body': text},
                             {'X-Livechat-Secret': self.secret})

    async def poll(self):
        """One long poll; returns the texts that came."""
        answer = await self.post_json('/livechat/poll', {'last': self.last, 'cursor': self.cursor},
                                      {'X-Livechat-Secret': self.secret})
        self.cursor = answer['cursor']
        if answer['messages']:
            self.last = max(m['id'] for m in answer['messages'])
        return [m['body'] for m in answer['messages']]


class TheirsVisitor(HttpClient):
    """Odoo 11 im_livechat's anonymous visitor, as its external widget calls it."""
    product = 'theirs'

    def __init__(self, base_url, connector, channel, page_url):
        super().__init__(base_url, connector)
        self.channel, self.page_url = channel, page_url
        self.last = 0

    async def page_view(self):
        await self.get('/im_livechat/loader/%d' % self.channel)
        await self.rpc('/im_livechat/init', {'channel_id': self.channel},
                       headers={'Referer': self.page_url})

    async def start(self, name):
        info = await self.rpc('/im_livechat/get_session', {
            'channel_id': self.channel, 'anonymous_name': name})
        if not info:
            raise RuntimeError('/im_livechat/get_session: no operator')
        self.uuid, self.session_id = info['uuid'], info['id']
        self.operator_partner = info['operator_pid'][0]

    async def send(self, text):
        await self.rpc('/mail/chat_post', {'uuid': self.uuid, 'message_content': text})

    async def poll(self):
        notifications = await self.rpc('/longpolling/poll', {
            'channels': [self.uuid], 'last': self.last, 'options': {}})
        return _bus_texts(self, notifications)


def _bus_texts(client, notifications):
    """Message bodies of Odoo bus notifications, moving ``client.last`` on."""
    texts = []
    for notification in notifications:
        client.last = max(client.last, notification['id'])
        message = notification['message']
        if isinstance(message, dict):
            texts.append(message.get('body') or '')
    return texts


class Operator(HttpClient):
    """A logged-in user whose bus poll keeps them online (for both products)."""

    async def login(self, db, login, password):
        result = await self.rpc('/web/session/authenticate',
                                {'db': db, 'login': login, 'password': password})
        self.uid, self.partner_id = result['uid'], result['partner_id']
        self.last = 0
        return self

    async def poll(self):
        notifications = await self.rpc('/longpolling/poll', {
            'channels': [], 'last': self.last, 'options': {'bus_inactivity': 0}})
        return _bus_texts(self, notifications)

    async def post(self, session_id, text):
        await self.rpc('/web/dataset/call_kw/mail.channel/message_post', {
            'model': 'mail.channel', 'method': 'message_post', 'args': [session_id],
            'kwargs': {'body': text, 'message_type': 'comment',
                       'subtype': 'mail.mt_comment'}})


async def poll_forever(client, tokens, errors):
    """Long-poll until cancelled, reporting every text to ``tokens``."""
    while True:
        try:
            for text in await client.poll():
                tokens.seen(text, client)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 -- counted, then retried
            errors.append('%s poll: %s' % (type(client).__name__, error))
            await asyncio.sleep(1)
