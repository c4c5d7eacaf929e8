"""The runtime under every addon (runtime/odoo_compat.py, runtime/setup.sh):
the sandbox stays shut, pages carry their CSS."""
import re

from odoo.tests import common
from odoo.tools.safe_eval import _SAFE_OPCODES, safe_eval, test_expr


class TestSafeEvalStaysShut(common.TransactionCase):
    """The compatibility layer widened safe_eval's opcode list for Python 3.11;
    these expressions must still be refused."""

    def assertRefused(self, expr, mode='eval'):
        # test_expr is safe_eval's static check: a refusal here cannot come
        # from a name that merely happens to be undefined at run time
        with self.assertRaises((ValueError, NameError), msg=expr):
            test_expr(expr, _SAFE_OPCODES, mode=mode)

    def test_import_builtin(self):
        self.assertRefused("__import__('os').system('true')")

    def test_dunder_attributes(self):
        self.assertRefused("().__class__")
        self.assertRefused("().__class__.__bases__[0].__subclasses__()")
        self.assertRefused("(lambda: 0).__globals__")

    def test_frame_and_code_attributes(self):
        self.assertRefused("(x for x in []).gi_frame")
        self.assertRefused("(x for x in []).gi_code")
        self.assertRefused("int.mro()")

    def test_import_statement(self):
        self.assertRefused("import os", mode='exec')
        self.assertRefused("from os import system", mode='exec')

    def test_matrix_multiply(self):
        self.assertRefused("a @ b")
        self.assertRefused("a = 1\na @= 2", mode='exec')
        with self.assertRaisesRegex(ValueError, "'@'"):
            safe_eval("a @ b", {'a': 1, 'b': 2})

    def test_closures_and_with(self):
        self.assertRefused("def f():\n    x = 1\n    return lambda: x\n", mode='exec')
        self.assertRefused("with open('/etc/passwd') as f:\n    pass\n", mode='exec')

    def test_everyday_expressions_still_work(self):
        self.assertEqual(safe_eval("[('a', '=', x)] + [1 for y in range(2)]", {'x': 3}),
                         [('a', '=', 3), 1, 1])
        self.assertEqual(safe_eval("'%s-%s' % (a, b) if a is not None else ''",
                                   {'a': 1, 'b': 2}), '1-2')
        self.assertEqual(safe_eval("f(*[1], **{'b': 2})", {'f': lambda a, b: a + b}), 3)
        self.assertTrue(safe_eval("x in (1, 2) and y not in [3]", {'x': 1, 'y': 4}))


@common.at_install(False)
@common.post_install(True)
class TestPagesCarryStylesheets(common.HttpCase):

    def assertPageWithStylesheet(self, url):
        page = self.url_open(url, timeout=120)  # may build the asset bundles
        self.assertEqual(page.status_code, 200, url)
        sheets = re.findall(r'<link[^>]+href="(/web/content/[^"]+\.css)"', page.text)
        self.assertTrue(sheets, 'no compiled stylesheet linked from %s' % url)
        css = self.url_open(sheets[-1], timeout=120)
        self.assertEqual(css.status_code, 200)
        # compiled LESS, not the error stylesheet Odoo serves when lessc is missing
        self.assertGreater(len(css.content), 10000)
        self.assertNotIn(b'Could not execute command', css.content)

    def test_login_page(self):
        self.assertPageWithStylesheet('/web/login')

    def test_website_home(self):
        self.assertPageWithStylesheet('/')
