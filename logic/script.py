"""The widget as served: its source without whole-line comments and
indentation. static/src/widget/loader.js keeps its comments for its readers;
visitors download none of them. A line filter, not a parser: it relies on
the file's own layout (comments on lines of their own, multi-line template
literals holding no comment lines), which tests/test_widget_script.py checks
on the real file."""


def compact(source):
    """``source`` without lines that are only a comment (``// …``, or a
    ``/* … */`` block starting a line) and without indentation, except inside
    multi-line template literals, which are kept as they are."""
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
            lines.append(text)
        if line.count('`') % 2:
            in_template = not in_template
    return '\n'.join(lines) + '\n'
