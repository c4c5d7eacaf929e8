"""The public visitor API: each route with good, wrong, missing, oversized and
hostile input. Realtime (a waiting poll woken by the bus) is in e2e/."""
import email
import email.policy
import json

from odoo import SUPERUSER_ID
from odoo.tests import common

from .common import load_language
from .visitor_common import VisitorApiCase


def bus_key(channel):
    """How bus.bus stores a channel name."""
    return json.dumps(channel, separators=(',', ':'))


@common.at_install(False)
@common.post_install(True)
class TestInit(VisitorApiCase):

    def test_init_gives_options_and_availability(self):
        status, body = self.api('/livechat/init?channel=%d&url=https://shop.test/'
                                % self.channel.id)
        self.assertEqual(status, 200)
        self.assertEqual(body['action'], 'show')
        self.assertTrue(body['available'])
        self.assertEqual(body['channel']['colors']['button_background'],
                         self.channel.button_background_color)
        self.assertEqual(self.last_response.headers['Access-Control-Allow-Origin'], '*')
        self.assertNotIn('Set-Cookie', self.last_response.headers)

    def test_rules_by_url(self):
        self.channel.write({'rule_ids': [
            (0, 0, {'sequence': 1, 'action': 'hide', 'url_regex': '/checkout'}),
            (0, 0, {'sequence': 2, 'action': 'auto_open', 'url_regex': '/pricing',
                    'auto_open_delay': 7}),
        ]})
        url = '/livechat/init?channel=%d&url=%s'
        self.assertEqual(self.api(url % (self.channel.id, 'https://s.test/checkout'))[1]['action'],
                         'hide')
        body = self.api(url % (self.channel.id, 'https://s.test/pricing'))[1]
        self.assertEqual((body['action'], body['auto_open_delay']), ('auto_open', 7))
        self.assertEqual(self.api(url % (self.channel.id, 'https://s.test/'))[1]['action'], 'show')

    def test_nobody_online(self):
        self.set_online(self.operator, False)
        body = self.api('/livechat/init?channel=%d' % self.channel.id)[1]
        self.assertEqual((body['action'], body['available'], body['offline_form']),
                         ('show', False, True))
        self.channel.offline_form = False
        body = self.api('/livechat/init?channel=%d' % self.channel.id)[1]
        self.assertEqual(body['action'], 'hide')

    def test_operator_at_maximum_is_not_available(self):
        for _i in range(3):
            self.api('/livechat/message', {'body': 'Hi'}, self.start()['secret'])
        body = self.api('/livechat/init?channel=%d' % self.channel.id)[1]
        self.assertFalse(body['available'])

    def test_empty_sessions_do_not_count_against_the_maximum(self):
        """Anybody can start sessions without writing: they must not make the
        operator (maximum 3 here) unavailable to everyone."""
        empty = [self.start() for _i in range(5)]
        body = self.api('/livechat/init?channel=%d' % self.channel.id)[1]
        self.assertTrue(body['available'])
        self.assertEqual(self.start()['operator']['id'], self.operator.id)
        assignments = self.env['livechat.assignment'].search(
            [('session_id', 'in', [started['session'] for started in empty])])
        self.assertEqual((len(assignments), set(assignments.mapped('load'))), (5, {0}),
                         'each empty session keeps its assignment record')
        for started in empty[:3]:
            self.api('/livechat/message', {'body': 'Hi'}, started['secret'])
        body = self.api('/livechat/init?channel=%d' % self.channel.id)[1]
        self.assertFalse(body['available'], 'three sessions with a visitor message: at maximum')

    def test_unknown_archived_or_bad_channel(self):
        self.assertEqual(self.api('/livechat/init?channel=999999'),
                         (404, {'code': 'unknown_channel',
                                'message': 'This live chat channel does not exist.'}))
        self.channel.active = False
        self.assertEqual(self.api('/livechat/init?channel=%d' % self.channel.id)[1]['code'],
                         'unknown_channel')
        for bad in ['', 'abc', '-1', '1.5', '99999999999999999999', '1%27%20OR%201=1',
                    '%C2%B2', '%EF%BC%91', '%00', '2147483648']:
            status, body = self.api('/livechat/init?channel=%s' % bad)
            self.assertEqual((status, body['code']), (400, 'bad_request'), bad)

    def test_one_channel_lookup_for_the_api_and_the_pages(self):
        """The JSON API, the loader and the support page find a channel with
        livechat.channel._active_channel: an archived one is gone for each."""
        Channels = self.env['livechat.channel']
        found = Channels._active_channel(self.channel.id)
        self.assertEqual((found, found.env.uid), (self.channel, SUPERUSER_ID))
        pages = ['/livechat/support/%d' % self.channel.id,
                 '/livechat/loader/%d.js' % self.channel.id]
        # the test cursor's, a savepoint: for the requests to see the channel (see
        # VisitorApiCase.api)
        self.cr.commit()  # pylint: disable=invalid-commit
        for path in pages:
            self.assertEqual(self.url_open(path).status_code, 200, path)
        self.channel.active = False
        for channel_id in (self.channel.id, 999999999, 0):
            self.assertFalse(Channels._active_channel(channel_id), channel_id)
        self.cr.commit()  # pylint: disable=invalid-commit
        for path in pages:
            self.assertEqual(self.url_open(path).status_code, 404, path)
        status, body = self.api('/livechat/session', {'channel': self.channel.id})
        self.assertEqual((status, body['code']), (404, 'unknown_channel'))

    def test_preflight(self):
        response = self.opener.options('http://%s:%s/livechat/session' % (common.HOST, common.PORT),
                                       headers={'Origin': 'https://elsewhere.test',
                                                'Access-Control-Request-Method': 'POST'})
        self.assertEqual(response.status_code, 200)
        self.assertIn('X-Livechat-Secret', response.headers['Access-Control-Allow-Headers'])

    def test_page_view_costs_one_query(self):
        channel_model = self.env['livechat.channel']
        channel_model._page_view(self.channel.id, 'https://s.test/', None)  # fills the cache
        before = self.cr.sql_log_count
        channel_model._page_view(self.channel.id, 'https://s.test/', None)
        self.assertEqual(self.cr.sql_log_count - before, 1, 'only the availability query')

    def test_cache_follows_configuration(self):
        url = '/livechat/init?channel=%d&url=https://s.test/' % self.channel.id
        self.assertEqual(self.api(url)[1]['action'], 'show')
        self.env['livechat.channel.rule'].create({'channel_id': self.channel.id,
                                                  'action': 'notify'})
        self.assertEqual(self.api(url)[1]['action'], 'notify')
        self.channel.button_text = 'Talk to us'
        self.assertEqual(self.api(url)[1]['channel']['button_text'], 'Talk to us')


