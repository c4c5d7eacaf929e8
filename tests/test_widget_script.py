"""The widget as served: static/src/widget/loader.js without its comment
lines and indentation (logic/script.py), the same program; and the window's
style, markup and forms' module (window.js) it fetches when it first opens."""
import os
import re
import shutil
import subprocess
import tempfile

from odoo.tests import common

from ..controllers.widget import LOADER, WINDOW, WINDOW_SCRIPT
from ..logic.script import compact
from ..logic.widget_texts import WIDGET_TEXTS

SAMPLE = """/* A block
   comment */
const a = 1;  // after code
const u = 'http://x';  // kept: after a quote, "//" could be in a string
  // a line comment
  /** JSDoc
   * @param x
   */
  if (a) {
    call(`one line ${a}`);
  }
const CSS = `.x{color:red}
  /* inside a template: kept */
  .y{margin:0}`;
/* one line */
const b = /* inline */ 2;
"""


class TestWidgetScript(common.BaseCase):

    def test_comments_and_indentation_go_templates_and_strings_stay(self):
        self.assertEqual(compact(SAMPLE), """const a = 1;
const u = 'http://x';  // kept: after a quote, "//" could be in a string
if (a) {
call(`one line ${a}`);
}
const CSS = `.x{color:red}
  /* inside a template: kept */
  .y{margin:0}`;
const b = 2;
""")

    def test_the_real_widget_stays_the_same_program(self):
        with open(LOADER.paths[0], encoding='utf-8') as handle:
            source = handle.read()
        served = compact(source)
        self.assertLess(len(served), len(source) * 0.8)
        # the layout the filter relies on: its templates come through whole
        for name in ('CSS', 'HTML'):
            template = re.search(r'const %s = `(.*?)`;' % name, source, re.S).group(1)
            self.assertIn(template, served, name)
        self.assertNotRegex(served, r'(?m)^(//|/\*)', 'no comment line left')
        node = shutil.which('node')
        self.assertTrue(node, 'Node.js runs the widget helpers tests: it is installed')
        with tempfile.NamedTemporaryFile('w', suffix='.js', delete=False) as handle:
            handle.write(served)
        try:
            check = subprocess.run([node, '--check', handle.name], capture_output=True,
                                   text=True)
            self.assertEqual(check.returncode, 0, check.stderr)
            # the pure helpers behave the same, loaded from the served text
            script = ('const h = require(%r); process.stdout.write(JSON.stringify('
                      '[h.slotFor([0, 3, 9], 5), h.retryDelay(2, 0.5)]))' % handle.name)
            ran = subprocess.run([node, '-e', script], capture_output=True, text=True)
            self.assertEqual(ran.stdout, '[2,4000]', ran.stderr)
        finally:
            os.unlink(handle.name)

    def test_the_window_module_stays_the_same_program(self):
        with open(WINDOW_SCRIPT.paths[0], encoding='utf-8') as handle:
            source = handle.read()
        served = WINDOW_SCRIPT.get().raw.decode('utf-8')
        self.assertEqual(served, compact(source))
        self.assertLess(len(served), len(source) * 0.9)
        self.assertNotRegex(served, r'(?m)^(//|/\*)', 'no comment line left')
        # an ES module with the one default export the loader calls
        with tempfile.NamedTemporaryFile('w', suffix='.mjs', delete=False) as handle:
            handle.write(served)
        try:
            script = ('import(%r).then(m => process.stdout.write(JSON.stringify('
                      '[Object.keys(m), typeof m.default])))' % handle.name)
            ran = subprocess.run(['node', '-e', script], capture_output=True, text=True)
            self.assertEqual(ran.stdout, '[["default"],"function"]', ran.stderr)
        finally:
            os.unlink(handle.name)


@common.at_install(False)
@common.post_install(True)
class TestWindowRoute(common.HttpCase):
    """GET /livechat/window: what the widget draws when its window first opens."""

    def get(self, query='', headers=None):
        return self.opener.get('http://%s:%s/livechat/window%s' % (common.HOST, common.PORT, query),
                               headers=headers or {}, timeout=30)

    def test_any_site_may_fetch_it_and_keep_it(self):
        response = self.get('?lang=en_US')
        self.assertEqual(response.status_code, 200)
        parts = response.json()
        css, html = WINDOW.get()['css'], WINDOW.get()['html']
        self.assertEqual((parts['css'], parts['html']), (css, html))
        self.assertIn('<section class="lc-window"', html)
        self.assertEqual(set(parts['texts']), set(WIDGET_TEXTS))
        headers = response.headers
        self.assertEqual(headers['Access-Control-Allow-Origin'], '*', 'fetched from other sites')
        self.assertEqual(headers['X-Content-Type-Options'], 'nosniff')
        self.assertEqual(headers['Content-Encoding'], 'gzip')
        self.assertNotIn('Set-Cookie', headers)
        self.assertIn('max-age', headers['Cache-Control'])
        again = self.get('?lang=en_US', {'If-None-Match': headers['ETag']})
        self.assertEqual(again.status_code, 304)

    def test_wrong_language(self):
        self.assertEqual(self.get('?lang=xx_YY').json()['texts'], WIDGET_TEXTS, 'English')
        response = self.get('?lang=' + 'x' * 40)
        self.assertEqual((response.status_code, response.json()['code']), (400, 'bad_request'))


@common.at_install(False)
@common.post_install(True)
class TestWindowScriptRoute(common.HttpCase):
    """GET /livechat/window.js: the window's forms, imported from any site."""

    def test_any_site_may_import_it_and_keep_it(self):
        url = 'http://%s:%s/livechat/window.js' % (common.HOST, common.PORT)
        response = self.opener.get(url, timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, WINDOW_SCRIPT.get().raw.decode('utf-8'))
        headers = response.headers
        self.assertEqual(headers['Content-Type'], 'text/javascript; charset=utf-8')
        self.assertEqual(headers['Access-Control-Allow-Origin'], '*', 'imported by other sites')
        self.assertEqual(headers['X-Content-Type-Options'], 'nosniff')
        self.assertEqual(headers['Content-Encoding'], 'gzip')
        self.assertNotIn('Set-Cookie', headers)
        again = self.opener.get(url, headers={'If-None-Match': headers['ETag']}, timeout=30)
        self.assertEqual(again.status_code, 304)
