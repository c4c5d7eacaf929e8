from odoo import fields, models

ASSIGNMENT_REASONS = [
    ('previous_operator', 'Previous operator of this visitor'),
    ('least_busy', 'Least busy available operator'),
    ('forwarded', 'Forwarded by an operator'),
    ('invited', 'Invited by an operator'),
    ('started', 'Started the chat with a visitor on the site'),
]


class LivechatAssignment(models.Model):
    """Who was given a chat, when, and why: the trail of operator choice, and
    of the hands a chat went through (forwarded, invited)."""
    _name = 'livechat.assignment'
    _description = 'Live Chat Assignment'
    _order = 'id desc'

    session_id = fields.Many2one('mail.channel', required=True, index=True, ondelete='cascade')
    user_id = fields.Many2one('res.users', 'Operator', required=True, ondelete='cascade')
    reason = fields.Selection(ASSIGNMENT_REASONS, required=True)
    load = fields.Integer('Open sessions before', help='Operator load when chosen.')
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    # forwarded or invited: by whom, from whom, and the words they gave
    by_user_id = fields.Many2one('res.users', 'By', ondelete='set null')
    from_user_id = fields.Many2one('res.users', 'Previous Operator', ondelete='set null')
    note = fields.Char('Why')
