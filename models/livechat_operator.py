from odoo import fields, models


class LivechatOperator(models.Model):
    """A user answering a channel's chats, with the settings that are per
    channel and per operator."""
    _name = 'livechat.operator'
    _description = 'Live Chat Operator'
    _order = 'channel_id, id'
    _rec_name = 'user_id'

    channel_id = fields.Many2one('livechat.channel', required=True, ondelete='cascade',
                                 index=True)
    user_id = fields.Many2one('res.users', 'Operator', required=True, ondelete='cascade',
                              index=True, domain=[('share', '=', False)])
    max_concurrent_chats = fields.Integer('Maximum concurrent chats', default=5)
    active = fields.Boolean('Available', default=True,
                            help='Unticked: stays an operator but gets no new chat.')

    _sql_constraints = [
        ('channel_user_unique', 'unique(channel_id, user_id)',
         'This user is already an operator of the channel.'),
        ('max_concurrent_chats_positive', 'check(max_concurrent_chats > 0)',
         'The maximum of concurrent chats must be at least 1.'),
    ]