@common.at_install(False)
@common.post_install(True)
class TestChannelLanguage(VisitorApiCase):
    """The channel's texts come in the visitor's language, whoever came first
    since the configuration was cached."""

    def setUp(self):
        super().setUp()
        load_language(self, 'ja_JP')
        self.channel.write({'button_text': 'Questions?', 'welcome_message': 'Hello!'})
        self.channel.with_context(lang='ja_JP').write(
            {'button_text': 'ご質問は？', 'welcome_message': 'こんにちは！'})
        self.url = '/livechat/init?channel=%d' % self.channel.id

    def button_text(self, url, accept_language):
        status, body = self.api(url, headers={'Accept-Language': accept_language})
        self.assertEqual(status, 200, body)
        return body['channel']['button_text']

    def test_each_visitor_reads_their_language(self):
        self.assertEqual(self.button_text(self.url, 'ja,en-US;q=0.7'), 'ご質問は？')
        self.assertEqual(self.button_text(self.url, 'en-US,en;q=0.9'), 'Questions?')
        self.assertEqual(self.button_text(self.url, 'ja-JP'), 'ご質問は？')
        self.assertEqual(self.button_text(self.url, 'xx-YY, *'), 'Questions?', 'default: English')
        self.assertEqual(self.button_text(self.url + '&lang=ja', 'en'), 'ご質問は？',
                         'the lang argument first')
        status, body = self.api('/livechat/session', {'channel': self.channel.id},
                                headers={'Accept-Language': 'ja'})
        self.assertEqual((body['welcome_message'], body['channel']['button_text']),
                         ('こんにちは！', 'ご質問は？'))
        self.assertEqual(self.api('/livechat/session', {'channel': self.channel.id, 'lang': 'en'},
                                  headers={'Accept-Language': 'ja'})[1]['welcome_message'],
                         'Hello!')

    def test_bad_lang_argument(self):
        for bad in ['x' * 36]:
            status, body = self.api(self.url + '&lang=' + bad)
            self.assertEqual((status, body['code']), (400, 'bad_request'))
        for bad in [42, ['ja'], 'x' * 36]:
            status, body = self.api('/livechat/session', {'channel': self.channel.id, 'lang': bad})
            self.assertEqual((status, body['code']), (400, 'bad_request'), bad)
        self.assertFalse(self.sessions())


