from odoo import fields, models

# Our own channel type: Odoo 11's im_livechat adds 'livechat'; both coexist.
SESSION_TYPE = 'livechat_visitor'


class MailChannel(models.Model):
    """A visitor's chat session is a mail.channel of our own type, so Odoo's
    chat windows, Discuss and message history serve the operator side."""
    _inherit = 'mail.channel'

    channel_type = fields.Selection(selection_add=[(SESSION_TYPE, 'Visitor Chat')])
    # not livechat_channel_id: Odoo's im_livechat owns that name on mail.channel
    chat_channel_id = fields.Many2one('livechat.channel', 'Live Chat Channel',
                                          index=True, ondelete='set null')
    livechat_operator_id = fields.Many2one('res.users', 'Operator', index=True)
    visitor_name = fields.Char()
    visitor_email = fields.Char()
    visitor_country_id = fields.Many2one('res.country', 'Visitor Country')
    # sha256 of the visitor's secret: the secret itself is never stored
    visitor_secret_hash = fields.Char(copy=False, groups='base.group_system')
    # not create_date: with im_livechat installed, mail.channel's create_date is
    # redefined and ends up read from the mail alias
    livechat_started_at = fields.Datetime('Start', readonly=True, copy=False,
                                          default=fields.Datetime.now)
    livechat_state = fields.Selection([('open', 'Open'), ('closed', 'Closed')],
                                      'Session State', default='open', index=True)
    livechat_closed_at = fields.Datetime('Ended At')
    livechat_rating = fields.Integer('Rating', help='1 (bad) to 5 (great); 0: not rated.')
    livechat_rating_comment = fields.Text('Rating Comment')
    # what the operator sees of the visitor (kept up to date by the visitor API)
    visitor_page_url = fields.Char('Current Page')
    visitor_user_agent = fields.Char('Browser')
    visitor_pages = fields.Text('Pages Visited', help='JSON list of {"url", "title", "at"}.')

    def _livechat_announce_to_operator(self):
        """Open the session's chat window, unfolded, in the assigned operator's
        browser, on whatever screen the operator is (with a chime). Called at the
        visitor's first message: a session nobody wrote in rings no one."""
        for session in self.filtered('livechat_operator_id'):
            partner = session.livechat_operator_id.partner_id
            self.env['mail.channel.partner'].sudo().search(
                [('channel_id', '=', session.id), ('partner_id', '=', partner.id)]).write(
                {'is_minimized': True, 'fold_state': 'open', 'is_pinned': True})
            session._broadcast(partner.ids)
