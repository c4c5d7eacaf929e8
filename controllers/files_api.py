"""Files in a chat (see docs/openapi.yaml and the README's "Files and images"):
the visitor uploads the raw bytes; both sides fetch them. Nothing is served
inline but a raster image checked by its bytes."""
import base64

from odoo import _
from odoo.http import Controller, content_disposition, request

from ..logic.files import OCTET, kind_of, IMAGES
from .cors import CORS_HEADERS, SECRET_HEADER, ApiError, api_route, read_body
from .json_api import _limit, _query_int, _session
from .widget import CookielessResponse

MAX_NAME = 255


def _read_upload(max_bytes):
    httprequest = request.httprequest
    if (httprequest.mimetype or '').lower() != OCTET:
        raise ApiError(415, 'unsupported_media_type', _('Send the file as %s.') % OCTET)
    too_large = ApiError(413, 'file_too_large', _('The file is larger than %d MB.')
                         % (max_bytes // (1024 * 1024)))
    if (httprequest.content_length or 0) > max_bytes:
        raise too_large
    data = read_body(max_bytes)
    if len(data) > max_bytes:
        raise too_large
    if not data:
        raise ApiError(400, 'empty_file', _('The file is empty.'))
    return data


def _reader_session(attachment_id):
    """The session whose file is asked for: the secret's, or any a logged-in
    user may read (a backend user's fetch of the widget's URL)."""
    if request.httprequest.headers.get(SECRET_HEADER) or not request.session.uid:
        return _session()
    attachment = request.env['ir.attachment'].sudo().browse(attachment_id).exists()
    session = attachment.res_model == 'mail.channel' and \
        request.env['mail.channel'].browse(attachment.res_id).exists()
    try:
        session.check_access_rights('read')
        session.check_access_rule('read')
    except Exception:  # AccessError, or no such session
        raise ApiError(404, 'unknown_file', _('There is no such file in this chat.')) from None
    return session.sudo()


class LivechatFilesApi(Controller):

    @api_route('/livechat/file', raw_body=True)
    def upload(self, data):
        session = _session(open_only=True)
        channel = session.chat_channel_id
        if channel.file_max_size <= 0:
            raise ApiError(403, 'files_disabled', _('This chat takes no files.'))
        name = (data.get('name') or '').strip()
        if not name or len(name) > MAX_NAME or '/' in name or '\\' in name:
            raise ApiError(400, 'bad_request', _('"%s" must be a file name.') % 'name')
        _limit('file', session.id)
        content = _read_upload(channel.file_max_size * 1024 * 1024)
        error, mimetype = channel._file_verdict(name, data.get('type'), content)
        if error == 'type_not_allowed':
            raise ApiError(415, error, _('This chat does not take files of this type.'))
        if error:
            raise ApiError(415, error, _('The file is not what its name or type says.'))
        return {'message': session._livechat_post_visitor_file(name, mimetype, content)}

    @api_route('/livechat/file', method='GET')
    def download(self, data):
        attachment_id = _query_int(data, 'id')
        attachment = _reader_session(attachment_id)._livechat_file(attachment_id)
        if not attachment:
            raise ApiError(404, 'unknown_file', _('There is no such file in this chat.'))
        content = base64.b64decode(attachment.datas or b'')
        kind = kind_of(content)
        image = kind in IMAGES and attachment.mimetype == IMAGES[kind]
        name = attachment.datas_fname or attachment.name or 'file'
        disposition = content_disposition(name)
        return CookielessResponse(content, headers=[
            ('Content-Type', IMAGES[kind] if image else OCTET),
            ('Content-Disposition', disposition.replace('attachment;', 'inline;', 1)
             if image else disposition),
            ('X-Content-Type-Options', 'nosniff'),
            ('Content-Security-Policy', "default-src 'none'; sandbox"),
            ('Cache-Control', 'private, no-store')] + CORS_HEADERS)
