"""The one table: metric, ours, theirs, ratio (theirs ÷ ours: above 1, ours is
lighter or faster; for "held" rows, equal is the goal)."""
import collections
import time

from measure import summary

HOW = """\
## How it is measured

- **Server**: one Odoo 11 in prefork mode (`--workers=2`, `--max-cron-threads=0`,
  the gevent process on the long polling port) behind Debian's `nginx-light` on
  127.0.0.1 (`bench/server.py`: `/longpolling/` and `/livechat/poll` go to the gevent
  process — a prefork worker has no bus dispatcher —, the rest to the workers; nginx
  gzips CSS, JavaScript and JSON). One database with `livechat`, `im_livechat` and
  `website_livechat`; 4 operators (bench users polling `/longpolling/poll` with a
  real session, hence online for both products; 1,000 maximum chats each for ours),
  5 channels of each product with 20 URL rules each, the page matching only the
  last rule. The load comes from a second process (aiohttp) on loopback.
- **Our rate limits are raised** for the bench database: the three
  `livechat.rate_limit.*` system parameters are set to 1,000,000 per minute (all
  sessions come from 127.0.0.1, which the defaults would throttle). Odoo 11 has none.
- **Weight**: Debian's Chromium (Playwright) opens a third-party page holding each
  product's snippet (ours: the `<script async>` tag; theirs: the channel's
  *Script (external)*: `external_lib.css`, `external_lib.js`, `loader/<id>`) with a
  cold cache, waits for the button, clicks it and waits for the window. Requests
  to the chat server are counted (long polls left out); *raw* is the decoded body,
  *wire* the body as transferred (gzip when the server or nginx compresses),
  *gzip -9* each response gzipped at level 9.
- **Server time**: nginx's `$upstream_response_time` of each request (the time
  Odoo took, proxy excluded); page views are made one at a time by new visitors
  (no cookie), after 8 not measured, four at a time, that warm every worker.
  Ours: `GET /livechat/loader/<id>.js` + `GET /livechat/init`; theirs:
  `GET /im_livechat/loader/<id>` + JSON-RPC `/im_livechat/init`.
- **SQL queries**: a separate server run with `--log-handler odoo.sql_db:DEBUG`,
  which logs every query with the worker's pid; werkzeug logs each request line
  when it ends, so a request's queries are its worker's query lines since that
  worker's previous request (requests made one at a time, caches warm). These
  counts include what Odoo's framework does on every request (for a cookieless
  request: listing the databases, the registry signalling check, reading the
  current website), 3 queries for ours as for theirs.
- **Session start**: from the visitor's session request (ours `/livechat/session`,
  theirs `/im_livechat/get_session`) through its first message (ours
  `/livechat/message`, theirs `/mail/chat_post`) until the operator's long poll
  brings that message. *Operator choice*: server time of the session request.
- **Conversations**: N visitors chat at once for the level's length; each sends
  a message, the operator (the one the session was given to) answers through
  `mail.channel.message_post` as soon as their poll shows it, the visitor waits for
  the answer on their poll (ours `/livechat/poll`, theirs `/longpolling/poll` on
  the session's uuid), then waits about the period (±30%) and starts again.
  Latency: from sending until the other side's poll returns the message (the
  sender's own poll sees it too, and is not counted). Sessions are made before
  each level (and kept for the next one). *Lost*: not seen by the other side
  within 30 s.
- **CPU per message, in-process** (`bench/message_cost.py`, no server running):
  each product's visitor message (ours: what `POST /livechat/message` runs;
  theirs: what `/mail/chat_post` runs) and the operator's reply
  (`mail.channel.message_post` as the operator) written 100 times in a row, each
  committed, in three rounds alternating the four paths (the median round kept);
  CPU of Odoo's process plus that of its PostgreSQL backend (`/proc`). The HTTP
  request, the polls it wakes and nginx come on top: this is the floor of a
  message's cost under load. *Cores needed*: that floor times the messages of the
  200-session level (one each way every 5 s per session), against the machine's 2.
- **Idle visitors**: on a freshly started server, that many long polls are opened
  on the sessions of the conversations (several tabs per visitor), evenly over 10 s,
  then held 4 s; *held* counts those still open then, *memory* is the growth of
  the gevent process's RSS divided by them. (Before fix 4 below, polls opened
  all at once beyond 64 failed on Odoo's per-process connection pool,
  `db_maxconn`, for both products; hence the ramp.)
- **Growth**: past sessions of each product generated with SQL (`generate_series`,
  the generator of `bench/report_scale.py`), then page views and session starts
  again.
"""


def _ms(seconds):
    return None if seconds is None else seconds * 1000


