"""The plain logic behind the visitor API: secrets, rule matching, operator choice."""
import json
import os
import subprocess
import sys

from odoo.tests import common

from ..logic import rules as rules_module
from ..logic.languages import pick_language
from ..logic.operators import Candidate, pick_operator
from ..logic.rules import match_rule
from ..logic.text import emails_in, html_to_text, mail_address, text_to_html
from ..logic.tokens import hash_token, make_secret, new_token, parse_secret, token_matches


def rule(action, url_regex='', countries=()):
    return {'action': action, 'url_regex': url_regex, 'countries': frozenset(countries),
            'auto_open_delay': 0}


class TestTokens(common.BaseCase):

    def test_secret_round_trip(self):
        token = new_token()
        self.assertGreaterEqual(len(token) * 6, 128, 'at least 128 bits')
        self.assertEqual(parse_secret(make_secret(42, token)), (42, token))
        self.assertTrue(token_matches(token, hash_token(token)))
        self.assertNotEqual(hash_token(token), token, 'only the hash is stored')

    def test_tokens_differ(self):
        self.assertEqual(len({new_token() for _i in range(100)}), 100)

    def test_malformed_secrets(self):
        token = new_token()
        for secret in ['', None, token, '42', '42.', '0.%s' % token, '-1.%s' % token,
                       '42.%s!' % token[:-1], '42.%s' % token[:-1], '42.%sA' % token,
                       '1e3.%s' % token, ' 42.%s' % token, '42.%s\n' % token,
                       '2147483648.%s' % token, '999999999999999999.%s' % token]:
            self.assertIsNone(parse_secret(secret), repr(secret))

    def test_wrong_token_or_no_hash(self):
        self.assertFalse(token_matches(new_token(), hash_token(new_token())))
        self.assertFalse(token_matches(new_token(), False))


class TestMatchRule(common.BaseCase):

    def test_first_matching_by_sequence(self):
        rules = [rule('hide', r'/checkout'), rule('notify', r'/shop'), rule('show')]
        self.assertEqual(match_rule(rules, 'https://x.test/shop/item')['action'], 'notify')
        self.assertEqual(match_rule(rules, 'https://x.test/checkout')['action'], 'hide')
        self.assertEqual(match_rule(rules, 'https://x.test/')['action'], 'show')

    def test_country_rules_first(self):
        rules = [rule('show'), rule('auto_open', '', ['JP'])]
        self.assertEqual(match_rule(rules, 'https://x.test/', 'JP')['action'], 'auto_open')
        self.assertEqual(match_rule(rules, 'https://x.test/', 'FR')['action'], 'show')
        self.assertEqual(match_rule(rules, 'https://x.test/', None)['action'], 'show')

    def test_country_rule_still_needs_its_url(self):
        rules = [rule('hide', r'/jobs', ['JP']), rule('notify')]
        self.assertEqual(match_rule(rules, 'https://x.test/shop', 'JP')['action'], 'notify')
        self.assertEqual(match_rule(rules, 'https://x.test/jobs', 'JP')['action'], 'hide')

    def test_no_rule_matches(self):
        self.assertIsNone(match_rule([rule('hide', r'^https://other')], 'https://x.test/'))
        self.assertIsNone(match_rule([], 'https://x.test/'))
        self.assertIsNone(match_rule([rule('hide', '', ['JP'])], 'https://x.test/', 'FR'))


