"""Blocking an abusive visitor: /block in the operator's chat window, every
public route refusing the visitor and writing nothing, others unaffected,
expiry, lifting, and who may do what."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import common

from ..logic.block import parse_block, visitor_key
from ..models.livechat_block import BLOCKED_QUERY
from .visitor_common import VisitorApiCase

ELSEWHERE = '198.51.100.23'  # another visitor's address; the test client is 127.0.0.1
VISITOR = 'ab' * 16  # a widget's visitor id (Live Chat > Visitors)


class TestBlockLogic(common.BaseCase):

    def test_the_visitor_key(self):
        key = visitor_key('203.0.113.7', 's3cret')
        self.assertEqual(len(key), 64)
        self.assertNotIn('203.0.113.7', key)
        self.assertNotEqual(key, visitor_key('203.0.113.8', 's3cret'))
        self.assertNotEqual(key, visitor_key('203.0.113.7', 'another database'))
        self.assertEqual(visitor_key('::ffff:203.0.113.7', 's3cret'), key)
        self.assertEqual(visitor_key('2001:db8:1:2::1', 's3cret'),
                         visitor_key('2001:db8:1:2:ffff::9', 's3cret'), 'one /64, one visitor')
        self.assertNotEqual(visitor_key('2001:db8:1:2::1', 's3cret'),
                            visitor_key('2001:db8:1:3::1', 's3cret'))
        for address in (None, '', 'unknown', '300.1.1.1'):
            self.assertIsNone(visitor_key(address, 's3cret'), address)

    def test_the_command_line(self):
        self.assertEqual(parse_block('1D  insults,\n again'), ('1d', 'insults, again'))
        self.assertEqual(parse_block('permanent spam'), ('permanent', 'spam'))
        for arguments in ('', '1d', '2d spam', 'spam 1d', None):
            self.assertIsNone(parse_block(arguments), arguments)


@common.at_install(False)
@common.post_install(True)
class TestBlockVisitor(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.admin = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Ada Admin', 'login': 'block_ada', 'email': 'ada@example.com',
            'groups_id': [(6, 0, [self.env.ref('livechat.group_livechat_manager').id])]})
        self.colleague = self.make_operator('Carl Colleague', 'block_carl')

    def start_chat(self, name='Ann'):
        body = self.start(name=name)
        secret = body['secret']
        self.assertEqual(self.api('/livechat/message', {'body': 'You are all idiots'}, secret)[0],
                         200)
        return self.env['mail.channel'].browse(body['session']), secret

    def block(self, session, text='/block 1d insults', user=None):
        """What the chat window posts for a command typed by hand."""
        session.sudo(user or self.operator).message_post(
            body='<p>%s</p>' % text, message_type='comment', subtype='mail.mt_comment',
            content_subtype='html', partner_ids=[], attachment_ids=[])
        return self.env['livechat.block'].search([('session_id', '=', session.id)])

    def writes(self):
        self.cr.execute("""
            SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)
              FROM pg_stat_xact_user_tables""")
        return self.cr.fetchone()[0]

    def every_route(self, secret):
        """(path, data, method) of every public route, as the widget calls them."""
        channel = self.channel.id
        return [
            ('/livechat/session', {'channel': channel}, None),
            ('/livechat/message', {'body': 'Still here'}, None),
            ('/livechat/poll', {'last': 0}, None),
            ('/livechat/typing', {'typing': True}, None),
            ('/livechat/seen', {'message_id': 1}, None),
            ('/livechat/queue', {'channel': channel}, None),
            ('/livechat/file?name=a.png&type=image/png', {}, None),
            ('/livechat/file?id=1', None, None),
            ('/livechat/page', {'url': 'https://s.test/'}, None),
            ('/livechat/history', None, None),
            ('/livechat/end', {}, None),
            ('/livechat/rating', {'rating': 1, 'comment': 'bad'}, None),
            ('/livechat/transcript', None, None),
            ('/livechat/transcript', {'email': 'ann@example.com'}, None),
            ('/livechat/offline', {'channel': channel, 'name': 'Ann', 'email': 'ann@example.com',
                                   'message': 'Let me in'}, None),
            ('/livechat/visitor', {'channel': channel, 'visitor': VISITOR,
                                   'url': 'https://s.test/'}, None),
            ('/livechat/visitor/poll', {'channel': channel, 'visitor': VISITOR}, None),
        ]

    def assert_refused_everywhere(self, secret):
        for path, data, method in self.every_route(secret):
            before = self.writes()
            status, body = self.api(path, data, secret, method=method)
            self.assertEqual((status, body['code']), (403, 'blocked'), path)
            self.assertEqual(body['message'], 'This chat is not available to you.')
            self.assertEqual(self.writes(), before, '%s wrote nothing' % path)

    def test_a_blocked_visitor_is_refused_by_every_route(self):
        session, secret = self.start_chat()
        block = self.block(session)
        self.assertEqual(session.livechat_state, 'closed', 'blocking ends the chat')
        self.assertEqual((block.visitor_name, block.chat_channel_name, block.reason,
                          block.duration, block.blocked_by_id),
                         ('Ann', 'Support', 'insults', '1d', self.operator))
        self.assertAlmostEqual(fields.Datetime.from_string(block.until),
                               datetime.utcnow() + timedelta(days=1),
                               delta=timedelta(minutes=5))
        self.assertNotIn('127.0.0.1', block.sudo().visitor_key)
        self.set_online(self.operator, False)  # the offline form would be offered
        sessions, messages = self.sessions(), self.env['mail.message'].search_count([])
        self.assert_refused_everywhere(secret)
        self.assert_refused_everywhere('')  # a new visitor from the same address too
        self.assertEqual(self.sessions(), sessions)
        self.assertEqual(self.env['mail.message'].search_count([]), messages)
        # the widget shows nothing, as on a page a rule hides it: no offline
        # form to be refused from, no word of a block
        status, body = self.api('/livechat/init?channel=%d' % self.channel.id)
        self.assertEqual((status, body['action'], body['available']), (200, 'hide', False))

    def test_a_blocked_chat_stays_refused_from_another_address(self):
        """The chat's secret names the blocked visitor wherever they come from."""
        session, secret = self.start_chat()
        session.sudo().visitor_ip_key = self.env['livechat.block']._visitor_key(ELSEWHERE)
        self.block(session)
        status, body = self.api('/livechat/history', None, secret)
        self.assertEqual((status, body['code']), (403, 'blocked'))
        # but this address, and so the client's new chats, are not blocked
        self.assertEqual(self.api('/livechat/init?channel=%d' % self.channel.id)[1]['action'],
                         'show')
        self.start()

    def test_other_visitors_are_unaffected(self):
        other, _secret = self.start_chat('Bea')
        other.sudo().visitor_ip_key = self.env['livechat.block']._visitor_key(ELSEWHERE)
        self.block(other)
        session, secret = self.start_chat()
        self.assertEqual(self.api('/livechat/poll', {'last': 0}, secret)[0], 200)
        self.assertEqual(session.livechat_state, 'open')

    def test_expiry_and_the_cron(self):
        session, secret = self.start_chat()
        block = self.block(session, '/block 1h spam')
        block.sudo().until = '2000-01-01 00:00:00'
        self.assertEqual(self.api('/livechat/history', None, secret)[0], 200, 'expired: ignored')
        self.env['livechat.block']._gc_blocks()
        self.assertFalse(block.exists())

    def test_a_permanent_block_until_lifted(self):
        session, secret = self.start_chat()
        block = self.block(session, '/block permanent threats', user=self.admin)
        self.assertFalse(block.until)
        self.assertEqual(self.api('/livechat/history', None, secret)[0], 403)
        with self.assertRaises(AccessError):
            block.sudo(self.operator).action_lift()
        self.assertTrue(block.active)
        blocks = self.env['livechat.block'].sudo(self.admin)
        self.assertEqual(blocks.search([]), block, 'administrators list the blocks')
        blocks.browse(block.id).action_lift()
        self.assertFalse(block.active)
        self.assertEqual(self.api('/livechat/history', None, secret)[0], 200)
        # and block again: the lifted one stays for the record
        self.block(session, '/block 7d again')
        self.assertEqual(self.api('/livechat/history', None, secret)[0], 403)
        self.assertEqual(blocks.with_context(active_test=False).search_count(
            [('session_id', '=', session.id)]), 2)

    def test_who_may_block(self):
        session, secret = self.start_chat()
        with self.assertRaises(AccessError):  # an operator, not of this chat
            self.block(session, user=self.colleague)
        with self.assertRaises(AccessError):
            self.env['livechat.block'].sudo(self.operator).search([])
        self.assertEqual(self.api('/livechat/history', None, secret)[0], 200)

    def test_block_visitor_button_of_the_session_form(self):
        wizards = self.env['livechat.block.wizard']
        other, _secret = self.start_chat('Bea')
        other.sudo().visitor_ip_key = False
        with self.assertRaises(UserError):
            wizards.sudo(self.operator).create({'session_id': other.id, 'duration': '1h',
                                                'reason': 'spam'}).action_block()
        session, secret = self.start_chat()
        context = {'active_model': 'mail.channel', 'active_id': session.id}
        with self.assertRaises(AccessError):  # an operator, not of this chat
            wizards.sudo(self.colleague).with_context(**context).create(
                {'reason': 'rude'}).action_block()
        self.assertEqual(self.api('/livechat/history', None, secret)[0], 200)
        wizard = wizards.sudo(self.operator).with_context(**context).create(
            {'duration': '7d', 'reason': 'insults,\n again'})
        self.assertEqual(wizard.session_id, session)
        wizard.action_block()
        block = self.env['livechat.block'].search([('session_id', '=', session.id)])
        self.assertEqual((block.duration, block.reason, block.blocked_by_id), (
            '7d', 'insults, again', self.operator))
        self.assertEqual(session.livechat_state, 'closed')
        self.assertEqual(self.api('/livechat/history', None, secret)[0], 403)

    def test_usage_and_unknown_address(self):
        session, secret = self.start_chat()
        for text in ('/block', '/block 1d', '/block tomorrow rude'):
            self.assertFalse(self.block(session, text), text)
        session.sudo().visitor_ip_key = False
        self.assertFalse(self.block(session))
        self.assertEqual(session.livechat_state, 'open')
        self.assertEqual(self.api('/livechat/history', None, secret)[0], 200)

    def test_one_indexed_lookup(self):
        """The check every request pays: one statement, on the unique index."""
        session, secret = self.start_chat()
        self.block(session)
        blocks = self.env['livechat.block']
        blocks._blocks('127.0.0.1', secret)  # the database secret now in the cache
        before = self.cr.sql_log_count
        self.assertTrue(blocks._blocks('127.0.0.1', secret))
        self.assertEqual(self.cr.sql_log_count - before, 1)
        self.cr.execute('SET LOCAL enable_seqscan = off')  # a test table is tiny
        self.cr.execute('EXPLAIN ' + BLOCKED_QUERY,  # pylint: disable=sql-injection
                        (blocks._visitor_key('127.0.0.1'), session.id))
        plan = '\n'.join(row[0] for row in self.cr.fetchall())
        self.assertIn('livechat_block_active_key_idx', plan)
        self.assertIn('mail_channel_pkey', plan)
