"""Identity a host page vouches for (identify() in the widget): the e-mail
signed with the channel's identity secret is verified, anything else is
given to the operator as unverified, and bad input changes nothing."""
from odoo.exceptions import AccessError
from odoo.tests import common

from ..logic.identity import is_signature, is_verified, sign
from .visitor_common import VisitorApiCase


class TestIdentityLogic(common.BaseCase):

    def test_sign_and_verify(self):
        signature = sign('k3y', 'ann@example.com')
        self.assertTrue(is_signature(signature))
        self.assertTrue(is_verified('k3y', 'ann@example.com', signature))
        for secret, email, wrong in (('other', 'ann@example.com', signature),
                                     ('k3y', 'Ann@example.com', signature),
                                     ('k3y', 'ann@example.com', '0' * 64),
                                     ('', 'ann@example.com', sign('', 'ann@example.com')),
                                     ('k3y', None, signature), ('k3y', 'ann@example.com', None)):
            self.assertFalse(is_verified(secret, email, wrong), (secret, email))
        for value in (signature.upper(), signature[:-1], 'g' * 64, None, 64):
            self.assertFalse(is_signature(value), value)


@common.at_install(False)
@common.post_install(True)
class TestVisitorIdentity(VisitorApiCase):

    def secret(self, channel=None):
        return (channel or self.channel).sudo().identity_secret

    def started(self, **identity):
        status, body = self.api('/livechat/session', dict({'channel': self.channel.id},
                                                          **identity))
        self.assertEqual(status, 200, body)
        return self.env['mail.channel'].browse(body['session'])

    def test_a_signed_email_is_verified_else_unverified(self):
        email = 'kenji@example.com'
        session = self.started(name='Kenji', email=email, signature=sign(self.secret(), email))
        self.assertEqual((session.visitor_name, session.visitor_email, session.visitor_verified),
                         ('Kenji', email, True))
        info = session.sudo(self.operator).livechat_visitor_info()
        self.assertEqual((info['email'], info['verified']), (email, True))
        other = self.env['livechat.channel'].create({'name': 'Other'})
        self.assertNotEqual(self.secret(other), self.secret(), 'a secret per channel')
        for identity in ({'email': email},
                         {'email': email, 'signature': sign(self.secret(other), email)},
                         {'email': 'mallory@example.com', 'signature': sign(self.secret(), email)}):
            session = self.started(**identity)
            self.assertEqual((session.visitor_email, session.visitor_verified),
                             (identity['email'], False), identity)

    def test_bad_identity_is_refused_and_writes_nothing(self):
        for identity in ({'email': 'not an address'}, {'email': ''}, {'email': 42},
                         {'email': 'a@example.com', 'signature': 'ABC'},
                         {'email': 'a@example.com', 'signature': sign(self.secret(), 'x').upper()},
                         {'email': 'a@example.com', 'signature': ['0' * 64]}):
            status, body = self.api('/livechat/session', dict({'channel': self.channel.id},
                                                              **identity))
            self.assertEqual((status, body['code']), (400, 'bad_request'), identity)
        self.assertFalse(self.sessions())

    def test_only_administrators_read_the_secret(self):
        self.assertEqual(len(self.secret()), 64)
        with self.assertRaises(AccessError):
            self.channel.sudo(self.operator).read(['identity_secret'])
        admin = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Ada Admin', 'login': 'identity_ada',
            'groups_id': [(6, 0, [self.env.ref('livechat.group_livechat_manager').id])]})
        self.assertEqual(self.channel.sudo(admin).identity_secret, self.secret())
        self.assertNotEqual(self.channel.copy().sudo().identity_secret, self.secret())

    def test_channels_from_before_get_a_secret_each(self):
        other = self.env['livechat.channel'].create({'name': 'Other'})
        self.cr.execute('UPDATE livechat_channel SET identity_secret = NULL WHERE id IN %s',
                        [(self.channel.id, other.id)])
        self.env['livechat.channel'].init()
        (self.channel | other).invalidate_cache()
        self.assertTrue(self.secret() and self.secret(other))
        self.assertNotEqual(self.secret(), self.secret(other))
