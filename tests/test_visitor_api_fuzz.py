"""Regressions found by the schemathesis runs (runtime/fuzz.py): each finding
stays here as a plain test, whatever the fuzzer's seed."""
from odoo.tests import common

from .visitor_common import VisitorApiCase


@common.at_install(False)
@common.post_install(True)
class TestFuzzRegressions(VisitorApiCase):

    def test_length_limits_count_what_was_sent(self):
        """A title of 201 characters, one of them a control character that the
        server drops, was accepted although openapi.yaml says maxLength 200."""
        title = '\x1c' + 'x' * 200
        status, body = self.api('/livechat/session', {'channel': self.channel.id, 'title': title})
        self.assertEqual((status, body['code']), (400, 'bad_request'))
        status, body = self.api('/livechat/session', {'channel': self.channel.id,
                                                      'title': title[:200]})
        self.assertEqual(status, 200, body)
        secret = body['secret']
        status, body = self.api('/livechat/message', {'body': '\x07' + 'y' * 4000}, secret)
        self.assertEqual((status, body['code']), (413, 'message_too_long'))
        self.assertEqual(self.api('/livechat/message', {'body': '\x07' + 'y' * 3999}, secret)[0],
                         200)

    def test_poll_takes_no_digits_in_a_string(self):
        """A fresh machine's run: POST /livechat/poll answered 200 to
        {"last": "5"}, which the schema says is no integer."""
        secret = self.start()['secret']
        status, body = self.api('/livechat/poll', {'last': '5'}, secret)
        self.assertEqual((status, body['code']), (400, 'bad_request'))
