"""An operator's plain reply is checked once and written as the superuser
(models/mail_channel.py); what it writes and who may write it stay
what Odoo's own way gives."""
import base64

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError

from .test_session_stats import SessionCase, ts


class TestOperatorReply(SessionCase):

    def setUp(self):
        super().setUp()
        self.session = self.new_session(public='private')  # as _start_session makes them
        self.other_operator = self.operator.copy({
            'name': 'Olli Other', 'login': 'olli.other@example.com', 'email': 'olli@example.com'})

    def reply(self, user, **kwargs):
        """As the web client's chat window sends it."""
        values = dict(body='<p>Hello</p>', message_type='comment', subtype='mail.mt_comment',
                      content_subtype='html', partner_ids=[], attachment_ids=[])
        values.update(kwargs)
        return self.session.sudo(user).message_post(**values)

    def test_plain_reply_is_the_operators(self):
        self.visitor_says(self.session, 'Hi', ts(1))
        message = self.reply(self.operator)
        self.assertEqual(message.env.uid, self.operator.id)  # not a superuser's record
        message = message.sudo()
        self.assertEqual(message.create_uid.id, SUPERUSER_ID)  # the short way was taken
        self.assertEqual(message.author_id, self.operator.partner_id)
        self.assertEqual(message.email_from,
                         self.env['mail.message'].sudo(self.operator)._get_default_from())
        self.assertEqual(message.body, '<p>Hello</p>')
        self.assertEqual((message.model, message.res_id), ('mail.channel', self.session.id))
        self.assertEqual(message.channel_ids, self.session)
        self.assertEqual(message.subtype_id, self.env.ref('mail.mt_comment'))
        self.assertEqual(self.session.livechat_message_count, 2)
        self.assertTrue(self.session.livechat_first_answer_at)  # the operator answered

    def test_a_user_who_cannot_read_the_session_writes_nothing(self):
        portal = self.env['res.users'].create({
            'name': 'Pat Portal', 'login': 'pat.portal@example.com', 'email': 'pat@example.com',
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        before = self.env['mail.message'].search_count([('res_id', '=', self.session.id),
                                                        ('model', '=', 'mail.channel')])
        for user in (self.other_operator, portal):  # not a member; not an employee
            with self.assertRaises(AccessError):
                self.reply(user)
        self.assertEqual(self.env['mail.message'].search_count(
            [('res_id', '=', self.session.id), ('model', '=', 'mail.channel')]), before)
        self.assertEqual(self.session.livechat_message_count, 0)

    def test_anything_but_plain_text_takes_odoos_way(self):
        attachment = self.env['ir.attachment'].sudo(self.operator).create({
            'name': 'notes.txt', 'datas_fname': 'notes.txt',
            'datas': base64.b64encode(b'some notes'), 'res_model': 'mail.compose.message'})
        replies = {
            'attachment': self.reply(self.operator, attachment_ids=[attachment.id]),
            'recipient': self.reply(self.operator, partner_ids=[self.other_operator.partner_id.id]),
            'other author': self.reply(self.operator, author_id=self.other_operator.partner_id.id),
        }
        for what, message in replies.items():
            self.assertEqual(message.sudo().create_uid, self.operator, what)
        self.assertEqual(replies['attachment'].sudo().attachment_ids, attachment)