@common.at_install(False)
@common.post_install(True)
class TestSession(VisitorApiCase):

    def test_start_assigns_and_announces_at_the_first_message(self):
        operator_bus = bus_key([self.cr.dbname, 'res.partner', self.operator.partner_id.id])
        body = self.start(name='Ann', url='https://s.test/a', title='A')
        session = self.sessions()
        self.assertEqual(session.id, body['session'])
        self.assertEqual(body['operator'], {'id': self.operator.id, 'name': self.operator.name})
        self.assertEqual(session.visitor_name, 'Ann')
        self.assertEqual(json.loads(session.visitor_pages)[0]['url'], 'https://s.test/a')
        self.assertIn(self.operator.partner_id, session.channel_partner_ids)
        token = body['secret'].split('.', 1)[1]
        self.assertNotIn(token, session.sudo().visitor_secret_hash or '')
        assignment = self.env['livechat.assignment'].search([('session_id', '=', session.id)])
        self.assertEqual((assignment.user_id, assignment.reason), (self.operator, 'least_busy'))
        member = session.channel_last_seen_partner_ids
        # no window, no chime, nothing in Discuss while the visitor has not written
        self.assertFalse(self.env['bus.bus'].search([('channel', '=', operator_bus)]))
        self.assertEqual((member.is_pinned, member.is_minimized), (False, False))
        self.api('/livechat/page', {'url': 'https://s.test/b'}, body['secret'])
        self.assertFalse(self.env['bus.bus'].search([('channel', '=', operator_bus)]))

        self.api('/livechat/message', {'body': 'Hello?'}, body['secret'])
        announced = self.env['bus.bus'].search([('channel', '=', operator_bus)])
        self.assertEqual(len(announced), 1)
        info = json.loads(announced.message)
        self.assertEqual((info['id'], info['state'], info['is_minimized'], info['livechat_state']),
                         (session.id, 'open', True, 'open'), 'the window opens, unfolded')
        member.invalidate_cache()
        self.assertEqual((member.is_pinned, member.is_minimized), (True, True))
        message = self.env['bus.bus'].search(
            [('channel', '=', bus_key([self.cr.dbname, 'mail.channel', session.id]))])
        self.assertGreater(message.id, announced.id, 'the session is announced before its message')
        self.api('/livechat/message', {'body': 'Anyone?'}, body['secret'])
        self.assertEqual(self.env['bus.bus'].search_count([('channel', '=', operator_bus)]), 1,
                         'announced once')

    def test_previous_operator_is_preferred(self):
        other = self.make_operator('Oscar Operator', 'oscar')
        self.set_online(other)
        self.channel.write({'operator_ids': [(0, 0, {'user_id': other.id})]})
        # Olivia (lower id) now has one open session with a visitor message, Oscar none
        self.api('/livechat/message', {'body': 'Hi'}, self.start()['secret'])
        body = self.start(previous_operator=self.operator.id)
        self.assertEqual(body['operator']['id'], self.operator.id)
        self.assertEqual(self.start()['operator']['id'], other.id, 'least busy otherwise')

    def test_no_operator(self):
        self.set_online(self.operator, False)
        self.assertEqual(self.api('/livechat/session', {'channel': self.channel.id}),
                         (409, {'code': 'no_operator',
                                'message': 'No operator is available right now.'}))
        self.assertFalse(self.sessions())

    def test_bad_input_writes_nothing(self):
        cases = [
            ({'channel': 999999}, None, 404, 'unknown_channel'),
            ({}, None, 400, 'bad_request'),
            ({'channel': 'x'}, None, 400, 'bad_request'),
            ({'channel': True}, None, 400, 'bad_request'),
            ({'channel': self.channel.id, 'name': 'x' * 101}, None, 400, 'bad_request'),
            ({'channel': self.channel.id, 'name': {'$gt': ''}}, None, 400, 'bad_request'),
            (None, '{"channel": ', 400, 'invalid_json'),
            (None, '[1, 2]', 400, 'invalid_json'),
            (None, '\xff\xfe', 400, 'invalid_json'),
            (None, '[' * 60000, 400, 'invalid_json'),  # nested too deep to parse
            (None, '', 400, 'invalid_json'),
            (None, '\r', 400, 'invalid_json'),  # found by the fuzzer on /livechat/end
            (None, '{"channel": 1e999}', 400, 'bad_request'),
            (None, json.dumps({'channel': self.channel.id, 'pad': 'x' * 70000}), 413,
             'payload_too_large'),
        ]
        for data, raw, status, code in cases:
            got_status, body = self.api('/livechat/session', data, raw=raw)
            self.assertEqual((got_status, body['code']), (status, code), repr((data, raw))[:80])
            self.assertTrue(body['message'])
        status, body = self.api('/livechat/session', raw='channel=1',
                                content_type='application/x-www-form-urlencoded')
        self.assertEqual((status, body['code']), (415, 'unsupported_media_type'))
        self.assertFalse(self.sessions())

    def test_sessions_per_ip_are_rate_limited(self):
        self.env['ir.config_parameter'].set_param(
            'livechat.rate_limit.sessions_per_ip_per_minute', '2')
        self.channel.operator_ids.max_concurrent_chats = 10
        with self.rate_window_held():
            self.start()
            self.start()
            status, body = self.api('/livechat/session', {'channel': self.channel.id})
        self.assertEqual((status, body['code']), (429, 'rate_limited'))
        self.assertTrue(int(self.last_response.headers['Retry-After']) >= 1)
        self.assertEqual(len(self.sessions()), 2)


