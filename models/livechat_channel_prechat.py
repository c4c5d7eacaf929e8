"""A channel's pre-chat form: name, e-mail, phone and one free question, each
not asked, optional or required (logic/prechat.py); the widget reads it with
the channel's cached options, /livechat/session checks it."""
from odoo import _, fields, models

from ..logic.prechat import MODES, kept


class LivechatChannel(models.Model):
    _inherit = 'livechat.channel'

    prechat_name = fields.Selection(MODES, 'Ask the Name', default='off', required=True)
    prechat_email = fields.Selection(MODES, 'Ask the E-mail', default='off', required=True)
    prechat_phone = fields.Selection(MODES, 'Ask the Phone', default='off', required=True)
    prechat_question = fields.Selection(MODES, 'Ask a Question', default='off', required=True)
    prechat_question_text = fields.Char(
        'Question', translate=True, default=lambda self: _('What can we help you with?'))

    def _prechat_modes(self):
        return {'name': self.prechat_name, 'email': self.prechat_email,
                'phone': self.prechat_phone, 'answer': self.prechat_question}

    def _public_options(self):
        options = super()._public_options()
        modes = self._prechat_modes()
        if any(mode != 'off' for mode in modes.values()):
            options['prechat'] = dict(modes, question=self.prechat_question_text or '')
        return options

    def _prechat_values(self, given):
        """(what the session keeps of the form, the first required field missing)."""
        return kept(self._prechat_modes(), given)
