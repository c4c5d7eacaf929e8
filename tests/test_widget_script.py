"""The widget as served: static/src/widget/loader.js without its comment
lines and indentation (logic/script.py), the same program."""
import os
import re
import shutil
import subprocess
import tempfile

from odoo.tests import common

from ..controllers.widget import LOADER_PATH
from ..logic.script import compact

SAMPLE = """/* A block
   comment */
const a = 1;  // kept: code before it
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

    def test_comments_and_indentation_go_templates_stay(self):
        self.assertEqual(compact(SAMPLE), """const a = 1;  // kept: code before it
if (a) {
call(`one line ${a}`);
}
const CSS = `.x{color:red}
  /* inside a template: kept */
  .y{margin:0}`;
const b = /* inline */ 2;
""")

    def test_the_real_widget_stays_the_same_program(self):
        with open(LOADER_PATH, encoding='utf-8') as handle:
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
