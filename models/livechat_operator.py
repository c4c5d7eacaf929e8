from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError


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

    @api.constrains('user_id')
    def _check_internal_user(self):
        # portal users have no backend to answer from (and cannot get the group)
        if any(operator.user_id.share for operator in self):
            raise ValidationError(_('Only internal users can be live chat operators.'))

    @api.model
    def create(self, vals):
        operator = super(LivechatOperator, self).create(vals)
        operator._grant_operator_group()
        return operator

    def _grant_operator_group(self):
        """A user made operator needs the Live Chat app to answer chats."""
        group = self.env.ref('livechat.group_livechat_operator')
        users = self.mapped('user_id').filtered(lambda user: group not in user.groups_id)
        if users:
            group.sudo().write({'users': [(4, user.id) for user in users]})

    @api.multi
    def write(self, vals):
        # operators may edit their own availability (record rule), never move
        # their record to another channel or another user
        if ({'channel_id', 'user_id'} & set(vals) and not self.env.user._is_superuser()
                and not self.env.user.has_group('livechat.group_livechat_manager')):
            raise AccessError(_('Only live chat administrators can change which channel or '
                                'user an operator record belongs to.'))
        return super(LivechatOperator, self).write(vals)
