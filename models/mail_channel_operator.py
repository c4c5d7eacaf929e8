"""What the operator's web client asks of sessions: the list it starts with,
the visitor's name as the window title, and the visitor's details."""
import json

from odoo import _, api, models

from ..logic.user_agent import describe
from .mail_channel import SESSION_TYPE


# the visitor's own isolate marks would end ours early
_NO_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    @api.multi
    def name_get(self):
        """A session is named after its visitor, who chose that name: its
        right-to-left marks stay inside it (first strong isolate ... pop
        directional isolate), not turning around the operator's name after it
        in breadcrumbs and links."""
        names = dict(super().name_get())
        for session in self.filtered(lambda c: c.channel_type == SESSION_TYPE):
            visitor = (session.visitor_name or _('Visitor')).translate(_NO_ISOLATES)
            names[session.id] = ', '.join(filter(None, [
                '\u2068%s\u2069' % visitor, session.livechat_operator_id.name]))
        return [(record.id, names[record.id]) for record in self]

    @api.multi
    def channel_info(self, extra_info=False):
        infos = super().channel_info(extra_info)
        sessions = {session.id: session for session in self
                    if session.channel_type == SESSION_TYPE}
        for info in infos:
            session = sessions.get(info['id'])
            if session:
                # mail's chat manager shows 'anonymous_name' as the window title
                info['anonymous_name'] = session.visitor_name or _('Visitor')
                info['livechat_state'] = session.livechat_state
        return infos

    @api.model
    def channel_fetch_slot(self):
        """The sessions the operator still has pinned come back after a reload."""
        values = super().channel_fetch_slot()
        pinned = self.env['mail.channel.partner'].search([
            ('partner_id', '=', self.env.user.partner_id.id), ('is_pinned', '=', True),
            ('channel_id.channel_type', '=', SESSION_TYPE)]).mapped('channel_id')
        values['channel_livechat_visitor'] = pinned.channel_info()
        return values

    @api.multi
    def livechat_visitor_info(self):
        """The visitor as the operator's chat window shows it."""
        self.ensure_one()
        if self.channel_type != SESSION_TYPE:
            return {}
        self.check_access_rule('read')
        session = self.sudo()
        return {
            'name': session.visitor_name or _('Visitor'),
            'country': session.visitor_country_id.name or '',
            'country_code': (session.visitor_country_id.code or '').lower(),
            'page_url': session.visitor_page_url or '',
            'browser': describe(session.visitor_user_agent),
            'pages': json.loads(session.visitor_pages or '[]'),
            'state': session.livechat_state,
            'channel': session.chat_channel_id.name or '',
        }
