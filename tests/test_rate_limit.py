"""Rate limits count in PostgreSQL, per kind, subject and minute."""
from unittest.mock import patch

from odoo.tests import common

from ..logic.rate_limit import verdict, window_of


class TestRateLimitLogic(common.BaseCase):

    def test_window_of(self):
        self.assertEqual(window_of(120.0, 60), (120, 60))
        self.assertEqual(window_of(179.2, 60), (120, 1))
        self.assertEqual(window_of(150.5, 60), (120, 30))

    def test_verdict(self):
        self.assertTrue(verdict(3, 3, 10).allowed)
        self.assertFalse(verdict(4, 3, 10).allowed)
        self.assertTrue(verdict(1000, 0, 10).allowed, 'a limit of 0 means unlimited')


class TestRateCounter(common.TransactionCase):

    def setUp(self):
        super().setUp()
        # _hit() counts in a cursor of its own; in test mode that is the test
        # cursor, rolled back at the end like everything else
        self.registry.enter_test_mode()
        self.addCleanup(self.registry.leave_test_mode)
        self.env = self.env(cr=self.registry.test_cr)
        self.counter = self.env['livechat.rate.counter']
        self.env['ir.config_parameter'].sudo().set_param(
            'livechat.rate_limit.sessions_per_ip_per_minute', '2')

    def test_limit_reached_within_a_minute(self):
        with patch('time.time', return_value=6000.0):
            answers = [self.counter._hit('session_start', '203.0.113.7') for _i in range(3)]
        self.assertEqual([a.allowed for a in answers], [True, True, False])
        self.assertEqual(answers[-1].hits, 3)
        self.assertEqual(answers[-1].retry_after, 60)

    def test_subjects_and_windows_are_separate(self):
        with patch('time.time', return_value=6000.0):
            self.counter._hit('session_start', '203.0.113.7')
            self.counter._hit('session_start', '203.0.113.7')
            self.assertTrue(self.counter._hit('session_start', '198.51.100.1').allowed)
            self.assertTrue(self.counter._hit('message', '203.0.113.7').allowed)
        with patch('time.time', return_value=6060.0):
            self.assertTrue(self.counter._hit('session_start', '203.0.113.7').allowed)

    def test_zero_disables(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'livechat.rate_limit.sessions_per_ip_per_minute', '0')
        for _i in range(5):
            self.assertTrue(self.counter._hit('session_start', '203.0.113.7').allowed)

    def test_old_windows_are_collected(self):
        with patch('time.time', return_value=6000.0):
            self.counter._hit('message', '42')
        with patch('time.time', return_value=9000.0):
            self.counter._gc_counters()
        self.assertFalse(self.counter.search([('key', '=', 'message:42')]))
