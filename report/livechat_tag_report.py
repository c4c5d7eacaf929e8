from odoo import api, fields, models, tools

from ..models.mail_channel import SESSION_TYPE
from ..models.mail_channel_triage import OUTCOMES


class LivechatSessionTagReport(models.Model):
    """One row per session and tag. Odoo 11's read_group cannot group by a
    many2many field, so the sessions report cannot group by tag: tags get this
    view of their own, where a session with two tags counts under each."""
    _name = 'livechat.session.tag.report'
    _description = 'Live Chat Sessions by Tag'
    _auto = False
    _order = 'start_date desc'
    _rec_name = 'tag_id'

    tag_id = fields.Many2one('livechat.session.tag', readonly=True)
    session_id = fields.Many2one('mail.channel', readonly=True)
    start_date = fields.Datetime('Start', readonly=True)
    channel_id = fields.Many2one('livechat.channel', readonly=True)
    operator_id = fields.Many2one('res.users', readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    nbr_sessions = fields.Integer('# Sessions', readonly=True)
    answer_time = fields.Float('Time to Answer (min)', group_operator='avg', readonly=True)
    duration = fields.Float('Duration (min)', group_operator='avg', readonly=True)
    rating = fields.Float(group_operator='avg', readonly=True,
                          help='Average over rated sessions only.')

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self._cr, self._table)
        tags = self.env['mail.channel']._fields['livechat_tag_ids']
        # sql-injection: the model's table, the tags' relation and the session type, constants
        self._cr.execute(  # pylint: disable=sql-injection
            """
            CREATE VIEW %(view)s AS (
                SELECT row_number() OVER (ORDER BY r.%(session)s, r.%(tag)s) AS id,
                       r.%(tag)s AS tag_id,
                       c.id AS session_id,
                       c.livechat_started_at AS start_date,
                       c.chat_channel_id AS channel_id,
                       c.chat_operator_id AS operator_id,
                       c.livechat_outcome AS outcome,
                       1 AS nbr_sessions,
                       CASE WHEN c.livechat_first_answer_at IS NOT NULL
                            THEN c.livechat_answer_time END AS answer_time,
                       c.livechat_duration AS duration,
                       NULLIF(c.livechat_rating, 0) AS rating
                  FROM %(relation)s r
                  JOIN mail_channel c ON c.id = r.%(session)s
                 WHERE c.channel_type = '%(type)s'
            )""" % {'view': self._table, 'relation': tags.relation, 'session': tags.column1,
                    'tag': tags.column2, 'type': SESSION_TYPE})
