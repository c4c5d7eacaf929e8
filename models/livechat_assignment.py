from odoo import fields, models

ASSIGNMENT_REASONS = [
    ('previous_operator', 'Previous operator of this visitor'),
    ('least_busy', 'Least busy available operator'),
]


class LivechatAssignment(models.Model):
    """Who was given a chat, when, and why: the trail of operator choice."""
    _name = 'livechat.assignment'
    _description = 'Live Chat Assignment'
    _order = 'id desc'

    session_id = fields.Many2one('mail.channel', 'Session', required=True, index=True,
                                 ondelete='cascade')
    user_id = fields.Many2one('res.users', 'Operator', required=True, ondelete='cascade')
    reason = fields.Selection(ASSIGNMENT_REASONS, required=True)
    load = fields.Integer('Open sessions before', help='Operator load when chosen.')
    date = fields.Datetime(default=fields.Datetime.now, required=True)
