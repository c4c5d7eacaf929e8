"""The widget as served: its source without comments and indentation.
static/src/widget/loader.js keeps its comments for its readers; visitors
download none of them. A line filter, not a parser: it relies on the file's
own layout (comments on lines of their own, or after code set off by two
spaces; multi-line template literals holding no comment lines), which
tests/test_widget_script.py checks on the real file."""
import re

# a comment after code, set off by two spaces as the house style writes them,
# or inside it ("catch { /* why */ }"); taken only after code without quotes,
# where "//" or "/*" can be nothing else
_TRAILING = re.compile(r'  (//.*|/\*[^*]*\*/)$')
_INNER = re.compile(r' /\*[^*]*\*/ ')


def _without_comments(text):
    found = _TRAILING.search(text) or _INNER.search(text)
    if not found or any(quote in text[:found.start()] for quote in '\'"`'):
        return text
    return _without_comments(text[:found.start()] + (' ' if found.re is _INNER else '')
                             + text[found.end():])


def compact(source):
    """``source`` without comments (whole lines, and those after code on lines
    without quotes) and without indentation, except inside multi-line
    template literals, which are kept as they are."""
    lines, in_comment, in_template = [], False, False
    for line in source.split('\n'):
        text = line.strip()
        if in_template:
            lines.append(line)
        elif in_comment:
            in_comment = '*/' not in text
            continue
        elif text.startswith('//'):
            continue
        elif text.startswith('/*') and ('*/' not in text or text.endswith('*/')):
            in_comment = '*/' not in text
            continue
        elif text:
            lines.append(_without_comments(text))
        if line.count('`') % 2:
            in_template = not in_template
    return '\n'.join(lines) + '\n'
