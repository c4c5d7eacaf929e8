#!/usr/bin/env python3
"""CPU one chat message costs the server, in-process: no HTTP, no poll, no proxy.

    message_cost.py -d DB [-n 100] [--rounds 3]      prints JSON

Each product's two writes, the way its routes make them: the visitor's message
(ours: what POST /livechat/message runs; theirs: what /mail/chat_post runs) and
the operator's reply (mail.channel.message_post as the operator, as the web
client's chat window calls it, for both). Each message is committed on its own.
CPU is this process's (Odoo's Python) plus that of its PostgreSQL backend, read
from /proc: the bench's PostgreSQL runs on this machine. What it leaves out
(the HTTP request, the polls woken, nginx) only adds to it: this is the floor
of what a message costs under load.

The database must have been made by bench/run.py (its operators and channels);
one session of each product is added."""
import argparse
import json
import os
import time

from in_process import environment, odoo

WARM_UP = 10


def _online(env, users):
    """Both products pick only operators whose bus presence is recent."""
    now = odoo.fields.Datetime.now()
    presence = env['bus.presence']
    for user in users:
        row = presence.search([('user_id', '=', user.id)])
        values = {'last_poll': now, 'last_presence': now}
        row.write(values) if row else presence.create(dict(values, user_id=user.id))


def _sessions(env):
    """One new session of each product, with its operator."""
    users = env['res.users'].search([('login', '=like', 'bench_operator_%')])
    _online(env, users)
    ours_channel = env['livechat.channel'].search([('name', '=like', 'Bench %')], limit=1)
    ours, _secret = ours_channel._start_session({'name': 'Cost visitor', 'url': False})
    theirs_channel = env['im_livechat.channel'].search([('name', '=like', 'Bench %')], limit=1)
    theirs = env['mail.channel'].browse(
        theirs_channel.get_mail_channel(theirs_channel.id, 'Cost visitor')['id'])
    theirs_operator = theirs.channel_partner_ids.mapped('user_ids') & users
    return {'ours': (ours, ours.chat_operator_id), 'theirs': (theirs, theirs_operator)}


def _writers(env, sessions):
    """(product, direction) -> function posting message number i."""
    def operator_reply(session, operator):
        mine = session.with_env(env(user=operator.id))
        return lambda i: mine.message_post(body='Answer %d' % i, message_type='comment',
                                           subtype='mail.mt_comment')

    ours, ours_operator = sessions['ours']
    theirs, theirs_operator = sessions['theirs']
    return {
        ('ours', 'visitor'): lambda i: ours._livechat_post_visitor_message('Question %d' % i),
        # odoo/addons/mail/controllers/bus.py, mail_chat_post, for a visitor without a login
        ('theirs', 'visitor'): lambda i: theirs.sudo().with_context(
            mail_create_nosubscribe=True).message_post(
            author_id=False, email_from=False, body='Question %d' % i, message_type='comment',
            subtype='mail.mt_comment', content_subtype='plaintext'),
        ('ours', 'operator'): operator_reply(ours, ours_operator),
        ('theirs', 'operator'): operator_reply(theirs, theirs_operator),
    }


def _backend_cpu(pid):
    fields = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def _measure(env, post, count, backend):
    """Milliseconds per message: wall, Python CPU, PostgreSQL CPU."""
    cr = env.cr
    for i in range(WARM_UP):
        post(i)
        cr.commit()
    env.clear()
    wall, cpu, pg = time.perf_counter(), time.process_time(), _backend_cpu(backend)
    for i in range(count):
        post(i)
        cr.commit()
        env.clear()  # each request starts with an empty cache
    return {'wall': (time.perf_counter() - wall) / count * 1000,
            'python': (time.process_time() - cpu) / count * 1000,
            'postgres': (_backend_cpu(backend) - pg) / count * 1000}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-n', '--messages', type=int, default=100, help='per round and path')
    parser.add_argument('--rounds', type=int, default=3, help='the median round is kept')
    args = parser.parse_args()
    with environment(args.database) as env:
        cr = env.cr
        writers = _writers(env, _sessions(env))
        cr.commit()
        cr.execute('SELECT pg_backend_pid()')
        backend = cr.fetchone()[0]
        rounds = {key: [] for key in writers}
        for _ in range(args.rounds):  # the paths alternate: the machine's noise spread
            for key, post in writers.items():
                rounds[key].append(_measure(env, post, args.messages, backend))
    result = {}
    for (product, direction), figures in rounds.items():
        kept = sorted(figures, key=lambda f: f['python'] + f['postgres'])[len(figures) // 2]
        result.setdefault(product, {})[direction] = {k: round(v, 1) for k, v in kept.items()}
    print(json.dumps(result))


if __name__ == '__main__':
    main()
