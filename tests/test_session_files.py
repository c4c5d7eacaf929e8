"""Files in a chat, both ways: the visitor's upload checked and stored on the
session, refused uploads writing nothing, files served only to the session's
secret or to users who may read it, safe for the operator's Odoo URLs too,
and deleted with the session."""
import base64

from odoo.tests import common

from ..logic.files import kind_of, verdict
from . import test_block
from .visitor_common import VisitorApiCase

PNG = b'\x89PNG\r\n\x1a\n' + base64.b64decode(
    'AAAADUlIRFIAAAABAAAAAQgGAAAAHxXEiQAAAA1JREFUeJxj+M/A8B8ABQAB/6Zc0MwAAAAASUVORK5CYII=')
PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b'<html><body><script>alert(document.cookie)</script></body></html>'
TYPES = 'png,jpg,jpeg,gif,webp,pdf,txt,csv,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,zip'


class TestFileLogic(common.BaseCase):

    def test_kinds_and_verdicts(self):
        allowed = set(TYPES.split(','))
        self.assertEqual(kind_of(PNG), 'png')
        self.assertEqual(kind_of(PDF), 'pdf')
        self.assertEqual(verdict('a.PNG', 'image/png', PNG, allowed), (None, 'image/png'))
        self.assertEqual(verdict('a.pdf', 'application/pdf', PDF, allowed),
                         (None, 'application/octet-stream'))
        self.assertEqual(verdict('a.svg', 'image/svg+xml', SVG, allowed)[0], 'type_not_allowed')
        self.assertEqual(verdict('a.png', 'image/png', HTML, allowed)[0], 'type_mismatch')
        self.assertEqual(verdict('a.txt', 'image/png', HTML, allowed)[0], 'type_mismatch')
        # a channel allowing svg still never gets an image of it
        self.assertEqual(verdict('a.svg', '', SVG, allowed | {'svg'}),
                         (None, 'application/octet-stream'))


