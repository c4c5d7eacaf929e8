"""The measurements, each run the same way against ours and theirs. Every loop
is bounded in count and time and targets only the bench server on 127.0.0.1."""
import asyncio
import gzip
import os
import random
import statistics
import time

import aiohttp

from clients import OursVisitor, Operator, TheirsVisitor, Tokens, poll_forever
from server import BASE_URL, SITE_DIR, SITE_URL, AccessLog, QueryCounter

VISITORS = {'ours': OursVisitor, 'theirs': TheirsVisitor}
# what each product's page view and operator choice is made of, by URI (nginx log)
ROUTES = {
    'ours': {'loader': r'^/livechat/loader/', 'init': r'^/livechat/init$',
             'choice': r'^/livechat/session$'},
    'theirs': {'loader': r'^/im_livechat/loader/', 'init': r'^/im_livechat/init$',
               'choice': r'^/im_livechat/get_session$'},
}
SNIPPETS = {
    'ours': '<script async src="{base}/livechat/loader/{channel}.js"></script>',
    # Odoo 11's im_livechat.external_loader, as a channel's "Script (external)" gives it
    'theirs': '<link href="{base}/im_livechat/external_lib.css" rel="stylesheet"/>'
              '<script type="text/javascript" src="{base}/im_livechat/external_lib.js"></script>'
              '<script type="text/javascript" src="{base}/im_livechat/loader/{channel}"></script>',
}
SELECTORS = {
    'ours': ('livechat-widget .lc-button', 'livechat-widget section'),
    'theirs': ('.o_livechat_button', '.o_chat_window'),
}
LONG_POLLS = ('/longpolling/poll', '/livechat/poll')
ROUND_TRIP_TIMEOUT = 30


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered))) - 1))]


def connector(limit=0):
    return aiohttp.TCPConnector(limit=limit, force_close=False)


