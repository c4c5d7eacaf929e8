"""/livechat/history in pages: the latest first, then the ones before an id, so a
chat of any length is redrawn from its end with nothing skipped or shown twice;
`after` still reads forward, as the poll does."""
from odoo.tests import common

from ..models.mail_channel import HISTORY_LIMIT
from .visitor_common import VisitorApiCase


@common.at_install(False)
@common.post_install(True)
class TestHistoryPages(VisitorApiCase):

    def setUp(self):
        super().setUp()
        started = self.start(name='Ann')
        self.secret = started['secret']
        self.session = self.env['mail.channel'].browse(started['session'])

    def say(self, count):
        """``count`` messages, the visitor's and the operator's in turn; their ids."""
        ids = []
        for n in range(count):
            if n % 2:
                ids.append(self.session.sudo(self.operator).message_post(
                    body='Operator %d' % n, message_type='comment', subtype='mail.mt_comment').id)
            else:
                ids.append(self.session._livechat_post_visitor_message('Visitor %d' % n)['id'])
        return ids

    def history(self, query=''):
        status, body = self.api('/livechat/history' + query, secret=self.secret)
        self.assertEqual(status, 200, body)
        return [m['id'] for m in body['messages']], body['more']

    def test_latest_page_then_the_pages_before(self):
        ids = self.say(7)
        self.session.sudo().message_post(body='not a conversation message',
                                         message_type='notification')
        self.assertEqual(self.history('?limit=3'), (ids[4:], True))
        self.assertEqual(self.history('?before=%d&limit=3' % ids[4]), (ids[1:4], True))
        self.assertEqual(self.history('?before=%d&limit=3' % ids[1]), (ids[:1], False))
        self.assertEqual(self.history('?limit=7'), (ids, False))
        self.assertEqual(self.history(), (ids, False))
        self.assertEqual(self.history('?before=%d' % ids[0]), ([], False))

    def test_after_reads_forward_as_before(self):
        ids = self.say(7)
        self.assertEqual(self.history('?after=0&limit=3'), (ids[:3], True))
        self.assertEqual(self.history('?after=%d&limit=3' % ids[2]), (ids[3:6], True))
        self.assertEqual(self.history('?after=%d&limit=3' % ids[5]), (ids[6:], False))
        self.assertEqual(self.history('?after=%d' % ids[6]), ([], False))
        self.assertEqual(self.history('?after=%d&before=%d' % (ids[1], ids[5])), (ids[2:5], False))

    def test_a_chat_longer_than_a_page(self):
        """The widget used to redraw with ?after=0: the first 500, then nothing
        of what came between. Without `after`, the newest come back."""
        ids = self.say(HISTORY_LIMIT + 3)
        self.assertEqual(self.history(), (ids[3:], True))
        self.assertEqual(self.history('?before=%d' % ids[3]), (ids[:3], False))
        self.assertEqual(self.history('?after=0'), (ids[:HISTORY_LIMIT], True))
        status, body = self.api('/livechat/poll', {'last': ids[HISTORY_LIMIT - 1]}, self.secret)
        self.assertEqual([m['id'] for m in body['messages']], ids[HISTORY_LIMIT:])

    def test_bad_paging_input_is_refused(self):
        for query in ['?limit=0', '?limit=%d' % (HISTORY_LIMIT + 1), '?limit=-1', '?limit=abc',
                      '?before=x', '?before=-5', '?after=0&limit=0']:
            status, body = self.api('/livechat/history' + query, secret=self.secret)
            self.assertEqual((status, body['code']), (400, 'bad_request'), query)
        status, body = self.api('/livechat/history?limit=0', secret=self.secret)
        self.assertEqual(body['message'], '"limit" must be between 1 and %d.' % HISTORY_LIMIT)