class Report:
    def __init__(self):
        self.rows = []  # (section, metric, unit, {'ours': v, 'theirs': v})
        self.errors = []

    def _put(self, product, section, metric, unit, value):
        for row in self.rows:
            if row[0] == section and row[1] == metric:
                row[3][product] = value
                return
        self.rows.append((section, metric, unit, {product: value}))

    def weight(self, product, result):
        for phase, title in (('before', 'before the button shows'),
                             ('opening', 'on opening the window')):
            sizes = result[phase]
            section = 'Weight, %s' % title
            self._put(product, section, 'requests', '', sizes['requests'])
            for key, label in (('raw', 'raw'), ('wire', 'on the wire'), ('gzip', 'gzip -9')):
                self._put(product, section, 'bytes %s' % label, 'B', sizes[key])

    def queries(self, product, counts):
        section = 'SQL queries per request'
        self._put(product, section, 'loader', '', counts['loader'])
        self._put(product, section, 'init', '', counts['init'])
        self._put(product, section, 'session start + first message', '',
                  counts['start'] + counts['first_message'])

    def page_view(self, product, label, times):
        section = 'Page view, server time (%s)' % label
        for part in ('loader', 'init'):
            stats = summary(times[part])
            self._put(product, section, '%s p50' % part, 'ms', _ms(stats['p50']))
            self._put(product, section, '%s p99' % part, 'ms', _ms(stats['p99']))

    def session_start(self, product, label, result):
        section = 'Session start (%s)' % label
        total = summary(result['total'])
        self._put(product, section, 'first message to operator p50', 'ms', _ms(total['p50']))
        self._put(product, section, 'first message to operator max', 'ms',
                  _ms(max([t for t in result['total'] if t is not None], default=None)))
        self._put(product, section, 'operator choice, server time p50', 'ms',
                  _ms(summary(result['choice'])['p50']))

    def conversation(self, product, sessions, result):
        section = 'Message latency, %d sessions' % sessions
        for key, label in (('to_operator', 'visitor → operator'),
                           ('to_visitor', 'operator → visitor')):
            stats = summary(result[key])
            for p in ('p50', 'p95', 'p99'):
                self._put(product, section, '%s %s' % (label, p), 'ms', _ms(stats[p]))
        self._put(product, section, 'messages delivered', '',
                  len(result['to_operator']) + len(result['to_visitor']))
        self._put(product, section, 'messages lost (not seen in 30 s)', '', result['lost'])
        self._put(product, section, 'request errors (retried)', '', result['errors'])
        self._put(product, section, 'sessions started', '', result['sessions'])

    def message_cost(self, result, sessions=200, period=5):
        """bench/message_cost.py's figures, and the cores that writing the
        messages alone keeps busy at ``sessions`` chatting (one message each way
        every ``period`` seconds)."""
        section = 'CPU per message, in-process (no HTTP, no poll)'
        for product, figures in result.items():
            cpu = {d: figures[d]['python'] + figures[d]['postgres'] for d in figures}
            self._put(product, section, 'visitor message, Odoo + PostgreSQL', 'ms', cpu['visitor'])
            self._put(product, section, 'operator reply, Odoo + PostgreSQL', 'ms', cpu['operator'])
            self._put(product, section, 'cores needed to write them at %d sessions' % sessions, '',
                      sessions / period * (cpu['visitor'] + cpu['operator']) / 1000)

    def idle(self, product, result):
        section = 'Idle visitors'
        self._put(product, section, 'long polls held', '', result['held'])
        growth = result['rss_after'] - result['rss_before']
        self._put(product, section, 'memory per idle poll', 'KB',
                  growth / 1024 / result['held'] if result['held'] else None)

    def table(self):
        lines = ['| metric | ours | theirs | theirs ÷ ours |', '|---|---:|---:|---:|']
        section = None
        for row_section, metric, unit, values in self.rows:
            if row_section != section:
                section = row_section
                lines.append('| **%s** | | | |' % section)
            ours, theirs = values.get('ours'), values.get('theirs')
            ratio = '%.1f' % (theirs / ours) if ours and theirs is not None else '–'
            lines.append('| %s%s | %s | %s | %s |' % (
                metric, ' (%s)' % unit if unit else '', _fmt(ours), _fmt(theirs), ratio))
        return '\n'.join(lines)

    def markdown(self, table, machine, command, args, load, minutes, notes=''):
        errors = ''
        if self.errors:
            kinds = collections.Counter(' '.join(str(e).split())[:110] for e in self.errors)
            errors = ('\nRequest errors during the run (each retried or counted as lost):'
                      '\n\n%s\n' % '\n'.join('- %d × `%s`' % (n, kind)
                                              for kind, n in kinds.most_common(12)))
        return """\
# Benchmarks: ours beside Odoo 11's im_livechat

Latest run: %s UTC, %.1f minutes, with `%s`
(levels %s sessions, %d s each, a message every %.0f s per visitor; %d idle polls;
history %s past sessions of each product).

Machine: %s. Load average (1 min) at the start %s, at the end %s: the machine is
shared, so timings move from run to run; sizes and query counts do not.

%s
%s
%s
%s""" % (time.strftime('%Y-%m-%d %H:%M', time.gmtime()), minutes, command,
         ', '.join(map(str, args.sessions)), args.seconds, args.period, args.idle,
         ' then '.join('{:,}'.format(n) for n in args.history), machine, load[0], load[1],
         table, errors, HOW, notes)


def _fmt(value):
    if value is None:
        return '–'
    if isinstance(value, float):
        return '{:,.1f}'.format(value)
    return '{:,}'.format(value)
