#!/usr/bin/env python3
"""The bench database's data, written in-process through Odoo's ORM.

    fixtures.py prepare -d DB     channels, rules, operators for ours and theirs; prints JSON
    fixtures.py history -d DB -n N   past sessions of both kinds up to N each (SQL generate_series)

Never run it on a database that matters.
"""
import argparse
import json
import time

from in_process import environment
from report_scale import FILL
from server import BASE_URL

CHANNELS = 5
RULES = 20
OPERATORS = 4
PASSWORD = 'bench'
MAX_CHATS = 1000
PAGE_URL = 'http://localhost:8351/products/teapot'  # the bench's third-party site (server.py)
# 19 rules that do not match the page, then the one that does: the worst case
# for first-match rule evaluation
MISSES = [r'^https://shop\.example\.com/checkout/%d' % i for i in range(RULES - 1)]
HIT = r'/products/'
OURS_TYPE, THEIRS_TYPE = 'livechat_visitor', 'livechat'


def prepare(env):
    """Same operators, same channels and rules for both products."""
    for key in ('livechat.rate_limit.sessions_per_ip_per_minute',
                'livechat.rate_limit.messages_per_session_per_minute',
                'livechat.rate_limit.offline_messages_per_ip_per_minute'):
        env['ir.config_parameter'].set_param(key, '1000000')
    # Odoo's widget calls the server at web.base.url
    env['ir.config_parameter'].set_param('web.base.url', BASE_URL)
    env['ir.config_parameter'].set_param('web.base.url.freeze', 'True')
    groups = [env.ref('base.group_user').id, env.ref('livechat.group_livechat_operator').id,
              env.ref('im_livechat.im_livechat_group_user').id]
    users = env['res.users']
    for i in range(OPERATORS):
        login = 'bench_operator_%d' % i
        user = users.search([('login', '=', login)])
        if not user:
            user = users.create({'name': 'Bench Operator %d' % i, 'login': login,
                                 'email': '%s@example.com' % login,  # message_post needs one
                                 'password': PASSWORD, 'groups_id': [(6, 0, groups)]})
        users |= user
    ours, theirs = env['livechat.channel'], env['im_livechat.channel']
    if not ours.search([('name', '=like', 'Bench %')]):
        for i in range(CHANNELS):
            name = 'Bench %d' % i
            ours |= ours.create({
                'name': name,
                'operator_ids': [(0, 0, {'user_id': u.id, 'max_concurrent_chats': MAX_CHATS})
                                 for u in users],
                'rule_ids': [(0, 0, {'sequence': n, 'action': 'show', 'url_regex': regex})
                             for n, regex in enumerate(MISSES + [HIT])],
            })
            theirs |= theirs.create({
                'name': name, 'user_ids': [(6, 0, users.ids)],
                'rule_ids': [(0, 0, {'sequence': n, 'action': 'display_button',
                                     'regex_url': regex})
                             for n, regex in enumerate(MISSES + [HIT])],
            })
    ours = ours.search([('name', '=like', 'Bench %')], order='id')
    theirs = theirs.search([('name', '=like', 'Bench %')], order='id')
    return {'ours': ours.ids, 'theirs': theirs.ids, 'page_url': PAGE_URL,
            'operators': [{'login': u.login, 'password': PASSWORD, 'uid': u.id,
                           'partner_id': u.partner_id.id} for u in users]}


def history(env, size):
    """Past sessions of both kinds up to ``size`` each, with report_scale.py's
    generator, answered by operators of their own (the bench operators' load
    stays what the load phases make it)."""
    cr = env.cr
    channels = {OURS_TYPE: env['livechat.channel'].search([('name', '=like', 'Bench %')]).ids,
                THEIRS_TYPE: env['im_livechat.channel'].search([('name', '=like', 'Bench %')]).ids}
    # each product's sessions point at its own channels (its own column)
    fills = {OURS_TYPE: FILL, THEIRS_TYPE: FILL.replace('chat_channel_id', 'livechat_channel_id')}
    cr.execute("SELECT id FROM res_users WHERE login LIKE 'bench_history_%%' ORDER BY id")
    operators = [row[0] for row in cr.fetchall()]
    if not operators:
        operators = [env['res.users'].create({'name': 'Bench History %d' % i,
                                              'login': 'bench_history_%d' % i}).id
                     for i in range(20)]
    cr.execute('SELECT alias_id FROM mail_channel ORDER BY id LIMIT 1')
    alias = cr.fetchone()[0]
    for channel_type in (OURS_TYPE, THEIRS_TYPE):
        cr.execute('SELECT count(*) FROM mail_channel WHERE channel_type = %s', (channel_type,))
        missing = size - cr.fetchone()[0]
        if missing > 0:
            cr.execute(fills[channel_type], {
                'alias': alias, 'channels': channels[channel_type], 'operators': operators,
                'n': missing, 'channel_type': channel_type})
    # the generated open sessions are history too: only bench sessions are live
    cr.execute("""UPDATE mail_channel SET livechat_state = 'closed'
                   WHERE livechat_state = 'open' AND chat_operator_id = ANY(%s)""",
               (operators,))
    cr.execute('ANALYZE mail_channel')
    cr.execute("SELECT channel_type, count(*) FROM mail_channel"
               " WHERE channel_type IN %s GROUP BY 1", ((OURS_TYPE, THEIRS_TYPE),))
    return dict(cr.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('command', choices=['prepare', 'history'])
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-n', '--sessions', type=int, default=0)
    args = parser.parse_args()
    started = time.time()
    with environment(args.database) as env:
        result = prepare(env) if args.command == 'prepare' else history(env, args.sessions)
    result = dict(result, seconds=round(time.time() - started, 1)) \
        if args.command == 'history' else result
    print(json.dumps(result))


if __name__ == '__main__':
    main()
