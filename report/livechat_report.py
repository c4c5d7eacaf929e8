from odoo import api, fields, models, tools

from ..models.mail_channel import SESSION_TYPE
from ..models.mail_channel_triage import OUTCOMES, STATUSES


class LivechatSessionReport(models.Model):
    """One row per session, read straight from the stored statistics on
    mail_channel: no join on mail_message, so grouping 1M sessions stays a
    single scan of mail_channel (see bench/report_scale.py)."""
    _name = 'livechat.session.report'
    _description = 'Live Chat Sessions Analysis'
    _auto = False
    _order = 'start_date desc'
    _rec_name = 'session_id'

    session_id = fields.Many2one('mail.channel', readonly=True)
    start_date = fields.Datetime('Start', readonly=True)
    channel_id = fields.Many2one('livechat.channel', readonly=True)
    operator_id = fields.Many2one('res.users', readonly=True)
    country_id = fields.Many2one('res.country', readonly=True)
    state = fields.Selection([('open', 'Open'), ('closed', 'Closed')], readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    nbr_sessions = fields.Integer('# Sessions', readonly=True)
    answer_time = fields.Float('Time to Answer (min)', group_operator='avg', readonly=True)
    duration = fields.Float('Duration (min)', group_operator='avg', readonly=True)
    message_count = fields.Float('Messages', group_operator='avg', readonly=True)
    rating = fields.Float(group_operator='avg', readonly=True,
                          help='Average over rated sessions only.')
    rating_value = fields.Selection([(str(n), str(n)) for n in range(1, 6)], readonly=True)
    nbr_answered = fields.Integer('# Answered', readonly=True)
    nbr_rated = fields.Integer('# Rated', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self._cr, self._table)
        # unrated (0) and unanswered sessions become NULL so avg() skips them;
        # sql-injection: the model's table and the session type, constants
        self._cr.execute(  # pylint: disable=sql-injection
            """
            CREATE VIEW %s AS (
                SELECT c.id AS id,
                       c.id AS session_id,
                       c.livechat_started_at AS start_date,
                       c.chat_channel_id AS channel_id,
                       c.chat_operator_id AS operator_id,
                       c.visitor_country_id AS country_id,
                       c.livechat_state AS state,
                       c.livechat_status AS status,
                       c.livechat_outcome AS outcome,
                       1 AS nbr_sessions,
                       CASE WHEN c.livechat_first_answer_at IS NOT NULL
                            THEN c.livechat_answer_time END AS answer_time,
                       c.livechat_duration AS duration,
                       c.livechat_message_count::float AS message_count,
                       NULLIF(c.livechat_rating, 0) AS rating,
                       CASE WHEN c.livechat_rating BETWEEN 1 AND 5
                            THEN c.livechat_rating::varchar END AS rating_value,
                       (c.livechat_first_answer_at IS NOT NULL)::int AS nbr_answered,
                       (c.livechat_rating BETWEEN 1 AND 5)::int AS nbr_rated
                  FROM mail_channel c
                 WHERE c.channel_type = '%s'
            )""" % (self._table, SESSION_TYPE))
