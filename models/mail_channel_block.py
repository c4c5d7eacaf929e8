from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..logic.block import parse_block
from .mail_channel import SESSION_TYPE


class MailChannel(models.Model):
    """The /block command of the operator's chat window (models/livechat_block.py)."""
    _inherit = 'mail.channel'

    # the keyed hash of the visitor's address at the start (logic/block.py):
    # what /block blocks; the address itself is not stored
    visitor_ip_key = fields.Char(copy=False, groups='base.group_system')

    def _define_command_block(self):
        return {'channel_types': [SESSION_TYPE],
                'help': _('Block this visitor on every channel and end the chat: '
                          '/block <1h|1d|7d|30d|permanent> <reason>')}

    def _execute_command_block(self, **kwargs):
        self._livechat_answer(self._livechat_block(self._livechat_arguments(kwargs)))

    def _livechat_check_may_block(self):
        if not self._livechat_is_chat_operator():
            raise AccessError(_('Only the operators of this chat and live chat administrators '
                                'can block its visitor.'))

    @api.multi
    def _livechat_block(self, arguments):
        """Block the visitor as "/block <duration> <reason>" asks: the answer
        for the operator (a sentence)."""
        self.ensure_one()
        self._livechat_check_may_block()
        parsed = parse_block(arguments)
        if not parsed:
            return _('Say for how long and why: /block <1h|1d|7d|30d|permanent> <reason>')
        block = self.env['livechat.block']._block_session(self, *parsed)
        if not block:
            return _("This visitor's address is not known: they cannot be blocked.")
        return _('%(visitor)s is blocked (%(duration)s) on every channel; the chat has ended.') % {
            'visitor': self.visitor_name,
            'duration': dict(block._fields['duration']._description_selection(self.env))[
                block.duration]}
