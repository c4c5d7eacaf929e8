"""The pre-chat form: what a channel asks (off, optional, required), what the
widget reads of it, and what /livechat/session requires and keeps."""
from odoo.tests import common

from ..logic.prechat import is_phone, kept
from .visitor_common import VisitorApiCase


class TestPrechatLogic(common.BaseCase):

    def test_what_is_kept_and_what_is_missing(self):
        modes = {'name': 'required', 'email': 'optional', 'phone': 'off', 'answer': 'required'}
        self.assertEqual(kept(modes, {'name': 'Ann', 'phone': '+81 3 1234 5678', 'answer': 'Tea'}),
                         ({'name': 'Ann', 'answer': 'Tea'}, None))
        self.assertEqual(kept(modes, {'name': 'Ann', 'answer': ''})[1], 'answer')
        self.assertEqual(kept(modes, {})[1], 'name')
        self.assertEqual(kept({}, {'name': 'Ann'}), ({}, None), 'nothing asked, nothing kept')

    def test_phone_numbers(self):
        for number in ('+81 3-1234-5678', '(030) 123 456', '0612345678', '+1 (555) 010-9999'):
            self.assertTrue(is_phone(number), number)
        for number in ('12345', 'call me', '+', '1' * 31, '12345678x', None, 12345678):
            self.assertFalse(is_phone(number), number)


@common.at_install(False)
@common.post_install(True)
class TestPrechatForm(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.channel.write({'prechat_name': 'required', 'prechat_phone': 'optional',
                            'prechat_question': 'required',
                            'prechat_question_text': 'Which order is it about?'})

    def start_with(self, **given):
        return self.api('/livechat/session', dict({'channel': self.channel.id}, **given))

    def test_the_widget_reads_what_is_asked(self):
        options = self.api('/livechat/init?channel=%d' % self.channel.id)[1]['channel']
        self.assertEqual(options['prechat'], {
            'name': 'required', 'email': 'off', 'phone': 'optional', 'answer': 'required',
            'question': 'Which order is it about?'})
        self.channel.write({'prechat_name': 'off', 'prechat_phone': 'off',
                            'prechat_question': 'off'})
        options = self.api('/livechat/init?channel=%d' % self.channel.id)[1]['channel']
        self.assertNotIn('prechat', options, 'nothing asked: no form')

    def test_required_fields_and_bad_input_write_nothing(self):
        for given, code in (({'answer': 'Order 42'}, 'prechat_required'),
                            ({'name': 'Ann'}, 'prechat_required'),
                            ({'name': '  ', 'answer': 'Order 42'}, 'prechat_required'),
                            ({'name': 'Ann', 'answer': 'Order 42', 'phone': 'call me'},
                             'bad_request'),
                            ({'name': 'Ann', 'answer': 'x' * 1001}, 'bad_request'),
                            ({'name': 'Ann', 'answer': 42}, 'bad_request')):
            status, body = self.start_with(**given)
            self.assertEqual((status, body['code']), (400, code), given)
        self.assertFalse(self.sessions())

    def test_what_the_session_keeps_and_the_operator_sees(self):
        status, body = self.start_with(name='Ann', answer='Order 42', phone='+81 3 1234 5678',
                                       email='ann@example.com')
        self.assertEqual(status, 200, body)
        session = self.env['mail.channel'].browse(body['session'])
        self.assertEqual((session.visitor_name, session.visitor_prechat_answer,
                          session.visitor_phone), ('Ann', 'Order 42', '+81 3 1234 5678'))
        info = session.sudo(self.operator).livechat_visitor_info()
        self.assertEqual((info['phone'], info['answer']), ('+81 3 1234 5678', 'Order 42'))
        # a field the form does not ask is not kept
        self.channel.prechat_phone = 'off'
        body = self.start_with(name='Bea', answer='Order 7', phone='+81 3 1234 5678')[1]
        self.assertFalse(self.env['mail.channel'].browse(body['session']).visitor_phone)
