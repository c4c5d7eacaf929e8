from markupsafe import escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.livechat.models.mail_channel import SESSION_TYPE


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    helpdesk_ticket_ids = fields.One2many('helpdesk.ticket', 'livechat_session_id',
                                          'Helpdesk Tickets')

    def _define_command_ticket(self):
        # the chat window offers it in visitor sessions only
        return {'channel_types': [SESSION_TYPE],
                'help': _('Turn this chat into a ticket of the Helpdesk team')}

    def _execute_command_ticket(self, **kwargs):
        self._livechat_create_ticket()

    @api.multi
    def action_livechat_create_ticket(self):
        """For buttons and the chat window: make the ticket and open it."""
        ticket = self._livechat_create_ticket()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'helpdesk.ticket',
            'res_id': ticket.id,
            'views': [(False, 'form')],
            'target': 'current',
        }

    @api.multi
    def _livechat_helpdesk_team(self):
        self.ensure_one()
        if self.channel_type != SESSION_TYPE or not self.chat_channel_id:
            raise UserError(_('Only a visitor chat can be turned into a ticket.'))
        team = self.env['helpdesk.ticket.team'].search(
            [('chat_channel_id', '=', self.chat_channel_id.id)], limit=1)
        if not team:
            raise UserError(_('No Helpdesk team answers the live chat channel "%s".')
                            % self.chat_channel_id.name)
        return team

    @api.multi
    def _livechat_create_ticket(self):
        """Make a ticket of the session's team from this chat, with the visitor
        as customer and the transcript as description, and tell the visitor its
        number in the chat."""
        team = self._livechat_helpdesk_team()
        visitor = self.visitor_name or self.visitor_email or _('a visitor')
        partner = self._livechat_visitor_partner()
        ticket = self.env['helpdesk.ticket'].create({
            'name': _('Live chat with %s') % visitor,
            'team_id': team.id,
            'channel_id': self._livechat_ticket_channel().id,
            'partner_id': partner.id,
            'partner_name': self.visitor_name or partner.name or False,
            'partner_email': self.visitor_email or False,
            # the session's own transcript, as the e-mail and the session form show it
            'description': self._livechat_render_transcript(),
            'livechat_session_id': self.id,
        })
        self._livechat_set_outcome()  # a chat that already ended
        # the visitor reads it in the chat; once they left, a note for the operators
        # (a comment would be refused: nothing reaches a visitor who left)
        ended = self.livechat_state == 'closed'
        self.message_post(
            body=escape(_('Ticket %(number)s created: %(name)s'))
            % {'number': ticket.number, 'name': ticket.name},
            message_type='notification' if ended else 'comment',
            subtype='mail.mt_note' if ended else 'mail.mt_comment',
            author_id=self.env.user.partner_id.id)
        return ticket

    def _livechat_outcome(self):
        return 'ticket' if self.sudo().helpdesk_ticket_ids else super()._livechat_outcome()

    @api.multi
    def _livechat_visitor_partner(self):
        """The contact with the visitor's e-mail, created when there is none."""
        email = (self.visitor_email or '').strip()
        if not email:
            return self.env['res.partner']
        Partner = self.env['res.partner'].sudo()
        partner = Partner.search([('email', '=ilike', email)], limit=1)
        return partner or Partner.create({'name': self.visitor_name or email, 'email': email})

    def _livechat_ticket_channel(self):
        channel = self.env.ref('livechat_helpdesk.helpdesk_ticket_channel_chat',
                               raise_if_not_found=False)
        if not channel:  # deleted by hand: the data file makes it on the next update
            Channel = self.env['helpdesk.ticket.channel'].sudo()
            channel = Channel.search([('name', '=', 'Chat')], limit=1) or \
                Channel.create({'name': 'Chat'})
        return channel
