#!/usr/bin/env python3
"""How fast is the sessions report with many sessions?

Fills a THROWAWAY database (livechat installed) with N generated sessions using
SQL generate_series, then times the report's read_group calls as the graph and
pivot views make them. Never run it on a database that matters.

    runtime/odoo.sh -d livechat_bench -i livechat --stop-after-init --without-demo=all
    .run/venv/bin/python bench/report_scale.py -d livechat_bench -n 1000000
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'runtime'))
import odoo_compat  # noqa: E402,F401  (must precede odoo)
import odoo  # noqa: E402

# Sessions (sharing one mail alias: throwaway data) spread over a year, 5 channels
# x 20 operators; 30% unanswered, 40% rated; durations and answer times derived
# from the row number.
FILL = """
INSERT INTO mail_channel (alias_id, name, channel_type, public, email_send, chat_channel_id,
       chat_operator_id, visitor_name, livechat_state, livechat_started_at, create_date, write_date,
       livechat_closed_at, livechat_first_visitor_at, livechat_first_answer_at,
       livechat_last_message_at, livechat_answer_time, livechat_duration,
       livechat_message_count, livechat_rating)
SELECT %(alias)s, 'bench ' || g, %(channel_type)s, 'private', false,
       (%(channels)s::int[])[1 + g %% array_length(%(channels)s::int[], 1)],
       (%(operators)s::int[])[1 + g %% array_length(%(operators)s::int[], 1)],
       'Visitor ' || g, CASE WHEN g %% 50 = 0 THEN 'open' ELSE 'closed' END,
       start, start, start, start + (g %% 40) * interval '1 minute',
       start + interval '10 seconds',
       CASE WHEN g %% 10 < 3 THEN NULL ELSE start + (10 + g %% 300) * interval '1 second' END,
       start + (g %% 40) * interval '1 minute',
       CASE WHEN g %% 10 < 3 THEN 0 ELSE (g %% 300) / 60.0 END,
       g %% 40, 1 + g %% 25,
       CASE WHEN g %% 10 < 4 THEN 1 + g %% 5 ELSE 0 END
  FROM generate_series(1, %(n)s) g,
       LATERAL (SELECT now() at time zone 'UTC' - (g %% 365) * interval '1 day'
                       - (g %% 86400) * interval '1 second' AS start) s
"""

# what the report's views ask for (graph: per day; pivot: day x channel and
# per operator; ratings: per value), with the default measures
QUERIES = [
    ('graph: sessions per day (last 30 days)',
     [('start_date', '>=', '{month_ago}')], ['nbr_sessions'], ['start_date:day']),
    ('pivot: day x channel, all measures (last 30 days)',
     [('start_date', '>=', '{month_ago}')],
     ['nbr_sessions', 'answer_time', 'duration', 'message_count', 'rating'],
     ['start_date:day', 'channel_id']),
    ('pivot: per operator, whole year',
     [], ['nbr_sessions', 'answer_time', 'rating'], ['operator_id']),
    ('ratings: per value, whole year',
     [('nbr_rated', '=', 1)], ['nbr_sessions'], ['rating_value']),
    ('pivot: per channel, whole year, all measures',
     [], ['nbr_sessions', 'answer_time', 'duration', 'message_count', 'rating'], ['channel_id']),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-n', '--sessions', type=int, default=1000000)
    parser.add_argument('--repeat', type=int, default=3)
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', os.path.join(ROOT, '.run', 'odoo.conf')])
    with odoo.api.Environment.manage():
        run(args)


def run(args):
    registry = odoo.registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM mail_channel WHERE channel_type = 'livechat_visitor'")
        have = cr.fetchone()[0]
        if have < args.sessions:
            channels = [env['livechat.channel'].create({'name': 'Bench %d' % i}).id
                        for i in range(5)]
            operators = [env['res.users'].create({'name': 'Bench Operator %d' % i,
                                                  'login': 'bench%d@example.com' % i}).id
                         for i in range(20)]
            # mail_channel.alias_id is NOT NULL: the generated rows share one alias
            cr.execute('SELECT alias_id FROM mail_channel ORDER BY id LIMIT 1')
            alias = cr.fetchone()[0]
            started = time.time()
            cr.execute(FILL, {'alias': alias, 'channels': channels, 'operators': operators,
                              'n': args.sessions - have, 'channel_type': 'livechat_visitor'})
            cr.execute('ANALYZE mail_channel')
            cr.commit()
            print('generated %d sessions in %.1f s' % (args.sessions - have, time.time() - started))
        cr.execute("SELECT count(*) FROM mail_channel WHERE channel_type = 'livechat_visitor'")
        print('sessions in %s: %d' % (args.database, cr.fetchone()[0]))
        month_ago = odoo.fields.Datetime.to_string(
            odoo.fields.Datetime.from_string(odoo.fields.Datetime.now())
            - odoo.tools.relativedelta(days=30))
        report = env['livechat.session.report']
        for label, domain, measures, groupby in QUERIES:
            domain = [(f, op, v.format(month_ago=month_ago) if isinstance(v, str) else v)
                      for f, op, v in domain]
            fields = list(dict.fromkeys([g.split(':')[0] for g in groupby] + measures))
            timings = []
            for _ in range(args.repeat):
                started = time.time()
                rows = report.read_group(domain, fields, groupby, lazy=False)
                timings.append(time.time() - started)
            print('%-52s %4d groups  best %.3f s  (runs: %s)' % (
                label, len(rows), min(timings), ', '.join('%.3f' % t for t in timings)))


if __name__ == '__main__':
    main()
