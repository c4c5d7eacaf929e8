"""A session's messages reach the operator's chat window by the shorter way of
models/mail_message.py, carrying exactly what Odoo's own notification would."""
import base64
import json

from .test_session_stats import SessionCase


def bus_key(channel):
    return json.dumps(channel, separators=(',', ':'))


class TestSessionBroadcast(SessionCase):

    def setUp(self):
        super().setUp()
        self.session = self.new_session()

    def broadcasts(self, message):
        """Payloads of the bus rows about ``message`` on the session's channel."""
        rows = self.env['bus.bus'].search([('channel', '=', bus_key(
            [self.cr.dbname, 'mail.channel', self.session.id]))])
        payloads = [json.loads(row.message) for row in rows]
        return [p for p in payloads if isinstance(p, dict) and p.get('id') == message.id]

    def odoo_format(self, message):
        """What Odoo's message_format gives, as it comes out of the bus."""
        message.invalidate_cache()
        return json.loads(json.dumps(message.message_format()[0]))

    def post(self, author=None, **kwargs):
        session = self.session.sudo(author) if author else self.session
        values = dict(body='<p>Hello</p>', message_type='comment', subtype='mail.mt_comment')
        if not author:
            values.update(author_id=False, email_from='Ann')
        values.update(kwargs)
        return session.message_post(**values)

    def test_visitor_and_operator_messages_carry_odoo_format(self):
        for author in (None, self.operator):
            message = self.post(author)
            self.assertEqual(self.broadcasts(message), [self.odoo_format(message)])
            self.assertEqual(message.channel_ids, self.session)
            self.assertFalse(message.needaction_partner_ids)

    def test_message_with_attachment_takes_odoo_format(self):
        attachment = self.env['ir.attachment'].create({
            'name': 'notes.txt', 'datas_fname': 'notes.txt',
            'datas': base64.b64encode(b'some notes'), 'res_model': 'mail.compose.message'})
        message = self.post(self.operator, attachment_ids=[attachment.id])
        [sent] = self.broadcasts(message)
        self.assertEqual([a['name'] for a in sent['attachment_ids']], ['notes.txt'])
        self.assertEqual(sent, self.odoo_format(message))

    def test_a_follower_of_the_session_is_notified_as_odoo_does(self):
        manager = self.env['res.users'].create({
            'name': 'Mo Manager', 'login': 'mo.manager@example.com',
            'email': 'mo.manager@example.com', 'notification_type': 'inbox',  # no e-mail from 'Ann'
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        self.session.message_subscribe(partner_ids=manager.partner_id.ids)
        message = self.post()
        self.assertEqual(message.needaction_partner_ids, manager.partner_id)
        self.assertEqual(self.broadcasts(message), [self.odoo_format(message)])

    def test_message_to_a_recipient_takes_odoo_way(self):
        """A partner named on the message makes it no plain one: Odoo notifies them."""
        partner = self.env['res.partner'].create({'name': 'Rita Recipient'})
        message = self.post(self.operator, partner_ids=[partner.id])
        [sent] = self.broadcasts(message)
        self.assertEqual(sent['partner_ids'], [[partner.id, 'Rita Recipient']])
        self.assertEqual(sent, self.odoo_format(message))

    def test_notes_are_not_broadcast(self):
        """As with Odoo: the session does not follow its internal notes."""
        message = self.session.message_post(body='internal', author_id=False,
                                            message_type='notification')
        self.assertFalse(self.broadcasts(message))
