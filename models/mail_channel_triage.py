"""A session's triage for the operators: internal notes (never sent to the
visitor), tags, a status while it is open and an outcome once it ended."""
from odoo import _, api, fields, models

from ..logic.triage import session_status
from .mail_channel import SESSION_TYPE

STATUSES = [('in_progress', 'In Progress'), ('waiting', 'Waiting for the Customer'),
            ('help', 'Looking for Help')]
OUTCOMES = [('answered', 'Answered'), ('no_answer', 'No Answer'), ('forwarded', 'Forwarded'),
            ('lead', 'Lead'), ('ticket', 'Ticket')]


class LivechatSessionTag(models.Model):
    _name = 'livechat.session.tag'
    _description = 'Live Chat Session Tag'
    _order = 'name'

    name = fields.Char(required=True, translate=True)
    color = fields.Integer('Color Index')

    _sql_constraints = [('name_unique', 'unique (name)', 'A tag of this name exists already.')]


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    livechat_note = fields.Text('Internal Notes', copy=False,
                                help='For the operators only: never sent to the visitor.')
    livechat_tag_ids = fields.Many2many('livechat.session.tag', string='Tags', copy=False)
    livechat_waiting = fields.Boolean('Operator Wrote Last', readonly=True, copy=False)
    livechat_status = fields.Selection(STATUSES, 'Status', compute='_compute_livechat_status',
                                       store=True, index=True)
    livechat_outcome = fields.Selection(OUTCOMES, 'Outcome', readonly=True, copy=False,
                                        index=True, help='Set when the session ends.')

    @api.depends('livechat_help_wanted', 'livechat_waiting')
    def _compute_livechat_status(self):
        # each message writes both columns directly (_livechat_count_message)
        for session in self:
            session.livechat_status = session_status(session.livechat_help_wanted,
                                                     session.livechat_waiting)

    @api.multi
    def livechat_close(self):
        opened = self.filtered(lambda c: c.channel_type == SESSION_TYPE
                               and c.livechat_state == 'open')
        result = super().livechat_close()
        opened._livechat_set_outcome()
        return result

    def _livechat_set_outcome(self):
        for session in self.sudo().filtered(lambda c: c.livechat_state == 'closed'):
            session.livechat_outcome = session._livechat_outcome()

    def _livechat_outcome(self):
        """How the chat ended; bridges give their own (a ticket, a lead) first."""
        self.ensure_one()
        if 'forwarded' in self.livechat_assignment_ids.mapped('reason'):
            return 'forwarded'
        return 'answered' if self.livechat_first_answer_at else 'no_answer'

    # /note: an internal note from the chat window, kept on the session only

    def _define_command_note(self):
        return {'channel_types': [SESSION_TYPE],
                'help': _('Write an internal note, never sent to the visitor: /note text')}

    def _execute_command_note(self, **kwargs):
        self._livechat_answer(self._livechat_add_note(self._livechat_arguments(kwargs)))

    def _livechat_add_note(self, text):
        if not self._livechat_is_chat_operator():
            return _('Only the operators of this chat and live chat administrators can write '
                     'its notes.')
        text = (text or '').strip()
        if not text:
            return _('Nothing to note: /note text')
        line = '%s %s: %s' % (self._livechat_local_time(fields.Datetime.now()),
                              self.env.user.name, text)
        session = self.sudo()
        session.livechat_note = '\n'.join(filter(None, [session.livechat_note, line]))
        return _('Note saved; the visitor does not see it.')