class TestRulesCannotBeSlow(common.BaseCase):
    """The visitor chooses the URL that rules are matched against."""

    def test_hostile_rule_on_a_long_url_returns(self):
        """Python's re needs about 2^n steps for this pattern on n letters
        followed by a mismatch: with this URL, longer than the universe is old.
        Matched in a subprocess with a generous bound; what is asserted is the
        answer (before RE2 the subprocess never answered)."""
        hostile = r'^https?://[^/]+/(a+)+$'
        url = 'https://shop.test/' + 'a' * 2000 + '!'
        script = (
            'import importlib.util, json, sys\n'
            'spec = importlib.util.spec_from_file_location("rules", sys.argv[1])\n'
            'rules = importlib.util.module_from_spec(spec)\n'
            'spec.loader.exec_module(rules)\n'
            'rule = {"action": "hide", "url_regex": sys.argv[2], "countries": frozenset()}\n'
            'print(json.dumps([rules.match_rule([rule], sys.argv[3]),\n'
            '                  rules.match_rule([rule], sys.argv[3][:-1])["action"]]))\n')
        result = subprocess.run(
            [sys.executable, '-c', script, os.path.abspath(rules_module.__file__), hostile, url],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(json.loads(result.stdout), [None, 'hide'], result.stderr[-500:])

    def test_patterns_re2_cannot_run(self):
        for pattern in [r'/shop(?!/cart)', r'(?<=/)shop', r'(a)\1']:
            self.assertTrue(rules_module.url_regex_error(pattern), pattern)
            # one saved before this check matches nothing, and breaks nothing
            self.assertIsNone(match_rule([rule('hide', pattern)], 'https://x.test/shop/aa'))
        self.assertIsNone(rules_module.url_regex_error(r'^https?://[^/]+/(a+)+$'))


class TestPickLanguage(common.BaseCase):

    def test_installed_languages_only(self):
        installed = ['en_US', 'fr_BE', 'fr_FR', 'ja_JP']
        self.assertEqual(pick_language(['ja-JP', 'en'], installed), 'ja_JP')
        self.assertEqual(pick_language(['JA'], installed), 'ja_JP')
        self.assertEqual(pick_language(['fr-FR'], installed), 'fr_FR')
        self.assertEqual(pick_language(['fr-CA'], installed), 'fr_BE', 'same language')
        self.assertEqual(pick_language(['de', '*', '', None, 'en-GB'], installed), 'en_US')
        self.assertEqual(pick_language(['x' * 30], installed), 'en_US')
        self.assertEqual(pick_language([], ['ja_JP', 'fr_FR']), 'ja_JP', 'no English installed')


class TestPickOperator(common.BaseCase):

    def test_least_busy(self):
        pick = pick_operator([Candidate(7, 3, 5), Candidate(8, 1, 5), Candidate(9, 2, 5)])
        self.assertEqual(pick, (8, 'least_busy'))

    def test_ties_are_repeatable(self):
        self.assertEqual(pick_operator([Candidate(9, 1, 5), Candidate(8, 1, 5)]).user_id, 8)

    def test_previous_operator_first(self):
        pick = pick_operator([Candidate(7, 4, 5), Candidate(8, 0, 5)], previous_operator_id=7)
        self.assertEqual(pick, (7, 'previous_operator'))

    def test_previous_operator_at_maximum_is_skipped(self):
        pick = pick_operator([Candidate(7, 5, 5), Candidate(8, 2, 5)], previous_operator_id=7)
        self.assertEqual(pick, (8, 'least_busy'))

    def test_never_above_maximum(self):
        self.assertIsNone(pick_operator([Candidate(7, 2, 2), Candidate(8, 3, 1)]))
        self.assertIsNone(pick_operator([]))


class TestText(common.BaseCase):

    def test_visitor_text_is_stored_escaped_and_read_back_verbatim(self):
        text = 'a <script>alert(1)</script> & "b"\nline 2'
        stored = text_to_html(text)
        self.assertNotIn('<script>', stored)
        self.assertEqual(html_to_text(stored), text)

    def test_addresses_written_in_a_message(self):
        self.assertEqual(emails_in('Mail me: Ann@Example.com. Or <b@c.de>, not x@y or @z.com'),
                         ['Ann@Example.com', 'b@c.de'])
        self.assertEqual(emails_in(''), [])

    def test_mail_address_stays_readable_and_on_one_line(self):
        self.assertEqual(mail_address('山田 花子', 'h@example.jp'), '"山田 花子" <h@example.jp>')
        self.assertEqual(mail_address('A\r\nBcc: x@y.z "q" \\', 'a@b.c'),
                         '"A Bcc: x@y.z \\"q\\" \\\\" <a@b.c>')
        self.assertEqual(mail_address('', 'a@b.c'), 'a@b.c')
