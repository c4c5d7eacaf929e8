"""A test server, a channel with an online operator, and a JSON client for the
public visitor API."""
import contextlib
import json
import time
import types
from unittest.mock import patch

from odoo import fields
from odoo.tests import common

from ..models import livechat_rate_counter
from ..models.mail_channel import SESSION_TYPE


class VisitorApiCase(common.HttpCase):

    def setUp(self):
        super().setUp()
        # the HTTP server works in the registry's test cursor: so do we, so that
        # what the test writes is what the requests read
        self.addCleanup(setattr, self, 'cr', self.cr)  # runs before leave_test_mode
        self.cr = self.registry.test_cr
        self.env = self.env(cr=self.cr)
        self.operator = self.make_operator('Olivia Operator', 'olivia')
        self.channel = self.env['livechat.channel'].create({
            'name': 'Support',
            'operator_ids': [(5, 0, 0), (0, 0, {'user_id': self.operator.id,
                                                'max_concurrent_chats': 3})],
        })
        self.set_online(self.operator)

    @contextlib.contextmanager
    def rate_window_held(self):
        """Limits count per clock minute: the rate counter's clock stands still
        meanwhile, so that a test's requests never straddle two windows."""
        now = time.time()
        with patch.object(livechat_rate_counter, 'time', types.SimpleNamespace(time=lambda: now)):
            yield

    def make_operator(self, name, login):
        return self.env['res.users'].with_context(no_reset_password=True).create({
            'name': name, 'login': login, 'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [self.env.ref('livechat.group_livechat_operator').id])],
        })

    def set_online(self, user, online=True):
        """Odoo 11 knows a user is connected from the bus presence it polls."""
        presence = self.env['bus.presence'].search([('user_id', '=', user.id)])
        values = {'last_poll': fields.Datetime.now() if online else '2000-01-01 00:00:00',
                  'last_presence': fields.Datetime.now(), 'status': 'online'}
        if presence:
            presence.write(values)
        else:
            self.env['bus.presence'].create(dict(values, user_id=user.id))

    def api(self, path, data=None, secret=None, method=None, raw=None,
            content_type='application/json', headers=None):
        """Call the public API; returns (status, JSON body)."""
        url = 'http://%s:%s%s' % (common.HOST, common.PORT, path)
        all_headers = {'Content-Type': content_type} if content_type else {}
        if secret is not None:
            all_headers['X-Livechat-Secret'] = secret
        all_headers.update(headers or {})
        method = method or ('GET' if data is None and raw is None else 'POST')
        body = raw if raw is not None else (json.dumps(data) if data is not None else None)
        # the test cursor rolls back to its last "commit" when a request ends:
        # move that savepoint past what the test wrote (all is rolled back at
        # the end of the test anyway)
        self.cr.commit()  # pylint: disable=invalid-commit  # the test cursor's: a savepoint
        response = self.opener.request(method, url, data=body, headers=all_headers, timeout=30)
        self.last_response = response
        self.env['res.users'].invalidate_cache()  # the request wrote behind the test's record cache
        self.assertIn('application/json', response.headers.get('Content-Type', ''),
                      'every answer of the API is JSON: %s' % response.text[:200])
        return response.status_code, response.json()

    def start(self, **visitor):
        status, body = self.api('/livechat/session', dict({'channel': self.channel.id}, **visitor))
        self.assertEqual(status, 200, body)
        return body

    def sessions(self):
        return self.env['mail.channel'].search([('channel_type', '=', SESSION_TYPE),
                                                ('chat_channel_id', '=', self.channel.id)])
