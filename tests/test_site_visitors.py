"""Visitors on the site (channel option "Visitors on the Site"): page views
under the widget's random id, the list operators see, a chat an operator
starts, bad input, rights and housekeeping."""
import hashlib
import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import common

from ..logic.tokens import parse_secret
from ..logic.visitors import chat_token, is_visitor_id, key_of
from .visitor_common import VisitorApiCase

ANN, BEA = '0123456789abcdef' * 2, 'fedcba9876543210' * 2


class TestVisitorLogic(common.BaseCase):

    def test_ids_keys_and_chat_tokens(self):
        self.assertTrue(is_visitor_id(ANN))
        for wrong in (ANN.upper(), ANN[:-1], ANN + '0', 'g' * 32, 1234, None, ' ' + ANN[1:]):
            self.assertFalse(is_visitor_id(wrong), wrong)
        self.assertEqual(key_of(ANN), hashlib.sha256(ANN.encode()).hexdigest())
        token = chat_token('s3cret', 7, key_of(ANN))
        self.assertEqual(parse_secret('7.%s' % token), (7, token), 'shaped as every secret')
        self.assertNotEqual(token, chat_token('s3cret', 8, key_of(ANN)))
        self.assertNotEqual(token, chat_token('s3cret', 7, key_of(BEA)))
        self.assertNotEqual(token, chat_token('other database', 7, key_of(ANN)))