class Bench:
    """Shared state of one bench run: the fixtures, the operators (always
    polling, hence online for both products) and the visitors made so far."""

    def __init__(self, fixtures, database):
        self.fixtures, self.database = fixtures, database
        self.tokens, self.errors = Tokens(), []
        self.visitors = {'ours': [], 'theirs': []}

    async def start_operators(self):
        # connections of a new pool for each server, the visitors' cookies kept
        self.pool = connector()
        for visitor in self.visitors['ours'] + self.visitors['theirs']:
            await visitor.reconnect(self.pool)
        self.operators = [await Operator(BASE_URL, self.pool).login(
            self.database, spec['login'], spec['password']) for spec in self.fixtures['operators']]
        self.operator_polls = [asyncio.create_task(poll_forever(o, self.tokens, self.errors))
                               for o in self.operators]
        await asyncio.sleep(1.5)  # presence written by the first polls

    async def stop_operators(self):
        for task in self.operator_polls:
            task.cancel()
        await asyncio.gather(*self.operator_polls, return_exceptions=True)
        for operator in self.operators:
            await operator.close()
        await self.pool.close()

    async def close(self):
        for visitor in self.visitors['ours'] + self.visitors['theirs']:
            await visitor.close()

    def channel(self, product, n):
        channels = self.fixtures[product]
        return channels[n % len(channels)]

    def new_visitor(self, product, n):
        return VISITORS[product](BASE_URL, self.pool, self.channel(product, n),
                                 self.fixtures['page_url'])

    def operator_of(self, visitor):
        if visitor.product == 'ours':  # our API names the user, Odoo's the partner
            return next(o for o in self.operators if o.uid == visitor.operator_uid)
        return next(o for o in self.operators if o.partner_id == visitor.operator_partner)

    # -- 1. weight -----------------------------------------------------------------

    async def weight(self, product):
        """Bytes and requests of a third-party page, with real Chromium, before
        the button shows and on opening the window (long polls left out)."""
        from playwright.async_api import async_playwright
        name = 'teapot-%s.html' % product  # under /products/: the channels' last rule
        os.makedirs(os.path.join(SITE_DIR, 'products'), exist_ok=True)
        with open(os.path.join(SITE_DIR, 'products', name), 'w') as handle:
            handle.write('<!DOCTYPE html><html><head><meta charset="utf-8">%s</head>'
                         '<body><p>A shop page.</p></body></html>' % SNIPPETS[product].format(
                             base=BASE_URL, channel=self.channel(product, 0)))
        button, window = SELECTORS[product]
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path='/usr/bin/chromium', headless=True,
                args=['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                      '--disable-background-networking', '--disable-component-update'])
            context = await browser.new_context()
            page = await context.new_page()
            finished = []
            page.on('requestfinished', lambda request: finished.append(request))
            await page.goto('%s/products/%s' % (SITE_URL, name))
            await page.locator(button).first.wait_for(state='visible', timeout=30000)
            before = list(finished)
            await page.locator(button).first.click()
            await page.locator(window).first.wait_for(state='visible', timeout=30000)
            await asyncio.sleep(2)  # what opening triggers
            opening = [r for r in finished[len(before):]]
            result = {'before': await _sizes(before), 'opening': await _sizes(opening)}
            await browser.close()
        return result

    # -- 2. page view -------------------------------------------------------------

    async def page_views(self, product, count, warm_up=8):
        """``count`` page views by new visitors, one at a time; server time per
        request from nginx. First ``warm_up`` page views, four at a time and not
        measured, so that every worker has loaded the registry and the product's
        caches (a fresh server's first page view on a worker takes ~1 s)."""
        async def page_view(n):
            visitor = self.new_visitor(product, n)
            try:
                await visitor.page_view()
            finally:
                await visitor.close()
        for first in range(0, warm_up, 4):
            await asyncio.gather(*(page_view(n) for n in range(first, first + 4)))
        log = AccessLog(self.access_log)
        for n in range(count):
            await page_view(n)
        return {part: log.times(ROUTES[product][part]) for part in ('loader', 'init')}

    async def count_queries(self, product, odoo_log):
        """SQL queries of one warm page view (loader, init) and one session
        start (session + first message), from the server's SQL log."""
        counter = QueryCounter(odoo_log)
        visitor = self.new_visitor(product, 0)
        result = {}
        try:
            for _ in range(3):  # caches warm
                await visitor.page_view()
            counter.mark()
            await visitor.get('/livechat/loader/%d.js' % visitor.channel if product == 'ours'
                              else '/im_livechat/loader/%d' % visitor.channel)
            result['loader'] = counter.count(ROUTES[product]['loader'][1:])
            await visitor.page_view()  # loader then init: count the init
            counter.mark()
            await visitor.page_view()
            result['init'] = counter.count(ROUTES[product]['init'][1:-1])
            counter.mark()
            await visitor.start('Counted')
            result['start'] = counter.count(ROUTES[product]['choice'][1:-1])
            counter.mark()
            await visitor.send('first message')
            result['first_message'] = counter.count(
                '/livechat/message' if product == 'ours' else '/mail/chat_post')
        finally:
            await visitor.close()
        return result

    # -- 3. session start ---------------------------------------------------------

    async def session_starts(self, product, count):
        """Visitor starts a session and sends the first message; until the
        operator's bus poll brings that message. One at a time."""
        times, log = [], AccessLog(self.access_log)
        for n in range(count):
            visitor = self.new_visitor(product, n)
            started = time.perf_counter()
            await visitor.start('Visitor %d' % n)
            token = self.tokens.new('v', self.operator_of(visitor))
            await visitor.send('Hello %s' % token)
            seen = await self.tokens.wait(token, ROUND_TRIP_TIMEOUT)
            times.append(seen - started if seen else None)
            await visitor.close()
        return {'total': times, 'choice': log.times(ROUTES[product]['choice'])}

    # -- 4. message latency ----------------------------------------------------------

    async def add_sessions(self, product, total, concurrency=4):
        visitors = self.visitors[product]
        semaphore = asyncio.Semaphore(concurrency)

        async def one(n):
            async with semaphore:
                visitor = self.new_visitor(product, n)
                await visitor.start('Visitor %d' % n)
                visitors.append(visitor)
        results = await asyncio.gather(*(one(n) for n in range(len(visitors), total)),
                                       return_exceptions=True)
        self.errors.extend('start: %s' % r for r in results if isinstance(r, Exception))

    async def conversation(self, product, sessions, seconds, period):
        """``sessions`` visitors chat at once for ``seconds``: each sends a message
        every ``period`` seconds (±30%), the operator answers as soon as it sees it.
        Returns the visitor→operator and operator→visitor latencies."""
        await self.add_sessions(product, sessions)
        errors_before = len(self.errors)
        visitors = self.visitors[product][:sessions]
        polls = [asyncio.create_task(poll_forever(v, self.tokens, self.errors))
                 for v in visitors]
        to_operator, to_visitor, lost = [], [], [0]
        deadline = time.perf_counter() + seconds

        async def chat(visitor):
            await asyncio.sleep(random.uniform(0, period))
            operator = self.operator_of(visitor)
            while time.perf_counter() < deadline:
                token = self.tokens.new('v', operator)
                sent = time.perf_counter()
                try:
                    await visitor.send('Question %s' % token)
                except Exception as error:  # noqa: BLE001 -- counted
                    self.errors.append('send: %s' % error)
                    self.tokens.waiting.pop(token, None)
                    await asyncio.sleep(period)
                    continue
                seen = await self.tokens.wait(token, ROUND_TRIP_TIMEOUT)
                if seen is None:
                    lost[0] += 1
                    continue
                to_operator.append(seen - sent)
                token = self.tokens.new('o', visitor)
                sent = time.perf_counter()
                try:
                    await operator.post(visitor.session_id, 'Answer %s' % token)
                except Exception as error:  # noqa: BLE001 -- counted
                    self.errors.append('operator post: %s' % error)
                    self.tokens.waiting.pop(token, None)
                    continue
                seen = await self.tokens.wait(token, ROUND_TRIP_TIMEOUT)
                if seen is None:
                    lost[0] += 1
                else:
                    to_visitor.append(seen - sent)
                await asyncio.sleep(period * random.uniform(0.7, 1.3))

        await asyncio.gather(*(chat(v) for v in visitors))
        for task in polls:
            task.cancel()
        await asyncio.gather(*polls, return_exceptions=True)
        return {'to_operator': to_operator, 'to_visitor': to_visitor, 'lost': lost[0],
                'sessions': len(visitors), 'errors': len(self.errors) - errors_before}

    # -- 5. idle visitors --------------------------------------------------------------

    async def idle(self, product, count, server, ramp=10, hold=4):
        """``count`` long polls held open at once on the sessions already made
        (several tabs per visitor), opened evenly over ``ramp`` seconds (a burst
        would only measure Odoo's 64-connection pool per process); the gevent
        process's memory before and after. Both products' polls last 25 s or more."""
        visitors = self.visitors[product]
        before = server.gevent_rss()
        tasks = []
        for n in range(count):
            tasks.append(asyncio.create_task(visitors[n % len(visitors)].poll()))
            await asyncio.sleep(ramp / count)
        await asyncio.sleep(hold)
        held = sum(1 for task in tasks if not task.done())
        after = server.gevent_rss()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return {'held': held, 'rss_before': before, 'rss_after': after}


async def _sizes(requests):
    """Requests to the chat server: count, raw bytes, bytes on the wire, gzip -9 bytes."""
    total = {'requests': 0, 'raw': 0, 'wire': 0, 'gzip': 0}
    for request in requests:
        if not request.url.startswith(BASE_URL) or request.url.split('?')[0].endswith(LONG_POLLS):
            continue
        response = await request.response()
        body = await response.body() if response else b''
        sizes = await request.sizes()
        total['requests'] += 1
        total['raw'] += len(body)
        total['wire'] += sizes['responseBodySize']
        total['gzip'] += len(gzip.compress(body, 9))
    return total


def summary(values):
    values = [v for v in values if v is not None]
    return {'n': len(values), 'p50': percentile(values, 50), 'p95': percentile(values, 95),
            'p99': percentile(values, 99), 'mean': statistics.mean(values) if values else None}
