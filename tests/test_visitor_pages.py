"""The pages a visitor saw (logic/pages.py): what the operator's window lists."""
import json

from odoo.tests import common

from ..logic.pages import MAX_PAGES_KEPT, add_page, read_pages


class TestVisitorPages(common.BaseCase):

    def test_nothing_stored_is_no_page(self):
        self.assertEqual(read_pages(None), [])
        self.assertEqual(read_pages(False), [])
        self.assertEqual(read_pages(''), [])
        self.assertEqual(read_pages('[]'), [])

    def test_a_page_goes_last_with_its_time(self):
        first, _current = add_page(None, 'https://s.test/a', 'A', '2026-03-02 09:00:00')
        self.assertEqual(read_pages(first), [
            {'url': 'https://s.test/a', 'title': 'A', 'at': '2026-03-02 09:00:00'}])
        both, current = add_page(first, 'https://s.test/b', None, '2026-03-02 09:01:00')
        self.assertTrue(current)
        self.assertEqual(read_pages(both), [
            {'url': 'https://s.test/a', 'title': 'A', 'at': '2026-03-02 09:00:00'},
            {'url': 'https://s.test/b', 'title': '', 'at': '2026-03-02 09:01:00'}])
        self.assertIsInstance(both, str)
        self.assertEqual(json.loads(both), read_pages(both))

    def test_the_oldest_pages_go_beyond_the_limit(self):
        pages = None
        for number in range(MAX_PAGES_KEPT + 3):
            pages = add_page(pages, 'https://s.test/%d' % number, '', 'now')[0]
        urls = [page['url'] for page in read_pages(pages)]
        self.assertEqual(len(urls), MAX_PAGES_KEPT)
        self.assertEqual(urls[0], 'https://s.test/3')
        self.assertEqual(urls[-1], 'https://s.test/%d' % (MAX_PAGES_KEPT + 2))

    def test_visitor_text_stays_as_it_came(self):
        title = '<script>alert(1)</script> "quoted" \u202e'
        self.assertEqual(read_pages(add_page(None, 'https://s.test/?q=<x>', title, 'now')[0]),
                         [{'url': 'https://s.test/?q=<x>', 'title': title, 'at': 'now'}])

    def test_a_late_report_of_an_earlier_page_does_not_go_back(self):
        """The report of page A, cut off by the navigation to B, reaches the server
        after B's: A goes before B, and B stays the current page."""
        pages, current = add_page(None, 'https://s.test/b', 'B', 't2', seen=2000)
        self.assertTrue(current)
        pages, current = add_page(pages, 'https://s.test/a', 'A', 't3', seen=1000)
        self.assertFalse(current)
        self.assertEqual([page['url'] for page in read_pages(pages)],
                         ['https://s.test/a', 'https://s.test/b'])
        pages, current = add_page(pages, 'https://s.test/c', 'C', 't4', seen=3000)
        self.assertTrue(current)
        # a report without the time (an older widget) goes last, and stays before
        # any later report that has one
        pages, current = add_page(pages, 'https://s.test/old', '', 't5')
        self.assertTrue(current)
        pages, current = add_page(pages, 'https://s.test/late', '', 't6', seen=1500)
        self.assertTrue(current)
        self.assertEqual([page['url'] for page in read_pages(pages)], [
            'https://s.test/a', 'https://s.test/b', 'https://s.test/c', 'https://s.test/old',
            'https://s.test/late'])
