"""Make Odoo 11.0 run on CPython 3.11 without editing site-packages.

Import this module before anything imports ``odoo``.  Each block restores one
API that Python or a library removed since Odoo 11 was written; the comment
says where Odoo trips without it.  ``patch_safe_eval()`` must run after
``odoo.tools.safe_eval`` is imported (``launch.py`` does both).
"""
import ast
import base64
import collections
import collections.abc
import inspect
import resource
import sys
import threading

# 1. collections ABC aliases (removed in 3.10): tools/misc, api, models, qweb...
for _name in collections.abc.__all__:
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

# 2. inspect.getargspec / formatargspec (removed in 3.11): api, http, tools/cache.
ArgSpec = collections.namedtuple('ArgSpec', 'args varargs keywords defaults')


def getargspec(func):
    spec = inspect.getfullargspec(func)
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def formatargspec(args, varargs=None, varkw=None, defaults=None, *_ignored, **_kw):
    parts = []
    first_default = len(args) - len(defaults or ())
    for index, arg in enumerate(args):
        if index >= first_default:
            parts.append('%s=%r' % (arg, defaults[index - first_default]))
        else:
            parts.append(arg)
    if varargs:
        parts.append('*' + varargs)
    if varkw:
        parts.append('**' + varkw)
    return '(%s)' % ', '.join(parts)


if not hasattr(inspect, 'getargspec'):
    inspect.getargspec = getargspec
if not hasattr(inspect, 'formatargspec'):
    inspect.formatargspec = formatargspec

# 3. base64.encodestring / decodestring (removed in 3.9): binary fields, reports.
if not hasattr(base64, 'encodestring'):
    base64.encodestring = base64.encodebytes
    base64.decodestring = base64.decodebytes

# 4. Thread.isAlive (removed in 3.9): ThreadedServer.stop().
if not hasattr(threading.Thread, 'isAlive'):
    threading.Thread.isAlive = threading.Thread.is_alive

# 5. resource.setrlimit refuses floats (3.10): prefork workers set float limits.
_setrlimit = resource.setrlimit


def _setrlimit_int(which, limits):
    return _setrlimit(which, tuple(int(limit) for limit in limits))


resource.setrlimit = _setrlimit_int

# 6. Element.getchildren / getiterator (removed in 3.9).  The C accelerator's
# type cannot take new methods, so force the pure-Python ElementTree.
if 'xml.etree.ElementTree' not in sys.modules:
    sys.modules['_elementtree'] = None
import xml.etree.ElementTree as _ElementTree  # noqa: E402

if not hasattr(_ElementTree.Element, 'getchildren'):
    _ElementTree.Element.getchildren = lambda self: list(self)
    _ElementTree.Element.getiterator = _ElementTree.Element.iter
    _ElementTree.ElementTree.getiterator = _ElementTree.ElementTree.iter

# 7. The QWeb compiler builds ASTs the 3.5 way: no posonlyargs/type_ignores,
# Name('None'), and copied node positions that end before they start.
# QWeb always calls ast.fix_missing_locations() right before compile(), so the
# repair hooks in there.
_NAMED_CONSTANTS = {'None': None, 'True': True, 'False': False}
_fix_missing_locations = ast.fix_missing_locations


class _LegacyAstRepair(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id in _NAMED_CONSTANTS and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Constant(_NAMED_CONSTANTS[node.id]), node)
        return node

    def generic_visit(self, node):
        if isinstance(node, ast.arguments) and not hasattr(node, 'posonlyargs'):
            node.posonlyargs = []
        if isinstance(node, ast.Module) and not hasattr(node, 'type_ignores'):
            node.type_ignores = []
        return super().generic_visit(node)


def _has_inverted_range(tree):
    for node in ast.walk(tree):
        start, end = getattr(node, 'lineno', None), getattr(node, 'end_lineno', None)
        if start is not None and end is not None and end < start:
            return True
    return False


def fix_missing_locations(node):
    node = _fix_missing_locations(_LegacyAstRepair().visit(node))
    if _has_inverted_range(node):
        # positions are only used for tracebacks: flatten them all to line 1
        for child in ast.walk(node):
            if 'lineno' in child._attributes:
                child.lineno = child.end_lineno = 1
                child.col_offset = child.end_col_offset = 0
    return node


ast.fix_missing_locations = fix_missing_locations

# 9. Pillow >= 10 removed Image.ANTIALIAS and ImageDraw.textsize: tools/image, web_editor.
try:
    from PIL import Image, ImageDraw
except ImportError:  # pragma: no cover - Pillow is pinned in requirements.txt
    Image = ImageDraw = None
