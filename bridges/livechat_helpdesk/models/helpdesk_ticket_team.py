from odoo import _, api, fields, models


class HelpdeskTicketTeam(models.Model):
    """A team with Live Chat ticked answers a live chat channel: its members
    are operators of the channel, beside any operator the channel had."""
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
            team._livechat_sync(self.env['res.users'], revive=True)
        return team

    @api.multi
    def write(self, vals):
        before = {team: (team.chat_channel_id, team.user_ids) for team in self}
        result = super(HelpdeskTicketTeam, self).write(vals)
        if {'livechat_enabled', 'chat_channel_id', 'user_ids', 'active'} & set(vals):
            revive = bool({'livechat_enabled', 'chat_channel_id', 'active'} & set(vals))
            for team in self:
                channel, members = before[team]
                if channel and channel != team.chat_channel_id:
                    team._livechat_release(channel, members)
                team._livechat_sync(members - team.user_ids, revive)
        return result

    def _livechat_operators(self, channel, users):
        # the team's own access rights were checked by write(); operators are
        # managed for the team whatever the user's Live Chat rights
        return self.env['livechat.operator'].sudo().with_context(active_test=False).search(
            [('channel_id', '=', channel.id), ('user_id', 'in', users.ids)])

    def _livechat_other_teams(self, channel):
        """The other teams answering this channel."""
        return self.sudo().search([('chat_channel_id', '=', channel.id),
                                   ('livechat_enabled', '=', True), ('id', 'not in', self.ids)])

    def _livechat_sync(self, gone, revive=False):
        """Bring the team's channel in line with the team: the members answer it
        while Live Chat is ticked, and stop otherwise. Operators who are not the
        team's (``gone``: members who just left it) are left alone."""
        self.ensure_one()
        if self.livechat_enabled and self.active and not self.chat_channel_id:
            self.chat_channel_id = self.env['livechat.channel'].sudo().create({
                'name': self.name, 'operator_ids': []})
        channel = self.chat_channel_id.sudo()
        if not channel:
            return
        if not (self.livechat_enabled and self.active):
            self._livechat_release(channel, self.user_ids | gone)
            return
        channel.active = True
        kept = self._livechat_other_teams(channel).mapped('user_ids')
        self._livechat_operators(channel, gone - kept).unlink()
        operators = self._livechat_operators(channel, self.user_ids)
        if revive:  # ticked again: the members released on unticking answer again
            operators.filtered(lambda op: not op.active).write({'active': True})
        for user in self.user_ids - operators.mapped('user_id'):
            operators.create({'channel_id': channel.id, 'user_id': user.id})

    def _livechat_release(self, channel, members):
        """The team stops answering ``channel``: its members' operator records
        are made unavailable (kept with their settings for a new tick), and the
        channel is archived unless something else uses it. Archiving (never
        deleting) keeps the sessions and their history."""
        kept = self._livechat_other_teams(channel).mapped('user_ids')
        self._livechat_operators(channel, members - kept).write({'active': False})
        if not self._livechat_channel_users(channel, members):
            channel.sudo().active = False

    def _livechat_channel_users(self, channel, members):
        """What else uses ``channel`` besides this team (its members): a list of
        reasons, empty when nothing does."""
        reasons = []
        if self.env['website'].sudo().search_count([('chat_channel_id', '=', channel.id)]):
            reasons.append(_("it is the website's live chat channel"))
        teams = self._livechat_other_teams(channel)
        if teams:
            reasons.append(_('the team(s) %s answer it') % ', '.join(teams.mapped('name')))
        # available ones: the unavailable records left by an unticked team answer nothing
        others = self.env['livechat.operator'].sudo().search(
            [('channel_id', '=', channel.id), ('user_id', 'not in', members.ids)])
        if others:
            reasons.append(_('%s answer it') % ', '.join(others.mapped('user_id.name')))
        return reasons

    @api.onchange('livechat_enabled', 'chat_channel_id')
    def _onchange_livechat_channel(self):
        """Say what saving will do to a channel that is not the team's alone."""
        channel = self.chat_channel_id
        team = self._origin
        if not channel:
            return {}
        if self.livechat_enabled and channel != team.chat_channel_id:
            others = self.env['livechat.operator'].sudo().with_context(active_test=False).search(
                [('channel_id', '=', channel.id), ('user_id', 'not in', self.user_ids.ids)])
            if others:
                return {'warning': {
                    'title': _('A channel with operators'),
                    'message': _('"%(channel)s" already has operators who are not in this '
                                 'team: %(operators)s. They stay its operators, with their '
                                 'settings; the team members join them.') % {
                        'channel': channel.name,
                        'operators': ', '.join(others.mapped('user_id.name'))}}}
        elif not self.livechat_enabled and team.livechat_enabled:
            reasons = team._livechat_channel_users(channel, team.user_ids)
            if reasons:
                return {'warning': {
                    'title': _('The channel stays open'),
                    'message': _('The team members stop answering "%(channel)s", but the '
                                 'channel is not archived: %(reasons)s.') % {
                        'channel': channel.name, 'reasons': '; '.join(reasons)}}}
        return {}