@common.at_install(False)
@common.post_install(True)
class TestSessionFiles(VisitorApiCase):
    start_chat = test_block.TestBlockVisitor.start_chat
    block = test_block.TestBlockVisitor.block

    def upload(self, secret, content, name='photo.png', declared='image/png',
               content_type='application/octet-stream'):
        path = '/livechat/file?name=%s&type=%s' % (name, declared)
        return self.api(path, raw=content, secret=secret, content_type=content_type)

    def attachments(self):
        return self.env['ir.attachment'].sudo().search_count([('res_model', '=', 'mail.channel')])

    def fetch(self, file_id, secret=None, opener=None):
        headers = {'X-Livechat-Secret': secret} if secret is not None else {}
        self.cr.commit()  # pylint: disable=invalid-commit  # the test cursor's: a savepoint
        return (opener or self.opener).get('http://%s:%s/livechat/file?id=%d' % (
            common.HOST, common.PORT, file_id), headers=headers, timeout=30)

    def test_image_and_pdf_stored_posted_served(self):
        session, secret = self.start_chat()
        status, body = self.upload(secret, PNG)
        self.assertEqual(status, 200, body)
        image = body['message']['files'][0]
        self.assertEqual((image['name'], image['size'], image['image'], body['message']['author']),
                         ('photo.png', len(PNG), True, 'visitor'))
        status, body = self.upload(secret, PDF, 'offer.pdf', 'application/pdf')
        pdf = body['message']['files'][0]
        self.assertFalse(pdf['image'])
        message = self.env['mail.message'].browse(body['message']['id'])
        attachment = message.attachment_ids
        self.assertEqual((attachment.res_model, attachment.res_id, attachment.mimetype),
                         ('mail.channel', session.id, 'application/octet-stream'))
        # history gives each message its files, after a reload too
        history = self.api('/livechat/history', None, secret)[1]['messages']
        self.assertEqual([m['files'] for m in history if m['files']],
                         [[image], [pdf]])
        response = self.fetch(image['id'], secret)
        self.assertEqual((response.status_code, response.content), (200, PNG))
        self.assertEqual(response.headers['Content-Type'], 'image/png')
        self.assertEqual(response.headers['X-Content-Type-Options'], 'nosniff')
        self.assertTrue(response.headers['Content-Disposition'].startswith('inline;'))
        response = self.fetch(pdf['id'], secret)
        self.assertEqual((response.status_code, response.content), (200, PDF))
        self.assertEqual(response.headers['Content-Type'], 'application/octet-stream')
        self.assertTrue(response.headers['Content-Disposition'].startswith('attachment;'))
        # the operator sees them as Odoo's chat window does: message_format
        formatted = message.sudo(self.operator).message_format()[0]
        self.assertEqual(formatted['attachment_ids'][0]['id'], pdf['id'])

    def test_refused_uploads_write_nothing(self):
        session, secret = self.start_chat()
        self.channel.file_max_size = 1
        cases = [
            (dict(content=SVG, name='x.svg', declared='image/svg+xml'), 415, 'type_not_allowed'),
            (dict(content=HTML, name='x.png'), 415, 'type_mismatch'),
            (dict(content=HTML, name='x.txt', declared='image/png'), 415, 'type_mismatch'),
            (dict(content=PNG + b'0' * (1024 * 1024)), 413, 'file_too_large'),
            (dict(content=PNG, content_type='image/png'), 415, 'unsupported_media_type'),
            (dict(content=b''), 400, 'empty_file'),
            (dict(content=PNG, name=''), 400, 'bad_request'),
        ]
        messages = self.env['mail.message'].search_count([])
        for kwargs, status, code in cases:
            answer = self.upload(secret, **kwargs)
            self.assertEqual((answer[0], answer[1]['code']), (status, code), kwargs.get('name'))
            self.assertTrue(answer[1]['message'])
        self.assertEqual(self.attachments(), 0)
        self.assertEqual(self.env['mail.message'].search_count([]), messages)
        for secret_sent in ('', 'nonsense', secret[:-1] + ('A' if secret[-1] != 'A' else 'B')):
            status, body = self.upload(secret_sent, PNG)
            self.assertEqual((status, body['code']), (403, 'forbidden'))
        session.livechat_close()
        self.assertEqual(self.upload(secret, PNG)[1]['code'], 'session_closed')
        self.assertEqual(self.attachments(), 0)

    def test_the_default_limit_is_10_mb(self):
        session, secret = self.start_chat()
        self.assertEqual(self.channel.file_max_size, 10)
        status, body = self.upload(secret, PNG + b'0' * (10 * 1024 * 1024 + 1 - len(PNG)))
        self.assertEqual((status, body['code']), (413, 'file_too_large'))
        self.assertEqual(self.attachments(), 0)

    def test_blocked_and_rate_limited(self):
        session, secret = self.start_chat()
        self.env['ir.config_parameter'].set_param(
            'livechat.rate_limit.files_per_session_per_minute', '1')
        with self.rate_window_held():
            self.assertEqual(self.upload(secret, PNG)[0], 200)
            status, body = self.upload(secret, PNG)
            self.assertEqual((status, body['code']), (429, 'rate_limited'))
        self.assertEqual(self.attachments(), 1)
        self.block(session)
        status, body = self.upload(secret, PNG)
        self.assertEqual((status, body['code']), (403, 'blocked'))
        self.assertEqual(self.attachments(), 1)

    def test_served_only_to_its_session(self):
        session, secret = self.start_chat()
        file_id = self.upload(secret, PNG)[1]['message']['files'][0]['id']
        other_secret = self.start_chat('Bob')[1]
        for sent in (other_secret, 'nonsense', None):
            response = self.fetch(file_id, sent)
            self.assertIn(response.status_code, (403, 404), sent)
            self.assertNotEqual(response.content, PNG)
        # an attachment of no session, or of another model, is nobody's file here
        other = self.env['ir.attachment'].create({'name': 'x', 'datas': base64.b64encode(PNG)})
        self.assertEqual(self.fetch(other.id, secret).status_code, 404)

    def test_the_operator_url_never_renders_html_or_svg(self):
        """Odoo's /web/content and /web/image trust the stored mimetype."""
        self.channel.file_types = TYPES + ',svg,html'
        session, secret = self.start_chat()
        self.operator.password = 'olivia-pw'
        self.authenticate('olivia', 'olivia-pw')
        for name, content in (('x.svg', SVG), ('x.html', HTML), ('notes.txt', HTML)):
            status, body = self.upload(secret, content, name, '')
            self.assertEqual(status, 200, body)
            file_id = body['message']['files'][0]['id']
            self.assertFalse(body['message']['files'][0]['image'])
            for path in ('/web/content/%d', '/web/image/%d'):
                response = self.url_open(path % file_id)
                self.assertEqual(response.status_code, 200, path)
                self.assertEqual(response.headers['Content-Type'], 'application/octet-stream',
                                 path % file_id)
            response = self.fetch(file_id)  # the logged-in operator, without the secret
            self.assertEqual((response.status_code, response.headers['Content-Type']),
                             (200, 'application/octet-stream'))
            self.assertTrue(response.headers['Content-Disposition'].startswith('attachment;'))

    def test_an_operator_file_reaches_the_visitor(self):
        session, secret = self.start_chat()
        attachment = self.env['ir.attachment'].sudo(self.operator).create({
            'name': 'price.pdf', 'datas_fname': 'price.pdf', 'datas': base64.b64encode(PDF),
            'res_model': 'mail.compose.message', 'res_id': 0})
        session.sudo(self.operator).message_post(
            body='<p>here</p>', message_type='comment', subtype='mail.mt_comment',
            attachment_ids=[attachment.id])
        messages = self.api('/livechat/poll', {'last': 0}, secret)[1]['messages']
        files = messages[-1]['files']
        self.assertEqual((messages[-1]['author'], files[0]['name'], files[0]['image']),
                         ('operator', 'price.pdf', False))
        response = self.fetch(files[0]['id'], secret)
        self.assertEqual((response.status_code, response.content), (200, PDF))
        self.assertTrue(response.headers['Content-Disposition'].startswith('attachment;'))

    def test_deleted_with_the_session(self):
        session, secret = self.start_chat()
        self.upload(secret, PNG)
        self.assertEqual(self.attachments(), 1)
        session.sudo().unlink()
        self.assertEqual(self.attachments(), 0)
