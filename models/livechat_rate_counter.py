import time

from odoo import api, fields, models

from ..logic.rate_limit import verdict, window_of

# ir.config_parameter keys and defaults of the limits (<= 0 disables one)
LIMITS = {
    'session_start': ('livechat.rate_limit.sessions_per_ip_per_minute', 10),
    'message': ('livechat.rate_limit.messages_per_session_per_minute', 30),
    'file': ('livechat.rate_limit.files_per_session_per_minute', 10),
    'offline_message': ('livechat.rate_limit.offline_messages_per_ip_per_minute', 5),
    'transcript': ('livechat.rate_limit.transcripts_per_ip_per_minute', 5),
    'page_view': ('livechat.rate_limit.page_views_per_ip_per_minute', 120),
}
PERIOD = 60


class LivechatRateCounter(models.Model):
    """Hits per key and minute, shared by all workers through PostgreSQL."""
    _name = 'livechat.rate.counter'
    _description = 'Live Chat Rate Counter'
    _log_access = False

    key = fields.Char(required=True)
    window_start = fields.Integer(required=True, help='Seconds since epoch.')
    hits = fields.Integer(default=0)

    _sql_constraints = [
        ('key_window_unique', 'unique(key, window_start)', 'One counter per key and window.'),
    ]

    @api.model
    def _hit(self, kind, subject):
        """Count one request of ``kind`` (a key of LIMITS) by ``subject`` (an IP
        address, a session id) and return a Verdict."""
        param, default = LIMITS[kind]
        limit = int(self.env['ir.config_parameter'].sudo().get_param(param, default) or 0)
        if limit <= 0:
            return verdict(0, 0, 0)
        start, retry_after = window_of(time.time(), PERIOD)
        # A short transaction of its own: the counter row is not locked for the
        # rest of the request, and a failing request still counts.
        with self.pool.cursor() as cr:
            # READ COMMITTED: concurrent hits on one key queue on the row instead
            # of failing with a serialization error (Odoo's default is REPEATABLE READ)
            cr.execute('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')
            cr.execute("""
                INSERT INTO livechat_rate_counter (key, window_start, hits)
                VALUES (%s, %s, 1)
                ON CONFLICT (key, window_start) DO UPDATE
                    SET hits = livechat_rate_counter.hits + 1
                RETURNING hits""", ('%s:%s' % (kind, subject), start))
            hits = cr.fetchone()[0]
        return verdict(hits, limit, retry_after)

    @api.model
    def _gc_counters(self):
        """Cron: counters of past windows are no use."""
        self.env.cr.execute("DELETE FROM livechat_rate_counter WHERE window_start < %s",
                            (int(time.time()) - 2 * PERIOD,))
