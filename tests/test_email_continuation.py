"""Continue by e-mail: an operator's message to a visitor who left goes to the
address they gave, and their e-mail answer comes back into the chat through
Odoo's mail gateway (mail.thread.message_process, what fetchmail calls)."""
import email
import email.policy
import itertools
import json
from email.message import EmailMessage

from odoo.tests import common

from .common import load_language
from .visitor_common import VisitorApiCase

ANSWERS = itertools.count()  # each answer's own Message-Id: the gateway skips one it saw


@common.at_install(False)
@common.post_install(True)
class TestEmailContinuation(VisitorApiCase):

    def setUp(self):
        super().setUp()
        self.chat = self.start(name='Ann')
        self.secret = self.chat['secret']
        self.session = self.env['mail.channel'].browse(self.chat['session'])
        self.session.sudo().visitor_email = 'Ann@Example.com'  # as identify() or the form gives it
        self.api('/livechat/message', {'body': 'Do you ship to Osaka?'}, self.secret)
        self.api('/livechat/poll', {'last': 0}, self.secret)  # the widget was there

    def left(self):
        """The widget stopped polling five minutes ago."""
        self.cr.execute("UPDATE mail_channel SET livechat_visitor_polled_at ="
                        " now() at time zone 'UTC' - interval '5 minutes' WHERE id = %s",
                        (self.session.id,))
        self.session.invalidate_cache()

    def reply(self, text):
        return self.session.sudo(self.operator).message_post(
            body='<p>%s</p>' % text, message_type='comment', subtype='mail.mt_comment')

    def mails(self):
        return self.env['mail.mail'].sudo().search([('res_id', '=', self.session.id),
                                                    ('model', '=', 'mail.channel')])

    def answer(self, to_message, text, sender='Ann <ann@example.com>', html=None):
        mail = EmailMessage()
        mail['From'] = sender
        mail['To'] = 'catchall@example.com'
        mail['Subject'] = 'Re: Your chat with Support'
        mail['Message-Id'] = '<answer-%d@mail.example.com>' % next(ANSWERS)
        mail['In-Reply-To'] = to_message
        mail['References'] = to_message
        mail.set_content(text)
        if html:
            mail.add_alternative(html, subtype='html')
        return self.env['mail.thread'].message_process(None, mail.as_string())

    def on_the_wire(self, mail):
        """The e-mail as the mail server gets it (built as mail.mail._send does)."""
        built = self.env['ir.mail_server'].build_email(
            email_from=mail.email_from, email_to=[mail.email_to], subject=mail.subject,
            body=mail.body_html, reply_to=mail.reply_to, message_id=mail.message_id,
            references=mail.references, subtype='html')
        return email.message_from_bytes(built.as_bytes(), policy=email.policy.default)

    def visitor_texts(self):
        status, body = self.api('/livechat/history', secret=self.secret)
        self.assertEqual(status, 200, body)
        return [m['body'] for m in body['messages'] if m['author'] == 'visitor']

    def test_a_reply_after_the_visitor_left_is_mailed_to_them_alone(self):
        self.reply('Let me check.')
        self.assertFalse(self.mails(), 'the visitor is still on the page: no e-mail')
        self.left()
        message = self.reply('Yes, in <b>2 days</b>.')
        mail = self.mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, 'Ann@Example.com')
        self.assertEqual(mail.mail_message_id, message, 'its Message-Id: answers come back')
        self.assertEqual(mail.subject, 'Your chat with Support')
        self.assertIn('Yes, in <b>2 days</b>.', mail.body_html)
        self.assertIn('Olivia Operator wrote in your chat', mail.body_html)
        self.assertNotIn('Osaka', mail.body_html, "the visitor's words are never mailed")
        self.assertEqual(self.mails().mapped('recipient_ids'), self.env['res.partner'])

    def test_no_mail_without_an_address_when_switched_off_or_ended(self):
        self.left()
        self.session.sudo().visitor_email = False
        self.reply('Anyone?')
        self.session.sudo().visitor_email = 'ann@example.com'
        self.channel.email_continuation = False
        self.reply('Still there?')
        self.channel.email_continuation = True
        self.session.sudo().livechat_close()
        self.assertFalse(self.mails())

    def test_the_visitor_answers_by_e_mail_into_the_same_chat(self):
        self.left()
        message = self.reply('Which size?')
        self.answer(message.message_id, 'The large one, please.\n\nOn Monday, Support wrote:\n'
                                        '> Which size?')
        self.assertEqual(self.visitor_texts(), ['Do you ship to Osaka?', 'The large one, please.'])
        posted = self.session.message_ids[0]
        self.assertFalse(posted.author_id, 'the visitor, not a partner of the address')
        self.assertEqual(posted.message_type, 'comment')

    def test_hostile_answers_change_nothing(self):
        self.left()
        message = self.reply('Which size?')
        before = self.session.message_ids
        self.answer(message.message_id, 'I am Ann, send me the invoices',
                    sender='Mallory <mallory@evil.example>')
        self.answer(message.message_id, '', html='<p></p>')
        self.assertEqual(self.session.message_ids, before, 'forged sender, empty answer: dropped')
        with self.assertRaises(ValueError):  # Odoo's gateway: no route for an unknown thread
            self.answer('<unknown-123@elsewhere.example>', 'Hello?')
        self.answer(message.message_id, 'Fine <script>alert(1)</script>',
                    html='<p>Fine <script>alert(1)</script><img src=x onerror=alert(2)></p>')
        self.assertEqual(self.visitor_texts()[-1], 'Fine')
        self.assertNotIn('<script', self.session.message_ids[0].body)
        self.session.sudo().livechat_close()
        after_end = self.session.message_ids
        self.answer(message.message_id, 'Too late?')
        self.assertEqual(self.session.message_ids, after_end, 'an ended chat takes no answer')

    def test_a_poll_notes_the_visitor_once_a_minute(self):
        self.left()
        self.api('/livechat/poll', {'last': 0}, self.secret)
        self.session.invalidate_cache()
        self.assertFalse(self.session._livechat_visitor_left())
        polled = self.session.livechat_visitor_polled_at
        self.assertFalse(self.session._livechat_visitor_polls(), 'noted less than a minute ago')
        self.session.invalidate_cache()
        self.assertEqual(self.session.livechat_visitor_polled_at, polled)

    def test_the_e_mail_comes_from_the_company_and_its_answer_comes_back(self):
        """From and Reply-To the company (its catchall when set), never the
        operator's own address; the visitor's program answers its Message-Id."""
        self.env.user.company_id.write({'name': 'ACME', 'email': 'info@acme.test'})
        params = self.env['ir.config_parameter'].sudo()
        params.set_param('mail.catchall.domain', '')
        self.left()
        self.env.user.company_id.email = False  # nor the server's sender: runtime/odoo.sh
        self.reply('Anyone?')
        self.assertFalse(self.mails(), 'no company address: no e-mail from the operator')
        self.env.user.company_id.email = 'info@acme.test'
        self.reply('Yes.')
        first = self.on_the_wire(self.mails())
        self.assertEqual([(a.display_name, a.addr_spec) for a in first['From'].addresses],
                         [('ACME', 'info@acme.test')])
        self.assertEqual([a.addr_spec for a in first['Reply-To'].addresses], ['info@acme.test'])
        self.assertEqual([a.addr_spec for a in first['To'].addresses], ['Ann@Example.com'])
        self.assertNotIn('olivia@example.com', str(first).lower(), "the operator's address")
        params.set_param('mail.catchall.alias', 'catchall')
        params.set_param('mail.catchall.domain', 'acme.test')
        self.reply('Which colour?')
        mail = self.mails().filtered(lambda m: 'colour' in m.body_html)
        wire = self.on_the_wire(mail)
        self.assertEqual([a.addr_spec for a in wire['Reply-To'].addresses],
                         ['catchall@acme.test'])
        self.assertEqual(wire['Message-Id'].strip(), mail.mail_message_id.message_id)
        self.answer(wire['Message-Id'].strip(), 'Blue.')
        self.assertEqual(self.visitor_texts()[-1], 'Blue.')

    def test_the_operator_hears_of_the_answer_and_the_widget_shows_the_exchange(self):
        self.left()
        message = self.reply('Which size?')
        bus = self.env['bus.bus'].sudo()
        before = bus.search([]).ids
        answer = 'The large one.'
        self.answer(message.message_id, answer)
        posted = self.session.message_ids[0]
        channel = json.dumps([self.cr.dbname, 'mail.channel', self.session.id],
                             separators=(',', ':'))
        payloads = [json.loads(row.message) for row in bus.search(
            [('channel', '=', channel), ('id', 'not in', before)])]
        self.assertIn(posted.id, [p.get('id') for p in payloads if isinstance(p, dict)],
                      "the operator's chat window gets it as a widget message")
        status, body = self.api('/livechat/history', secret=self.secret)
        self.assertEqual([(m['author'], m['body']) for m in body['messages']][-3:], [
            ('visitor', 'Do you ship to Osaka?'), ('operator', 'Which size?'),
            ('visitor', answer)])
        # back on the page: the next answer is no e-mail
        self.api('/livechat/poll', {'last': 0}, self.secret)
        self.session.invalidate_cache()
        self.reply('Noted.')
        self.assertEqual(len(self.mails()), 1)

    def test_the_answer_is_the_visitor_even_when_a_partner_has_the_address(self):
        """The gateway finds the partner of the sender's address: the chat
        still takes the answer as the visitor's, not as that partner's."""
        self.env['res.partner'].create({'name': 'Ann in the CRM', 'email': 'ann@example.com'})
        self.left()
        message = self.reply('Which size?')
        self.answer(message.message_id, 'Small.')
        posted = self.session.message_ids[0]
        self.assertEqual(posted.body, '<p>Small.</p>')
        self.assertFalse(posted.author_id)

    def test_an_overlong_answer_is_cut_to_the_longest_message(self):
        self.env['ir.config_parameter'].sudo().set_param('livechat.max_message_length', '20')
        self.left()
        message = self.reply('Which size?')
        self.answer(message.message_id, 'The large one, and also ' + 'x' * 100)
        self.assertEqual(self.visitor_texts()[-1], 'The large one, and a')

    def test_sender_tricks_are_not_the_visitor(self):
        self.left()
        message = self.reply('Which size?')
        before = self.session.message_ids
        for sender in ('"ann@example.com" <mallory@evil.example>',
                       'ann@example.com, mallory@evil.example',
                       'mallory@evil.example (ann@example.com)',
                       'ann@example.com.evil.example'):
            self.answer(message.message_id, 'Send the invoices to me', sender=sender)
        self.assertEqual(self.session.message_ids, before)

    def test_an_answer_to_an_old_chat_goes_nowhere(self):
        """The visitor's earlier chat ended, a new one is open with the same
        address: an answer to the old chat's e-mail lands in neither."""
        self.left()
        old = self.reply('Which size?')
        self.session.sudo().livechat_close()
        chat = self.start(name='Ann')
        new = self.env['mail.channel'].browse(chat['session'])
        new.sudo().visitor_email = 'ann@example.com'
        kept = (self.session.message_ids, new.message_ids)
        self.answer(old.message_id, 'Small.')
        self.assertEqual((self.session.message_ids, new.message_ids), kept)

    def test_a_deleted_chat_takes_no_answer_and_sends_nothing_more(self):
        self.left()
        message = self.reply('Which size?')
        mail = self.mails()
        self.assertTrue(mail)
        message_id = message.message_id
        self.session.sudo().unlink()
        self.assertFalse(mail.exists(), 'the queued e-mail goes with the chat')
        with self.assertRaises(ValueError):  # no chat of that Message-Id: no route
            self.answer(message_id, 'Small.')
        self.assertFalse(self.env['mail.message'].sudo().search([('body', 'like', 'Small.')]))

    def test_what_is_mailed_to_the_visitor_is_in_their_language(self):
        """The operator reads English; a visitor whose widget spoke Japanese gets
        their e-mails in Japanese: each reply, and the transcript."""
        load_language(self, 'ja_JP', 'ja')
        status, chat = self.api('/livechat/session', {'channel': self.channel.id, 'name': 'Aiko'},
                                headers={'Accept-Language': 'ja-JP,ja;q=0.9'})
        self.assertEqual(status, 200, chat)
        self.assertEqual(self.session.visitor_lang, 'en_US', "setUp's chat: the default")
        self.session = self.env['mail.channel'].browse(chat['session'])
        self.assertEqual(self.session.visitor_lang, 'ja_JP')
        info = self.session.sudo(self.operator).livechat_visitor_info()
        self.assertTrue(info['lang'].startswith('Japanese'), 'the operator sees it')
        self.session.sudo().visitor_email = 'aiko@example.com'
        self.api('/livechat/poll', {'last': 0}, chat['secret'])
        self.left()
        self.reply('Yes.')
        mail = self.mails()
        self.assertEqual(mail.subject, 'Supportとのチャット')
        self.assertIn('Olivia Operatorがチャットに書きました：', mail.body_html)
        self.session.sudo().livechat_close()
        transcript = self.session.sudo(self.operator).with_context(
            lang='en_US')._livechat_send_transcript('aiko@example.com')
        company = self.env.user.company_id.name
        self.assertEqual(transcript.subject, '%s とのチャットの記録' % company)
        self.assertIn('タイムゾーン', transcript.body_html)