@common.at_install(False)
@common.post_install(True)
class TestConversation(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.channel.operator_ids.max_concurrent_chats = 10
        self.a = self.start(name='Ann')
        self.b = self.start(name='Ben')

    def test_messages_both_ways(self):
        status, body = self.api('/livechat/message', {'body': 'Hello <b>there</b>'},
                                self.a['secret'])
        self.assertEqual(status, 200)
        self.assertEqual((body['message']['body'], body['message']['author']),
                         ('Hello <b>there</b>', 'visitor'))
        session = self.env['mail.channel'].browse(self.a['session'])
        stored = session.message_ids.filtered(lambda m: m.message_type == 'comment')
        self.assertIn('&lt;b&gt;', stored.body, 'visitor text is stored escaped')
        session.sudo(self.operator).message_post(body='Hi Ann', message_type='comment',
                                                 subtype='mail.mt_comment')
        status, body = self.api('/livechat/poll', {'last': 0}, self.a['secret'])
        self.assertEqual([(m['author'], m['body']) for m in body['messages']],
                         [('visitor', 'Hello <b>there</b>'), ('operator', 'Hi Ann')])
        last = body['messages'][-1]['id']
        body = self.api('/livechat/history?after=%d' % last, secret=self.a['secret'])[1]
        self.assertIsInstance(body.pop('seen'), int)
        self.assertEqual(body, {'messages': [], 'more': False, 'state': 'open',
                                'operator': {'id': self.operator.id, 'name': 'Olivia Operator'}})

    def test_read_receipts(self):
        """The operator's window showed the chat: the visitor learns up to which message."""
        secret = self.a['secret']
        sent = self.api('/livechat/message', {'body': 'Anyone there?'}, secret)[1]['message']
        session = self.env['mail.channel'].browse(self.a['session'])
        self.assertEqual(self.api('/livechat/history', secret=secret)[1]['seen'], 0)
        self.assertEqual(session.sudo(self.operator).channel_seen(), sent['id'])
        self.assertEqual(self.api('/livechat/history', secret=secret)[1]['seen'], sent['id'])
        visitor_bus = bus_key(session._livechat_visitor_bus_channel())
        self.assertIn({'type': 'seen', 'id': sent['id']}, [
            json.loads(row.message) for row in self.env['bus.bus'].search(
                [('channel', '=', visitor_bus)])])
        other = self.env['mail.channel'].browse(self.b['session'])
        self.assertEqual(self.api('/livechat/history', secret=self.b['secret'])[1]['seen'], 0,
                         'another chat is not seen')
        self.assertFalse(other._livechat_operator_seen())

    def test_a_forward_names_the_new_operator_to_the_widget(self):
        colleague = self.make_operator('Bob Colleague', 'api_bob')
        self.channel.operator_ids = [(0, 0, {'user_id': colleague.id, 'max_concurrent_chats': 3})]
        self.set_online(colleague)
        secret = self.a['secret']
        sent = self.api('/livechat/message', {'body': 'A billing question'}, secret)[1]
        session = self.env['mail.channel'].browse(self.a['session'])
        session.sudo(self.operator)._livechat_forward('Bob Colleague knows billing')
        status, body = self.api('/livechat/poll', {'last': sent['message']['id']}, secret)
        self.assertEqual([m['author'] for m in body['messages']], ['system'])
        self.assertEqual(body['operator'], {'id': colleague.id, 'name': 'Bob Colleague'})
        # after a reload, the history names them
        self.assertEqual(self.api('/livechat/history', secret=secret)[1]['operator']['id'],
                         colleague.id)
        # a poll without a notice does not read the operator
        session.sudo(colleague).message_post(body='Bob here', message_type='comment',
                                             subtype='mail.mt_comment')
        body = self.api('/livechat/poll', {'last': body['messages'][-1]['id']}, secret)[1]
        self.assertEqual([m['author'] for m in body['messages']], ['operator'])
        self.assertNotIn('operator', body)

    def test_operator_message_wakes_only_that_visitor(self):
        session = self.env['mail.channel'].browse(self.a['session'])
        session.sudo(self.operator).message_post(body='Hi', message_type='comment',
                                                 subtype='mail.mt_comment')
        channel = bus_key(session._livechat_visitor_bus_channel())
        self.assertTrue(self.env['bus.bus'].search([('channel', '=', channel)]))
        other = bus_key(self.env['mail.channel'].browse(self.b['session'])
                        ._livechat_visitor_bus_channel())
        self.assertFalse(self.env['bus.bus'].search([('channel', '=', other)]))

    def test_visitor_message_wakes_the_operator_not_the_visitor(self):
        """The sender has its message in the answer: waking its own poll for it
        only cost a second round trip per message (its other tabs read it when
        the browser's storage changes, see the widget)."""
        session = self.env['mail.channel'].browse(self.a['session'])
        visitor = bus_key(session._livechat_visitor_bus_channel())
        # 0: the bus may hold nothing yet (a session is announced at its first message)
        seen = self.env['bus.bus'].search([], order='id desc', limit=1).id or 0
        status, body = self.api('/livechat/message', {'body': 'Hello'}, self.a['secret'])
        self.assertEqual(status, 200)
        channels = self.env['bus.bus'].search([('id', '>', seen)]).mapped('channel')
        self.assertIn(bus_key((self.env.cr.dbname, 'mail.channel', session.id)), channels)
        self.assertNotIn(visitor, channels)

    def test_isolation_between_sessions(self):
        self.api('/livechat/message', {'body': 'secret of Ann'}, self.a['secret'])
        token_b = self.b['secret'].split('.', 1)[1]
        forged = '%d.%s' % (self.a['session'], token_b)
        for secret in [forged, '', 'garbage', self.a['secret'] + 'x', '%d.%s' % (
                self.a['session'], 'A' * 43)]:
            for path, data in [('/livechat/poll', {'last': 0}),
                               ('/livechat/message', {'body': 'x'}),
                               ('/livechat/typing', {'typing': True}), ('/livechat/end', {}),
                               ('/livechat/rating', {'rating': 5}),
                               ('/livechat/transcript', {'email': 'ann@example.com'}),
                               ('/livechat/page', {'url': 'https://x.test'})]:
                status, body = self.api(path, data, secret)
                self.assertEqual((status, body['code']), (403, 'forbidden'), (path, secret))
                self.assertNotIn('Ann', json.dumps(body))
            status, body = self.api('/livechat/history', secret=secret)
            self.assertEqual(status, 403)
        status, body = self.api('/livechat/poll', {'last': 0})
        self.assertEqual(status, 403, 'no secret at all')
        session = self.env['mail.channel'].browse(self.a['session'])
        self.assertEqual(session.livechat_state, 'open')
        comments = session.message_ids.filtered(lambda m: m.message_type == 'comment')
        self.assertEqual(len(comments), 1)

    def test_message_bad_input(self):
        secret = self.a['secret']
        long_text = 'x' * 4001
        for data, status, code in [({'body': ''}, 400, 'empty_message'),
                                   ({'body': '   \n '}, 400, 'empty_message'),
                                   ({}, 400, 'empty_message'),
                                   ({'body': 42}, 400, 'bad_request'),
                                   ({'body': ['a']}, 400, 'bad_request'),
                                   ({'body': long_text}, 413, 'message_too_long')]:
            got, body = self.api('/livechat/message', data, secret)
            self.assertEqual((got, body['code']), (status, code), data)
        self.assertEqual(self.api('/livechat/message', {'body': 'x' * 4000}, secret)[0], 200)
        self.env['ir.config_parameter'].set_param('livechat.max_message_length', '10')
        self.assertEqual(self.api('/livechat/message', {'body': 'x' * 11}, secret)[1]['code'],
                         'message_too_long')

    def test_messages_per_session_are_rate_limited(self):
        self.env['ir.config_parameter'].set_param(
            'livechat.rate_limit.messages_per_session_per_minute', '3')
        with self.rate_window_held():
            codes = [self.api('/livechat/message', {'body': 'm%d' % i}, self.a['secret'])[0]
                     for i in range(4)]
            self.assertEqual(codes, [200, 200, 200, 429])
            self.assertEqual(self.api('/livechat/message', {'body': 'b'}, self.b['secret'])[0],
                             200)

    def test_end_then_rate(self):
        secret = self.a['secret']
        self.assertEqual(self.api('/livechat/end', {}, secret), (200, {'state': 'closed'}))
        session = self.env['mail.channel'].browse(self.a['session'])
        self.assertEqual(session.livechat_state, 'closed')
        self.assertTrue(session.livechat_closed_at)
        self.assertEqual(self.api('/livechat/message', {'body': 'late'}, secret)[1]['code'],
                         'session_closed')
        for bad in [0, 6, '5', 4.5, True, None]:
            status, body = self.api('/livechat/rating', {'rating': bad}, secret)
            self.assertEqual((status, body['code']), (400, 'bad_request'), bad)
        self.assertEqual(self.api('/livechat/rating', {'rating': 4, 'comment': 'Nice <i>'},
                                  secret)[0], 200)
        self.assertEqual((session.livechat_rating, session.livechat_rating_comment),
                         (4, 'Nice <i>'))
        self.assertIn('★★★★☆', session.message_ids[0].body, 'the operator sees the rating')
        self.assertEqual(self.api('/livechat/rating', {'rating': 1}, secret)[1]['code'],
                         'already_rated')
        self.assertEqual(session.livechat_rating, 4)

    def reply(self, started, text='Let me check.'):
        self.env['mail.channel'].browse(started['session']).sudo(self.operator).message_post(
            body=text, message_type='comment', subtype='mail.mt_comment')

    def test_transcript_once_after_the_end(self):
        secret = self.a['secret']
        self.api('/livechat/message', {'body': 'Where is my <b>parcel</b>?'}, secret)
        self.api('/livechat/message', {'body': 'Mail me at Ann@Example.com, thanks.'}, secret)
        self.reply(self.a)
        session = self.env['mail.channel'].browse(self.a['session'])
        mails = self.env['mail.mail'].sudo()
        before = mails.search_count([])
        self.assertEqual(self.api('/livechat/transcript', secret=secret), (200, {'email': None}),
                         'nothing offered before the end')
        self.assertEqual(self.api('/livechat/transcript', {'email': 'ann@example.com'},
                                  secret)[1]['code'], 'session_open')
        self.api('/livechat/end', {}, secret)
        for data in [{}, {'email': ''}, {'email': 'ann'}, {'email': 'a@b'},
                     {'email': 'ann@example.com\nBcc: x@y.test'}, {'email': ['a@b.test']},
                     {'email': 'a' * 250 + '@b.test'}]:
            status, body = self.api('/livechat/transcript', data, secret)
            self.assertEqual((status, body['code']), (400, 'bad_request'), data)
        self.assertEqual(mails.search_count([]), before, 'nothing sent for bad input')
        self.assertEqual(self.api('/livechat/transcript', secret=secret),
                         (200, {'email': 'Ann@Example.com'}))
        self.assertEqual(self.api('/livechat/transcript', {'email': 'ann@example.com'}, secret),
                         (200, {}))
        mail = mails.search([], order='id desc', limit=1)
        self.assertEqual(mail.email_to, 'ann@example.com')
        self.assertIn('Where is my &lt;b&gt;parcel&lt;/b&gt;?', mail.body_html)
        self.assertEqual(session.livechat_transcript_email, 'ann@example.com')
        self.assertEqual(session.visitor_email, 'ann@example.com')
        status, body = self.api('/livechat/transcript', {'email': 'other@example.com'}, secret)
        self.assertEqual((status, body['code']), (409, 'already_sent'))
        self.assertEqual(mails.search_count([]), before + 1, 'one transcript per session')
        self.assertEqual(self.api('/livechat/transcript', secret=secret), (200, {'email': None}))

    def test_transcript_is_no_mail_relay(self):
        """Only to an address the visitor wrote in the chat before an operator
        answered: a stranger's address, or a chat no operator answered after
        the address, gets nothing."""
        mails = self.env['mail.mail'].sudo()
        before = mails.search_count([])
        cases = [  # conversation, what the widget is offered
            ([('visitor', 'Buy cheap pills!'), ('operator', 'Sorry?')], None),
            ([('visitor', 'Cheap pills, victim@example.com')], None),
            ([('operator', 'Hello'), ('visitor', 'Pills! victim@example.com')], None),
            ([('visitor', 'me: ann@example.com'), ('operator', 'Noted')], 'ann@example.com'),
        ]
        for conversation, offered in cases:
            started = self.start(name='Mallory')
            for author, text in conversation:
                if author == 'visitor':
                    self.api('/livechat/message', {'body': text}, started['secret'])
                else:
                    self.reply(started, text)
            self.api('/livechat/end', {}, started['secret'])
            status, body = self.api('/livechat/transcript', {'email': 'victim@example.com'},
                                    started['secret'])
            self.assertEqual((status, body.get('code')), (409, 'address_not_in_chat'),
                             conversation)
            self.assertIn('operator answered', body['message'])
            self.assertEqual(self.api('/livechat/transcript', secret=started['secret']),
                             (200, {'email': offered}), conversation)
        self.assertEqual(mails.search_count([]), before, 'nothing mailed')

    def test_page_and_typing(self):
        secret = self.a['secret']
        self.assertEqual(self.api('/livechat/page', {'url': 'https://s.test/b', 'title': 'B'},
                                  secret), (200, {}))
        session = self.env['mail.channel'].browse(self.a['session'])
        self.assertEqual(session.visitor_page_url, 'https://s.test/b')
        self.assertEqual(len(json.loads(session.visitor_pages)), 1)
        self.assertEqual(self.api('/livechat/typing', {'typing': True}, secret), (200, {}))
        self.assertEqual(self.api('/livechat/typing', {'typing': 'yes'}, secret)[0], 400)
        self.assertEqual(self.api('/livechat/page', {'url': ''}, secret)[0], 400)

    def test_a_late_page_report_does_not_go_back(self):
        """The browser loaded /b after /a, but /a's report arrives last (it was cut
        off by the navigation to /b and still stored): /b stays the current page,
        and the operator hears of /b only."""
        secret = self.a['secret']
        session = self.env['mail.channel'].browse(self.a['session'])
        page = {'url': 'https://s.test/b', 'title': 'B', 'seen_at': 1796457600500}
        self.assertEqual(self.api('/livechat/page', page, secret), (200, {}))
        page = {'url': 'https://s.test/a', 'title': 'A', 'seen_at': 1796457600000}
        self.assertEqual(self.api('/livechat/page', page, secret), (200, {}))
        session.invalidate_cache()
        self.assertEqual(session.visitor_page_url, 'https://s.test/b')
        self.assertEqual([page['url'] for page in json.loads(session.visitor_pages)],
                         ['https://s.test/a', 'https://s.test/b'])
        operator_bus = bus_key(list(session._livechat_operator_bus_channel()))
        notes = [json.loads(row.message) for row in self.env['bus.bus'].search(
            [('channel', '=', operator_bus)], order='id')]
        self.assertEqual([note.get('page_url') for note in notes
                          if note.get('type') == 'visitor_update'], ['https://s.test/b'], notes)
        # wrong times are refused and change nothing
        for wrong in ['1796457601000', -1, 2 ** 53, 1.5, True, [], {}]:
            status, body = self.api('/livechat/page', {'url': 'https://s.test/c',
                                                       'seen_at': wrong}, secret)
            self.assertEqual((status, body['code']), (400, 'bad_request'), wrong)
        session.invalidate_cache()
        self.assertEqual(len(json.loads(session.visitor_pages)), 2)


@common.at_install(False)
@common.post_install(True)
class TestOffline(VisitorApiCase):

    def test_offline_message_reaches_operators(self):
        self.set_online(self.operator, False)
        status, body = self.api('/livechat/offline', {
            'channel': self.channel.id, 'name': 'Ann <script>', 'email': 'ann@example.com',
            'message': 'Call me back\nplease'})
        self.assertEqual((status, body), (200, {}))
        message = self.channel.message_ids[0]
        self.assertIn('Call me back<br>', message.body)
        self.assertNotIn('<script>', message.body)
        self.assertIn(self.operator.partner_id, message.needaction_partner_ids)

    def test_offline_mail_is_from_the_company_and_answers_the_visitor(self):
        """What the mail server would get for the operators' notification: From
        the company (not the visitor's address: spoofing, fails SPF/DMARC),
        Reply-To the visitor, a Japanese name encoded once and readable."""
        self.set_online(self.operator, False)
        self.env.user.company_id.write({'name': '株式会社テスト', 'email': 'info@company.test'})
        name = '山田 "花子"'
        status, body = self.api('/livechat/offline', {
            'channel': self.channel.id, 'name': name, 'email': 'hanako@example.jp',
            'message': 'お電話ください'})
        self.assertEqual(status, 200, body)
        message = self.channel.message_ids[0]
        self.assertNotIn('=?', message.email_from + message.reply_to, 'stored readable')
        mail = self.env['mail.mail'].sudo().search([('mail_message_id', '=', message.id)])
        self.assertEqual(mail.recipient_ids, self.operator.partner_id)
        built = self.env['ir.mail_server'].build_email(  # as mail.mail._send does
            email_from=mail.email_from, email_to=[self.operator.email], subject=mail.subject,
            body=mail.body_html, reply_to=mail.reply_to, message_id=mail.message_id,
            subtype='html')
        raw = built.as_bytes()
        self.assertTrue(raw.isascii(), 'headers encoded for the wire')
        received = email.message_from_bytes(raw, policy=email.policy.default)
        sender, = received['From'].addresses
        self.assertEqual((sender.display_name, sender.addr_spec),
                         ('株式会社テスト', 'info@company.test'))
        reply_to, = received['Reply-To'].addresses
        self.assertEqual((reply_to.display_name, reply_to.addr_spec), (name, 'hanako@example.jp'))

    def test_offline_bad_input(self):
        good = {'channel': self.channel.id, 'name': 'Ann', 'email': 'ann@example.com',
                'message': 'Hi'}
        for change, code in [({'email': 'not an email'}, 'bad_request'),
                             ({'email': 'a@b.c>\r\nBcc: x@y.z'}, 'bad_request'),
                             ({'name': ''}, 'bad_request'),
                             ({'message': ' '}, 'empty_message'),
                             ({'message': 'x' * 4001}, 'message_too_long'),
                             ({'channel': 999999}, 'unknown_channel')]:
            status, body = self.api('/livechat/offline', dict(good, **change))
            self.assertEqual(body['code'], code, change)
        self.assertFalse(self.channel.message_ids.filtered(lambda m: m.message_type == 'comment'))
