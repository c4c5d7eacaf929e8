"""Which of the installed languages a visitor reads."""


def pick_language(wanted, installed, default='en_US'):
    """The installed language (Odoo's codes: ``ja_JP``) that best fits
    ``wanted``, the visitor's language tags in order of preference (``ja-JP``,
    ``ja``, ``en``): an exact match, else the first installed of the same
    language. Else ``default`` when installed, else the first installed. Only
    installed codes come out, so that what visitors send cannot multiply
    what is cached per language."""
    installed = list(installed)
    by_lower = {code.lower(): code for code in installed}
    for tag in wanted:
        tag = (tag or '').strip().replace('-', '_').lower()
        if not tag or tag == '*':
            continue
        if tag in by_lower:
            return by_lower[tag]
        base = tag.split('_')[0]
        for code in installed:
            if code.lower().split('_')[0] == base:
                return code
    if default in installed or not installed:
        return default
    return installed[0]
