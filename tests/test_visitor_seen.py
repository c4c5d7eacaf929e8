"""Read receipts, the operator's side: POST /livechat/seen keeps on the session
the newest operator message the visitor's window showed, and tells the
session's users."""
import json

from odoo.tests import common

from .visitor_common import VisitorApiCase


@common.at_install(False)
@common.post_install(True)
class TestVisitorSeen(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.channel.operator_ids.max_concurrent_chats = 10
        self.chat = self.start(name='Ann')
        self.secret = self.chat['secret']
        self.session = self.env['mail.channel'].browse(self.chat['session'])
        self.asked = self.api('/livechat/message', {'body': 'Hello?'}, self.secret)[1]['message']
        self.first = self.reply('Hello Ann')
        self.second = self.reply('How can I help?')

    def reply(self, text):
        return self.session.sudo(self.operator).message_post(
            body=text, message_type='comment', subtype='mail.mt_comment').id

    def seen(self, data, secret=None):
        return self.api('/livechat/seen', data, self.secret if secret is None else secret)

    def operator_events(self):
        key = json.dumps([self.cr.dbname, 'livechat.operator', self.operator.id],
                         separators=(',', ':'))
        return [json.loads(row.message) for row in self.env['bus.bus'].search(
            [('channel', '=', key)]) if json.loads(row.message).get('type') == 'visitor_seen']

    def mark(self):
        self.session.invalidate_cache()
        return self.session.livechat_visitor_seen_id

    def test_the_mark_moves_forward_only_and_the_operator_hears_of_it(self):
        self.assertEqual(self.seen({'message_id': self.first}), (200, {}))
        self.assertEqual(self.mark(), self.first)
        self.assertEqual(self.seen({'message_id': self.second}), (200, {}))
        self.assertEqual(self.seen({'message_id': self.first}), (200, {}), 'an older one: no error')
        self.assertEqual(self.mark(), self.second, 'and no step back')
        self.assertEqual([event['message_id'] for event in self.operator_events()],
                         [self.first, self.second], 'one event per move, none for the step back')
        self.assertEqual(self.operator_events()[0]['session_id'], self.session.id)
        info = self.session.sudo(self.operator).livechat_visitor_info()
        self.assertEqual(info['seen_message_id'], self.second, "the window's first draw has it")

    def test_only_an_operator_message_of_this_chat(self):
        other = self.start(name='Ben')
        others = self.env['mail.channel'].browse(other['session']).sudo(self.operator).message_post(
            body='Hi Ben', message_type='comment', subtype='mail.mt_comment').id
        for message_id in (others, self.asked['id'], 0, 2 ** 31 - 1):
            status, body = self.seen({'message_id': message_id})
            self.assertEqual((status, body['code']), (404, 'unknown_message'), message_id)
        self.assertEqual(self.seen({'message_id': self.first}, secret=other['secret'])[1]['code'],
                         'unknown_message', "Ben cannot mark Ann's chat")
        self.assertFalse(self.mark())
        self.assertEqual(self.operator_events(), [])

    def test_wrong_missing_and_hostile_input(self):
        for data in ({}, {'message_id': None}, {'message_id': str(self.first)},
                     {'message_id': float(self.first)}, {'message_id': True},
                     {'message_id': -1}, {'message_id': 2 ** 31}, {'message_id': [self.first]},
                     {'message_id': "1; DROP TABLE mail_channel"}):
            status, body = self.seen(data)
            self.assertEqual((status, body['code']), (400, 'bad_request'), data)
        for secret in ('', 'x' * 64, 'x' * 5000):
            status, body = self.seen({'message_id': self.first}, secret=secret)
            self.assertEqual((status, body['code']), (403, 'forbidden'), secret[:8])
        status, body = self.api('/livechat/seen', raw='[', secret=self.secret)
        self.assertEqual((status, body['code']), (400, 'invalid_json'))
        self.assertFalse(self.mark())
        self.assertEqual(self.operator_events(), [])

    def test_an_ended_chat_still_takes_the_last_read(self):
        """The visitor may read the operator's last words after the chat ended."""
        self.session.sudo().livechat_close()
        self.assertEqual(self.seen({'message_id': self.second}), (200, {}))
        self.assertEqual(self.mark(), self.second)
