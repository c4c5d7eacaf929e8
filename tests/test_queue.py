"""The queue (models/livechat_queue.py): with every operator at their maximum,
visitors wait in order and are let in as chats free up; a place not asked for
goes; hostile tickets get nothing; without the option nothing changes."""
import datetime

from odoo import fields
from odoo.tests import common

from .visitor_common import VisitorApiCase


@common.at_install(False)
@common.post_install(True)
class TestQueue(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.channel.write({'queue_when_busy': True})
        self.channel.operator_ids.max_concurrent_chats = 1
        self.first = self.start(name='Ann')
        self.say(self.first['secret'], 'Hello')  # the operator's one chat: busy

    def say(self, secret, text):
        status, body = self.api('/livechat/message', {'body': text}, secret)
        self.assertEqual(status, 200, body)

    def queue(self, ticket=None):
        data = {'channel': self.channel.id}
        if ticket is not None:
            data['ticket'] = ticket
        return self.api('/livechat/queue', data)

    def join(self):
        status, body = self.queue()
        self.assertEqual(status, 200, body)
        return body

    def session_with(self, ticket):
        return self.api('/livechat/session', {'channel': self.channel.id, 'ticket': ticket})

    def tickets(self):
        return self.env['livechat.queue.ticket'].search([('channel_id', '=', self.channel.id)])

    def test_busy_operators_let_visitors_wait_in_order(self):
        init = self.api('/livechat/init?channel=%d' % self.channel.id)[1]
        self.assertTrue(init['available'], 'busy, with a queue: the visitor may still write')
        self.assertTrue(init['channel']['queue'])
        status, body = self.api('/livechat/session', {'channel': self.channel.id})
        self.assertEqual((status, body['code']), (409, 'operators_busy'))
        bea, carl = self.join(), self.join()
        self.assertEqual((bea['position'], bea['turn']), (1, False))
        self.assertEqual((carl['position'], carl['turn']), (2, False))
        self.assertEqual(self.queue(carl['ticket'])[1]['position'], 2)
        sessions = len(self.sessions())

        self.api('/livechat/end', {}, self.first['secret'])  # one chat free
        self.assertEqual(self.queue(carl['ticket'])[1], dict(carl, turn=False))
        for refused in (self.session_with(carl['ticket']),  # Bea is before Carl
                        self.api('/livechat/session', {'channel': self.channel.id})):  # a newcomer
            self.assertEqual((refused[0], refused[1]['code']), (409, 'operators_busy'))
        self.assertEqual(len(self.sessions()), sessions, 'nobody jumped the queue')
        self.assertEqual(self.queue(bea['ticket'])[1], dict(bea, turn=True))
        status, chat = self.session_with(bea['ticket'])
        self.assertEqual(status, 200, chat)
        status, body = self.queue(bea['ticket'])
        self.assertEqual((status, body['code']), (404, 'unknown_ticket'), 'the place is used')
        # Bea's chat counts before she writes: Carl is not let in meanwhile
        self.assertEqual(self.queue(carl['ticket'])[1], dict(carl, position=1, turn=False))
        self.assertEqual(self.session_with(carl['ticket'])[1]['code'], 'operators_busy')
        self.say(chat['secret'], 'Thanks for waiting with me')
        self.assertEqual(self.queue(carl['ticket'])[1], dict(carl, position=1, turn=False))

    def test_a_place_not_asked_for_holds_nothing(self):
        bea, carl = self.join(), self.join()
        self.api('/livechat/end', {}, self.first['secret'])
        # Bea's tab closed: her widget asks no more
        self.tickets()[0].seen_at = fields.Datetime.to_string(
            datetime.datetime.utcnow() - datetime.timedelta(minutes=1))
        self.assertEqual(self.queue(carl['ticket'])[1], dict(carl, position=1, turn=True))
        status, chat = self.session_with(carl['ticket'])
        self.assertEqual(status, 200, chat)
        self.say(chat['secret'], 'I was next')
        # Bea back: her ticket holds a place again, behind the chat Carl took
        status, body = self.queue(bea['ticket'])
        self.assertEqual((status, body['position'], body['turn']), (200, 1, False))

    def test_the_operators_see_who_waits(self):
        channel = self.channel.sudo(self.operator)
        self.assertEqual(channel.queue_waiting_count, 0)
        self.join()
        self.join()
        channel.invalidate_cache()  # computed at each read, as the kanban reads it
        self.assertEqual(channel.queue_waiting_count, 2)
        self.tickets()[0].seen_at = fields.Datetime.to_string(
            datetime.datetime.utcnow() - datetime.timedelta(minutes=1))  # a tab closed
        channel.invalidate_cache()
        self.assertEqual(channel.queue_waiting_count, 1)

    def test_nobody_left_means_the_offline_form(self):
        bea = self.join()
        self.set_online(self.operator, False)
        status, body = self.queue(bea['ticket'])
        self.assertEqual((status, body['code']), (409, 'no_operator'))
        status, body = self.api('/livechat/session', {'channel': self.channel.id})
        self.assertEqual((status, body['code']), (409, 'no_operator'), 'the offline form')

    def test_hostile_tickets_get_nothing(self):
        bea = self.join()
        other = self.env['livechat.channel'].create({'name': 'Other', 'queue_when_busy': True})
        ticket_id = bea['ticket'].split('.')[0]
        for wrong in ['', 'x', 7, ['a'], {'a': 1}, '%s.%s' % (ticket_id, 'A' * 43),
                      '0.' + bea['ticket'].split('.')[1], bea['ticket'] + 'x',
                      "1' OR '1'='1", '9' * 400]:
            before = (len(self.tickets()), len(self.sessions()))
            for status, body in (self.queue(wrong), self.session_with(wrong)):
                self.assertEqual((status, body['code']), (404, 'unknown_ticket'), repr(wrong))
            self.assertEqual((len(self.tickets()), len(self.sessions())), before)
        # another channel's ticket is no ticket here
        status, body = self.api('/livechat/queue', {'channel': other.id, 'ticket': bea['ticket']})
        self.assertEqual((status, body['code']), (404, 'unknown_ticket'))
        for data in ({}, {'channel': 'x'}, {'channel': 10 ** 12}):
            status, body = self.api('/livechat/queue', data)
            self.assertIn(status, (400, 404), data)
        self.assertEqual(len(self.tickets()), 1)

    def test_joining_counts_as_starting_a_chat(self):
        self.env['ir.config_parameter'].set_param(
            'livechat.rate_limit.sessions_per_ip_per_minute', '3')
        self.env['livechat.rate.counter'].search([]).unlink()  # setUp's chat counted too
        with self.rate_window_held():
            bea = self.join()
            self.join()
            self.assertEqual(self.queue(bea['ticket'])[0], 200, 'asking again is free')
            self.join()
            status, body = self.queue()
        self.assertEqual((status, body['code']), (429, 'rate_limited'))
        self.assertEqual(len(self.tickets()), 3)

    def test_without_the_option_busy_means_the_offline_form(self):
        self.channel.write({'queue_when_busy': False})
        init = self.api('/livechat/init?channel=%d' % self.channel.id)[1]
        self.assertFalse(init['available'])
        self.assertNotIn('queue', init['channel'])
        status, body = self.api('/livechat/session', {'channel': self.channel.id})
        self.assertEqual((status, body['code']), (409, 'no_operator'))
        status, body = self.queue()
        self.assertEqual((status, body['code']), (403, 'queue_disabled'))
        self.assertFalse(self.tickets())
