from odoo import api, fields, models, tools


class LivechatSessionTagReport(models.Model):
    """The sessions report's rows, once per tag. Odoo 11's read_group cannot
    group by a many2many field, so the sessions report cannot group by tag:
    this view joins its rows to the tags' relation, and a session with two
    tags counts under each."""
    _name = 'livechat.session.tag.report'
    _inherit = 'livechat.session.report'
    _description = 'Live Chat Sessions by Tag'
    _rec_name = 'tag_id'

    tag_id = fields.Many2one('livechat.session.tag', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self._cr, self._table)
        sessions = self.env['livechat.session.report']
        columns = ', '.join('s.%s' % name for name, field in sessions._fields.items()
                            if field.store and name != 'id')
        tags = self.env['mail.channel']._fields['livechat_tag_ids']
        # sql-injection: the models' tables, their columns and the tags' relation, constants
        self._cr.execute(  # pylint: disable=sql-injection
            """
            CREATE VIEW %(view)s AS (
                SELECT row_number() OVER (ORDER BY r.%(session)s, r.%(tag)s) AS id,
                       r.%(tag)s AS tag_id, %(columns)s
                  FROM %(relation)s r
                  JOIN %(sessions)s s ON s.session_id = r.%(session)s
            )""" % {'view': self._table, 'relation': tags.relation, 'session': tags.column1,
                    'tag': tags.column2, 'columns': columns, 'sessions': sessions._table})