if Image is not None and not hasattr(Image, 'ANTIALIAS'):
    Image.ANTIALIAS = Image.LANCZOS
if ImageDraw is not None and not hasattr(ImageDraw.ImageDraw, 'textsize'):
    def _textsize(self, text, font=None, *args, **kwargs):
        left, top, right, bottom = self.textbbox((0, 0), text, font=font)
        return right - left, bottom - top
    ImageDraw.ImageDraw.textsize = _textsize

# 10. PyYAML >= 6 requires Loader=; Odoo 11 loads its own demo .yml files with
# the custom tags it registers on the default Loader.
import yaml  # noqa: E402

_yaml_load = yaml.load


def _yaml_load_default(stream, Loader=None):
    return _yaml_load(stream, Loader=Loader or yaml.Loader)


yaml.load = _yaml_load_default


# 8. safe_eval whitelists know no 3.11 bytecode.  The sets are extended in
# place so every module that imported them sees the change.
SAFE_EVAL_EXPR_OPCODES = [
    'RESUME', 'NOP', 'CACHE', 'COPY', 'SWAP', 'PUSH_NULL', 'PRECALL', 'CALL',
    'KW_NAMES', 'BINARY_OP', 'IS_OP', 'CONTAINS_OP', 'LIST_EXTEND',
    'SET_UPDATE', 'DICT_MERGE', 'DICT_UPDATE', 'LIST_TO_TUPLE',
    'FORMAT_VALUE', 'BUILD_STRING', 'RETURN_GENERATOR',
]
SAFE_EVAL_CONTROL_OPCODES = [
    'JUMP_BACKWARD', 'POP_JUMP_FORWARD_IF_TRUE', 'POP_JUMP_FORWARD_IF_FALSE',
    'POP_JUMP_FORWARD_IF_NONE', 'POP_JUMP_FORWARD_IF_NOT_NONE',
    'POP_JUMP_BACKWARD_IF_TRUE', 'POP_JUMP_BACKWARD_IF_FALSE',
    'POP_JUMP_BACKWARD_IF_NONE', 'POP_JUMP_BACKWARD_IF_NOT_NONE',
    'PUSH_EXC_INFO', 'CHECK_EXC_MATCH', 'RERAISE', 'POP_EXCEPT',
]
# Attributes that reach frames or code objects from a value the sandbox holds.
SAFE_EVAL_UNSAFE_ATTRIBUTES = [
    'f_code', 'f_back', 'f_builtins', 'f_globals', 'f_locals', 'tb_frame',
    'tb_next', 'gi_code', 'gi_frame', 'gi_yieldfrom', 'cr_code', 'cr_frame',
    'cr_await', 'ag_code', 'ag_frame', 'ag_await', 'co_code', 'func_globals',
    'func_code', 'mro', 'format_map',
]


def patch_safe_eval():
    import dis
    import importlib
    from opcode import opmap
    module = importlib.import_module('odoo.tools.safe_eval')

    def codes(names):
        return {opmap[name] for name in names if name in opmap}

    expr = codes(SAFE_EVAL_EXPR_OPCODES)
    module._EXPR_OPCODES.update(expr)
    module._SAFE_OPCODES.update(expr | codes(SAFE_EVAL_CONTROL_OPCODES))
    module._CONST_OPCODES.update(codes(['RESUME', 'NOP', 'CACHE']))
    for name in SAFE_EVAL_UNSAFE_ATTRIBUTES:
        if name not in module._UNSAFE_ATTRIBUTES:
            module._UNSAFE_ATTRIBUTES.append(name)

    # BINARY_OP also carries '@' and '@=', which Odoo never allowed.
    matmul_args = {index for index, (_name, symbol) in enumerate(dis._nb_ops)
                   if symbol in ('@', '@=')}
    check = module.assert_valid_codeobj
    if getattr(check, 'refuses_matmul', False):
        return

    def assert_valid_codeobj(allowed_codes, code_obj, expr):
        for instruction in dis.get_instructions(code_obj):
            if instruction.opname == 'BINARY_OP' and instruction.arg in matmul_args:
                raise ValueError("forbidden operator '@' in %r" % (expr,))
        return check(allowed_codes, code_obj, expr)

    assert_valid_codeobj.refuses_matmul = True
    module.assert_valid_codeobj = assert_valid_codeobj
    # QWeb imported the function by name: point it at the stricter check too.
    qweb = sys.modules.get('odoo.addons.base.ir.ir_qweb.ir_qweb')
    if qweb is not None:
        qweb.assert_valid_codeobj = assert_valid_codeobj
