from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    """A team with Live Chat ticked answers a live chat channel: its members
    are the channel's operators."""
    _inherit = 'helpdesk.ticket.team'

    livechat_enabled = fields.Boolean('Live Chat',
                                      help='The team members answer the website live chat.')
    chat_channel_id = fields.Many2one(
        'livechat.channel', 'Live Chat Channel', ondelete='set null',
        context={'active_test': False},
        help='Left empty, a channel named after the team is created.')

    @api.model
    def create(self, vals):
        team = super(HelpdeskTicketTeam, self).create(vals)
        if team.livechat_enabled:
            team._livechat_sync()
        return team

    @api.multi
    def write(self, vals):
        result = super(HelpdeskTicketTeam, self).write(vals)
        if {'livechat_enabled', 'chat_channel_id', 'user_ids', 'active'} & set(vals):
            self._livechat_sync()
        return result

    @api.multi
    def _livechat_sync(self):
        """Bring each team's channel in line with the team: open with the members
        as operators while Live Chat is ticked, closed to new chats otherwise.
        Archiving (never deleting) keeps the sessions and their history."""
        # the team's own access rights were checked by write(); operators are
        # managed for the team whatever the user's Live Chat rights
        Operator = self.env['livechat.operator'].sudo().with_context(active_test=False)
        for team in self:
            if team.livechat_enabled and team.active and not team.chat_channel_id:
                team.chat_channel_id = self.env['livechat.channel'].sudo().create({
                    'name': team.name, 'operator_ids': []})
            channel = team.chat_channel_id.sudo()
            if not channel:
                continue
            operators = Operator.search([('channel_id', '=', channel.id)])
            if team.livechat_enabled and team.active:
                channel.active = True
                gone = operators.filtered(lambda op: op.user_id not in team.user_ids)
                gone.unlink()
                operators -= gone
                operators.filtered(lambda op: not op.active).write({'active': True})
                for user in team.user_ids - operators.mapped('user_id'):
                    Operator.create({'channel_id': channel.id, 'user_id': user.id})
            else:
                operators.write({'active': False})
                channel.active = False