@common.at_install(False)
@common.post_install(True)
class TestSiteVisitors(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.channel.track_visitors = True
        self.other_channel = self.env['livechat.channel'].create({'name': 'Sales'})
        self.stranger = self.make_operator('Sam Sales', 'visitors_sam')
        self.other_channel.operator_ids = [(5, 0, 0), (0, 0, {'user_id': self.stranger.id})]
        self.admin = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Ada Admin', 'login': 'visitors_ada', 'email': 'ada@example.com',
            'groups_id': [(6, 0, [self.env.ref('livechat.group_livechat_manager').id])]})

    def view(self, visitor=ANN, url='https://shop.test/teapot', **extra):
        data = dict({'channel': self.channel.id, 'visitor': visitor, 'url': url,
                     'title': 'Teapot'}, **extra)
        return self.api('/livechat/visitor', data)

    def poll(self, visitor=ANN):
        return self.api('/livechat/visitor/poll', {'channel': self.channel.id, 'visitor': visitor})

    def visitors(self):
        return self.env['livechat.visitor'].search([('channel_id', '=', self.channel.id)])

    def start_chat(self, visitor, text='Hello! Can I help you find a teapot?', user=None):
        wizard = self.env['livechat.visitor.chat'].sudo(user or self.operator).create(
            {'visitor_id': visitor.id, 'message': text})
        wizard.action_send()
        return visitor.session_id

    def test_page_views_count_per_visitor_and_visit(self):
        self.assertEqual(self.view(seen_at=1000), (200, {'chat': None}))
        self.assertEqual(self.view(url='https://shop.test/cart', seen_at=2000)[0], 200)
        # a report cut off by the next page comes last: it counts but stays history
        self.assertEqual(self.view(url='https://shop.test/late', seen_at=1500)[0], 200)
        self.assertEqual(self.view(BEA, lang='ja')[0], 200)
        ann, bea = self.visitors().sorted('id')
        self.assertEqual((ann.page_url, ann.page_count, ann.visit_count, ann.returning,
                          ann.online, ann.in_chat), ('https://shop.test/cart', 3, 1, False,
                                                     True, False))
        self.assertEqual(bea.page_count, 1)
        self.assertEqual(ann.sudo().visitor_key, key_of(ANN), 'only the hash of the id is kept')
        self.cr.execute("SELECT count(*) FROM livechat_visitor WHERE row_to_json(livechat_visitor)"
                        "::text LIKE %s", ('%' + ANN + '%',))
        self.assertEqual(self.cr.fetchone()[0], 0)
        # back after 30 minutes away: a new visit, and a returning visitor
        self.cr.execute("UPDATE livechat_visitor SET last_seen = last_seen - interval '31 min'"
                        " WHERE id = %s", (ann.id,))
        self.assertFalse(self.env['livechat.visitor'].search([('id', '=', ann.id),
                                                              ('online', '=', True)]))
        self.assertEqual(self.view(seen_at=3000)[0], 200)
        ann.invalidate_cache()
        self.assertEqual((ann.page_count, ann.visit_count, ann.returning, ann.online),
                         (1, 2, True, True))
        online = self.env['livechat.visitor'].search([('online', '=', True)])
        self.assertEqual(online.filtered(lambda v: v.channel_id == self.channel), ann | bea)

    def test_off_by_default_and_forgotten_when_switched_off(self):
        self.assertFalse(self.other_channel.track_visitors)
        status, body = self.api('/livechat/visitor', {'channel': self.other_channel.id,
                                                      'visitor': ANN, 'url': 'https://s.test/'})
        self.assertEqual((status, body['code']), (409, 'visitors_off'))
        status, body = self.api('/livechat/init?channel=%d' % self.other_channel.id)
        self.assertFalse(body['track'])
        self.assertTrue(self.api('/livechat/init?channel=%d' % self.channel.id)[1]['track'])
        self.view()
        self.assertTrue(self.visitors())
        self.channel.track_visitors = False
        self.assertFalse(self.env['livechat.visitor'].search([]), 'all forgotten')
        self.assertEqual(self.poll()[1]['code'], 'visitors_off')

    def test_bad_input_is_refused_and_writes_nothing(self):
        cases = [
            ({'visitor': ANN.upper()}, 400), ({'visitor': ANN[:-1]}, 400),
            ({'visitor': 12345}, 400), ({'visitor': None}, 400), ({'visitor': [ANN]}, 400),
            ({'url': ''}, 400), ({'url': None}, 400), ({'url': 'x' * 2049}, 400),
            ({'title': 'x' * 201}, 400), ({'seen_at': -1}, 400), ({'seen_at': '1'}, 400),
            ({'channel': '%d' % self.channel.id}, 400), ({'channel': 2 ** 31}, 400),
            ({'channel': 999999}, 404), ({'lang': 'x' * 36}, 400),
        ]
        for change, status in cases:
            data = dict({'channel': self.channel.id, 'visitor': ANN, 'url': 'https://s.test/'},
                        **change)
            answer = self.api('/livechat/visitor', data)
            self.assertEqual(answer[0], status, (change, answer))
        self.assertEqual(self.api('/livechat/visitor', raw='[]')[0], 400)
        self.assertFalse(self.visitors(), 'nothing written')
        self.assertEqual(self.poll()[1]['code'], 'unknown_visitor')
        self.assertEqual(self.api('/livechat/visitor/poll', {'channel': self.channel.id,
                                                             'visitor': 'x'})[0], 400)
        status, body = self.start(visitor='not an id')
        self.assertEqual(status, 400, body)
        self.assertFalse(self.sessions())

    def start(self, **visitor):
        # the plain answer: bad input here is refused (VisitorApiCase's asserts 200)
        return self.api('/livechat/session', dict({'channel': self.channel.id}, **visitor))

    def test_an_operator_starts_a_chat_the_visitor_joins_in_every_tab(self):
        self.view()
        self.view(BEA)
        ann = self.visitors().filtered(lambda v: v.page_count and v.sudo().visitor_key
                                       == key_of(ANN))
        session = self.start_chat(ann.sudo(self.operator))
        self.assertEqual((session.chat_operator_id, session.livechat_operator_started,
                          session.visitor_page_url, session.livechat_state),
                         (self.operator, True, 'https://shop.test/teapot', 'open'))
        self.assertEqual(session.livechat_assignment_ids.reason, 'started')
        self.assertTrue(ann.in_chat)
        # the visitor's wait is woken, with nothing of the chat in the notification (a bus
        # row's id is given at commit, see models/bus_bus.py: found by its channel)
        woken = self.env['bus.bus'].search([('channel', 'like', '%%livechat.site_visitor%%%s%%'
                                             % key_of(ANN))])
        self.assertEqual([json.loads(n.message) for n in woken], [{'type': 'chat'}])
        # the poll and the next page view answer the chat; both tabs get the same secret
        status, polled = self.poll()
        self.assertEqual(status, 200)
        chat = polled['chat']
        self.assertEqual((chat['session'], chat['operator']['name']),
                         (session.id, 'Olivia Operator'))
        self.assertEqual(self.view()[1]['chat'], chat)
        self.assertEqual(self.poll(BEA)[1], {'chat': None}, 'nothing for the other visitor')
        status, history = self.api('/livechat/history', secret=chat['secret'])
        self.assertEqual([(m['author'], m['body']) for m in history['messages']],
                         [('operator', 'Hello! Can I help you find a teapot?')])
        self.assertEqual(self.api('/livechat/message', {'body': 'Yes please'},
                                  chat['secret'])[0], 200)
        self.assertTrue(session.livechat_first_visitor_at)
        with self.assertRaises(UserError):
            self.start_chat(ann, 'Hello again')
        # ended: the secret still opens the chat, but the visitor's wait forgets it
        self.api('/livechat/end', {}, chat['secret'])
        self.assertEqual(self.poll()[1], {'chat': None})
        self.assertEqual(self.api('/livechat/history', secret=chat['secret'])[1]['state'],
                         'closed')

    def test_a_chat_the_visitor_starts_shows_in_the_list(self):
        self.view()
        body = self.start(visitor=ANN, name='Ann')[1]
        self.assertEqual(self.visitors().session_id.id, body['session'])
        self.assertTrue(self.visitors().in_chat)
        self.assertEqual(self.poll()[1], {'chat': None}, 'the widget has its secret already')
        # unknown or another channel's visitor: no link, the chat still starts
        self.assertEqual(self.start(visitor=BEA)[0], 200)

    def test_who_sees_visitors_and_starts_chats(self):
        self.view()
        visitor = self.visitors()
        self.assertEqual(self.env['livechat.visitor'].sudo(self.operator).search([]), visitor)
        self.assertFalse(self.env['livechat.visitor'].sudo(self.stranger).search([]),
                         "another channel's operator")
        with self.assertRaises(AccessError):
            self.start_chat(visitor, user=self.stranger)
        employee = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Emil Employee', 'login': 'visitors_emil',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        with self.assertRaises(AccessError):
            self.env['livechat.visitor'].sudo(employee).search([])
        with self.assertRaises(AccessError):
            visitor.sudo(self.operator).unlink()
        self.assertFalse(self.sessions())
        session = self.start_chat(visitor, user=self.admin)
        self.assertEqual(session.chat_operator_id, self.admin, 'an administrator may too')

    def test_housekeeping(self):
        self.view()
        self.view(BEA)
        ann = self.visitors().filtered(lambda v: v.sudo().visitor_key == key_of(ANN))
        session = self.start_chat(ann)
        self.cr.execute("UPDATE mail_channel SET livechat_started_at = '2000-01-01'"
                        " WHERE id = %s", (session.id,))
        self.env['mail.channel']._livechat_cron_remove_empty()
        self.assertTrue(session.exists(), "an operator's words to a visitor are kept")
        self.cr.execute("UPDATE livechat_visitor SET last_seen = last_seen - interval '31 days'"
                        " WHERE id = %s", (ann.id,))
        self.assertEqual(self.env['livechat.visitor']._gc_visitors(), 1)
        self.assertEqual(len(self.visitors()), 1)
        self.assertFalse(ann.exists())
