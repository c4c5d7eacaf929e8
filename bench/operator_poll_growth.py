#!/usr/bin/env python3
"""What an operator's long poll costs as the operator's own past sessions pile
up: the lookup of the channels it listens to, and the bus query over them, per
wake, in-process.

    operator_poll_growth.py -d DB [--past 1000,10000]     prints one line per size

Odoo's poll listens to every channel its user ever joined ("every"); ours
leaves out the ended sessions the operator has put away ("listened",
models/mail_channel_members.py). Both are measured on the same data, the
lookup read by membership first either way: the past sessions are added in the
transaction (ended, unpinned: as the housekeeping cron leaves them a day after
the end) and rolled back at the end. The database must have been made by
bench/run.py (its operators)."""
import argparse
import time

from in_process import environment

POLLS = 5


def _per_poll(env, partner_id, listening):
    """Milliseconds per poll: the channel lookup (mail's poll), the bus query."""
    env = env(context={'livechat_listening': True} if listening else {})
    started = time.perf_counter()
    for _ in range(POLLS):
        env.clear()
        channels = [(env.cr.dbname, 'mail.channel', channel.id) for channel in
                    env['mail.channel'].search([('channel_partner_ids', 'in', [partner_id])])]
    looked_up = time.perf_counter()
    for _ in range(POLLS):
        env['bus.bus'].poll(channels, last=2 ** 31 - 1)  # nothing new: the query alone
    polled = time.perf_counter()
    return len(channels), (looked_up - started) / POLLS * 1000, (polled - looked_up) / POLLS * 1000


def _add_past_sessions(cr, user_id, partner_id, count):
    cr.execute('SELECT alias_id FROM mail_channel ORDER BY id LIMIT 1')
    alias = cr.fetchone()[0]
    cr.execute("""
        WITH past AS (
            INSERT INTO mail_channel (name, channel_type, public, alias_id, email_send, uuid,
                                      livechat_state, chat_operator_id)
            SELECT 'Past ' || n, 'livechat_visitor', 'private', %s, false, md5(random()::text),
                   'closed', %s
              FROM generate_series(1, %s) n RETURNING id)
        INSERT INTO mail_channel_partner (channel_id, partner_id, is_pinned)
        SELECT id, %s, false FROM past""", (alias, user_id, count, partner_id))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--past', default='1000,10000',
                        help='past sessions of the operator, cumulative')
    args = parser.parse_args()
    with environment(args.database) as env:
        cr = env.cr
        user = env['res.users'].search([('login', '=', 'bench_operator_0')])
        env = env(user=user.id)
        added = 0
        try:
            for size in [0] + [int(n) for n in args.past.split(',') if n]:
                _add_past_sessions(cr, user.id, user.partner_id.id, size - added)
                added = size
                for label, listening in (('every', False), ('listened', True)):
                    channels, lookup, query = _per_poll(env, user.partner_id.id, listening)
                    print('%6d past sessions, %-8s %5d channels, lookup %6.1f ms,'
                          ' bus query %6.1f ms' % (size, label, channels, lookup, query))
        finally:
            cr.rollback()


if __name__ == '__main__':
    main()
