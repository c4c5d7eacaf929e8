"""Files in a session, both ways: a channel's limits, the visitor's upload
stored as an attachment of the session, and each message's files as the
widget reads them. Odoo deletes a record's attachments with it (BaseModel.unlink)."""
import base64

from odoo import fields, models

from ..logic.files import DEFAULT_MAX_MB, DEFAULT_TYPES, IMAGES, allowed_types, verdict


class LivechatChannel(models.Model):
    _inherit = 'livechat.channel'

    file_max_size = fields.Integer(
        'Maximum File Size (MB)', default=DEFAULT_MAX_MB,
        help='Largest file a visitor may send, in megabytes; 0: visitors send no files.')
    file_types = fields.Char(
        'Allowed File Types', default=DEFAULT_TYPES,
        help='Extensions a visitor may send, separated by commas.')

    def _public_options(self):
        options = super()._public_options()
        if self.file_max_size > 0:
            options['files'] = {'max_size': self.file_max_size * 1024 * 1024,
                                'types': sorted(allowed_types(self.file_types))}
        return options

    def _file_verdict(self, name, declared, data):
        return verdict(name, declared, data, allowed_types(self.file_types))


class MailChannel(models.Model):
    _inherit = 'mail.channel'

    def _livechat_post_visitor_file(self, name, mimetype, data):
        """Store the visitor's file on the session and post it as their message."""
        attachment = self.env['ir.attachment'].sudo().create({
            'name': name, 'datas_fname': name, 'datas': base64.b64encode(data),
            'res_model': 'mail.channel', 'res_id': self.id})
        # written apart: at create Odoo guesses again from the bytes (an SVG's,
        # a PDF's type), which its /web/content and /web/image then serve
        attachment.write({'mimetype': mimetype})
        return self._livechat_post_visitor_message('', attachment.ids)

    def _livechat_file(self, attachment_id):
        """The attachment of this session with this id (or empty)."""
        return self.env['ir.attachment'].sudo().search([
            ('id', '=', attachment_id), ('res_model', '=', 'mail.channel'),
            ('res_id', '=', self.id)])

    def _livechat_messages(self, *args, **kwargs):
        messages = super()._livechat_messages(*args, **kwargs)
        ids = tuple(message['id'] for message in messages)
        if not ids:
            return messages
        self.env.cr.execute("""
            SELECT r.message_id, a.id, a.datas_fname, a.name, a.file_size, a.mimetype
              FROM message_attachment_rel r JOIN ir_attachment a ON a.id = r.attachment_id
             WHERE r.message_id IN %s AND a.res_model = 'mail.channel' AND a.res_id = %s
             ORDER BY a.id""", (ids, self.id))
        files = {}
        for message_id, file_id, fname, name, size, mimetype in self.env.cr.fetchall():
            files.setdefault(message_id, []).append({
                'id': file_id, 'name': fname or name, 'size': size or 0,
                'image': mimetype in IMAGES.values(), 'url': '/livechat/file?id=%d' % file_id})
        for message in messages:
            message['files'] = files.get(message['id'], [])
        return messages
