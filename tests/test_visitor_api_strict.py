"""The visitor API takes what docs/openapi.yaml says and nothing near it: JSON
integers in JSON bodies, text that is text, its methods only; its answers are
JSON, errors included; a rating comes after the end; its paths are those
the manifest declares."""
import json

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from odoo.modules.module import load_information_from_description_file
from odoo.tests import common

from ..controllers import cors
from .visitor_common import VisitorApiCase


@common.at_install(False)
@common.post_install(True)
class TestStrictInput(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.channel.operator_ids.max_concurrent_chats = 10

    def comments(self, record):
        return record.message_ids.filtered(lambda m: m.message_type == 'comment')

    def assert_refused(self, path, data, secret=None, status=400, code='bad_request'):
        got, body = self.api(path, data, secret)
        self.assertEqual((got, body.get('code')), (status, code), (path, data))
        self.assertTrue(body['message'])

    def test_json_ids_are_json_integers(self):
        """Digits in a string, a float or a boolean are no id in a JSON body:
        "last": "5" was read as 5."""
        secret = self.start()['secret']
        self.api('/livechat/message', {'body': 'first'}, secret)
        channel_id, operator_id = self.channel.id, self.operator.id
        for bad in [str(channel_id), float(channel_id), True]:
            self.assert_refused('/livechat/session', {'channel': bad})
            self.assert_refused('/livechat/offline', {'channel': bad, 'name': 'Ann',
                                                      'email': 'ann@example.com',
                                                      'message': 'Call me'})
        for bad in [str(operator_id), float(operator_id), '']:
            self.assert_refused('/livechat/session', {'channel': channel_id,
                                                      'previous_operator': bad})
        for key in ['last', 'cursor']:
            for bad in ['5', '0', 5.0, False]:
                self.assert_refused('/livechat/poll', {key: bad}, secret)
        self.assertEqual(len(self.sessions()), 1, 'no session started by a refused request')
        self.assertFalse(self.comments(self.channel), 'no offline message written')
        # JSON integers, and null for what is optional, are taken
        self.assertEqual(self.api('/livechat/poll', {'last': 0, 'cursor': None}, secret)[0], 200)
        self.start(previous_operator=operator_id)
        self.start(previous_operator=None)
        # query arguments are text: there digits are an id
        self.assertEqual(self.api('/livechat/init?channel=%d' % channel_id)[0], 200)
        self.assertEqual(self.api('/livechat/history?after=0', secret=secret)[0], 200)

    def test_rating_is_an_integer_after_the_end(self):
        body = self.start()
        secret, session = body['secret'], self.env['mail.channel'].browse(body['session'])
        self.api('/livechat/message', {'body': 'Hello'}, secret)
        self.assert_refused('/livechat/rating', {'rating': 5}, secret, 409, 'session_open')
        self.assertFalse(session.livechat_rating, 'no rating of an open chat')
        self.assertEqual(self.api('/livechat/end', {}, secret)[0], 200)
        for bad in [5.0, 4.0, '5', True]:
            self.assert_refused('/livechat/rating', {'rating': bad}, secret)
        self.assertFalse(session.livechat_rating)
        self.assertEqual(self.api('/livechat/rating', {'rating': 5}, secret), (200, {}))
        self.assertEqual(session.livechat_rating, 5)

    def test_lone_surrogates_are_refused(self):
        """"\\ud800" is valid JSON but no character: a message holding one was
        stored cut short (200), a name holding one gave a 500."""
        self.assertEqual(json.dumps({'body': 'a\ud800b'}), '{"body": "a\\ud800b"}')
        self.assert_refused('/livechat/session', {'channel': self.channel.id, 'name': 'A\udfffnn'})
        self.assert_refused('/livechat/session', {'channel': self.channel.id, 'title\ud800': 'x'})
        self.assertFalse(self.sessions())
        body = self.start(name='Ann \U0001f600')  # a pair, escaped as JSON does: a real emoji
        secret, session = body['secret'], self.env['mail.channel'].browse(body['session'])
        self.assertEqual(session.visitor_name, 'Ann \U0001f600')
        self.assert_refused('/livechat/message', {'body': 'cut \ud800 here'}, secret)
        self.assert_refused('/livechat/page', {'url': 'https://s.test/\udc00'}, secret)
        self.assertFalse(self.comments(session), 'nothing stored, not even a part')
        self.assert_refused('/livechat/offline', {'channel': self.channel.id, 'name': 'Ann',
                                                  'email': 'ann@example.com',
                                                  'message': 'call \ud83d'})
        self.assertFalse(self.comments(self.channel))
        status, body = self.api('/livechat/message', {'body': 'ok \U0001f600'}, secret)
        self.assertEqual((status, body['message']['body']), (200, 'ok \U0001f600'))


@common.at_install(False)
@common.post_install(True)
class TestAnswersAreJson(VisitorApiCase):
    """Odoo answered a wrong method or an unknown path under /livechat/ with an
    HTML page; the API's clients read JSON (the helper checks every answer is)."""

    def test_wrong_method(self):
        for path, method, allowed in [('/livechat/session', 'GET', 'POST'),
                                      ('/livechat/message', 'PUT', 'POST'),
                                      ('/livechat/init?channel=1', 'POST', 'GET')]:
            status, body = self.api(path, method=method, raw='{}')
            self.assertEqual((status, body['code']), (405, 'method_not_allowed'), path)
            self.assertIn(method, body['message'])
            self.assertIn(allowed, self.last_response.headers['Allow'])
            self.assertEqual(self.last_response.headers['Access-Control-Allow-Origin'], '*')

    def test_unknown_paths(self):
        for path, method in [('/livechat/nothing', 'GET'), ('/livechat/nothing', 'POST'),
                             ('/livechat/session/1', 'POST'), ('/livechat/loader/abc.js', 'GET')]:
            status, body = self.api(path, method=method, raw='{}')
            self.assertEqual((status, body['code']), (404, 'not_found'), path)
        self.assertFalse(self.sessions())

    def test_support_page_stays_a_page(self):
        """The direct chat link is for people: its 404 stays a page."""
        response = self.url_open('/livechat/support/999999999')
        self.assertEqual(response.status_code, 404)
        self.assertIn('text/html', response.headers['Content-Type'])


class TestPublicPaths(common.BaseCase):
    """Which paths are the public API: the manifest's ``public_json_api``, the
    one list that platform/server_tuning reads too."""

    def is_public(self, path):
        return cors.is_public_api(Request(EnvironBuilder(path=path).get_environ()))

    def test_read_from_the_manifest(self):
        declared = load_information_from_description_file('livechat')['public_json_api']
        self.assertEqual((cors.PUBLIC_PATHS, cors.EXCEPTED_PATHS),
                         (tuple(declared['paths']), tuple(declared['except'])))
        for path, public in [('/livechat/init', True), ('/livechat/support/1', True),
                             ('/livechat/operator/typing', False), ('/livechat', False),
                             ('/web/webclient/version_info', False)]:
            self.assertEqual(self.is_public(path), public, path)

    def test_follows_the_declaration(self):
        for name, value in [('PUBLIC_PATHS', ('/api/',)), ('EXCEPTED_PATHS', ('/api/rpc/',))]:
            self.addCleanup(setattr, cors, name, getattr(cors, name))
            setattr(cors, name, value)
        self.assertTrue(self.is_public('/api/message'))
        self.assertFalse(self.is_public('/api/rpc/call'))
        self.assertFalse(self.is_public('/livechat/init'))
