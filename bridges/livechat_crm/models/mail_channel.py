from odoo import _, api, fields, models

from odoo.addons.livechat.models.mail_channel import SESSION_TYPE


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    lead_ids = fields.One2many('crm.lead', 'livechat_session_id', 'Leads')
    lead_count = fields.Integer('Leads', compute='_compute_lead_count')

    def _compute_lead_count(self):
        # the session form reads it for every user, Sales rights or not
        if not self.env['crm.lead'].check_access_rights('read', raise_exception=False):
            for session in self:
                session.lead_count = 0
            return
        counts = {row['livechat_session_id'][0]: row['livechat_session_id_count']
                  for row in self.env['crm.lead'].read_group(
                      [('livechat_session_id', 'in', self.ids)], ['livechat_session_id'],
                      ['livechat_session_id'])}
        for session in self:
            session.lead_count = counts.get(session.id, 0)

    def _define_command_lead(self):
        # Odoo's crm_livechat (installed with im_livechat) offers a /lead of its own
        # in every conversation: keep its offer; execute_command routes ours
        parent = getattr(super(), '_define_command_lead', None)
        if parent:
            return parent()
        return {'channel_types': [SESSION_TYPE],
                'help': _('Make a CRM lead of this chat: /lead [title]')}

    @api.multi
    def execute_command(self, command='', **kwargs):
        # here rather than in _execute_command_lead, which crm_livechat also
        # defines: whichever module loads last would own the visitor's chats
        if command == 'lead' and self.channel_type == SESSION_TYPE:
            self.ensure_one()
            return self._livechat_answer(self._livechat_lead_command(
                self._livechat_arguments(kwargs)))
        return super().execute_command(command=command, **kwargs)

    def _livechat_lead_command(self, title):
        """The answer to /lead: what was created, or why nothing was."""
        if not self._livechat_is_chat_operator():
            return _('Only the operators of this chat and live chat administrators can make '
                     'a lead of it.')
        if not self.env['crm.lead'].check_access_rights('create', raise_exception=False):
            return _('Making leads needs the Sales right "User: Own Documents Only" or '
                     'more; ask an administrator.')
        lead = self._livechat_create_lead(title)
        return _('Lead created: %(name)s (%(url)s)') % {
            'name': lead.name, 'url': '/web#model=crm.lead&id=%d' % lead.id}

    def _livechat_create_lead(self, title=''):
        """A lead of the visitor's chat, owned by the user who makes it."""
        self.ensure_one()
        session = self.sudo()
        lead = self.env['crm.lead'].create({
            'name': title or _('Live chat with %(visitor)s') % {
                'visitor': session.visitor_name or _('a visitor')},
            'contact_name': session.visitor_name or False,
            'email_from': session.visitor_email or False,
            'country_id': session.visitor_country_id.id or False,
            'description': session._livechat_plain_transcript(),
            'source_id': self.env.ref('livechat_crm.utm_source_livechat',
                                      raise_if_not_found=False).id or False,
            'livechat_session_id': self.id,
            'user_id': self.env.uid,
        })
        self._livechat_set_outcome()  # a chat that already ended
        return lead

    def _livechat_outcome(self):
        # a ticket (Helpdesk bridge) still comes first
        outcome = super()._livechat_outcome()
        if outcome == 'ticket' or not self.sudo().lead_ids:
            return outcome
        return 'lead'

    @api.multi
    def action_livechat_leads(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Leads'),
            'res_model': 'crm.lead',
            'views': [(False, 'tree'), (False, 'form')],
            'domain': [('livechat_session_id', '=', self.id)],
            'context': {'default_livechat_session_id': self.id},
        }
