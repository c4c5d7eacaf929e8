"""Which channel rule applies to a page view."""
import functools

import re2

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a refused pattern is the caller's to report


@functools.lru_cache(maxsize=1024)
def compile_url_regex(pattern):
    """A rule's URL pattern, compiled by RE2: its search time grows linearly
    with the URL whatever the pattern, where Python's ``re`` backtracks (the
    visitor chooses the URL: ``^https?://[^/]+/(a+)+$`` on a few dozen ``a``
    would pin a worker for hours). RE2 refuses what it cannot run in linear
    time (backreferences, lookarounds): raises ``re2.error``."""
    return re2.compile(pattern, _RE2_OPTIONS)


def url_regex_error(pattern):
    """Why RE2 refuses ``pattern``, or None."""
    try:
        compile_url_regex(pattern)
    except re2.error as error:
        reason = error.args[0] if error.args else ''
        return reason.decode('utf-8', 'replace') if isinstance(reason, bytes) else str(reason)
    return None


def _url_matches(pattern, url):
    if not pattern:
        return True
    if url_regex_error(pattern):
        return False  # saved before RE2 checked it: a rule that cannot run matches nothing
    return bool(compile_url_regex(pattern).search(url or ''))


def match_rule(rules, url, country_code=None):
    """First matching rule: rules naming the visitor's country first, then rules
    without country; within each group by sequence (``rules`` come in that order).

    ``rules``: iterable of dicts with ``url_regex`` (may be empty: matches every
    page) and ``countries`` (a set of ISO codes, empty: every country).
    Returns the rule dict, or None.
    """
    rules = list(rules)
    own_country = [r for r in rules if country_code and country_code in r['countries']]
    no_country = [r for r in rules if not r['countries']]
    for rule in own_country + no_country:
        if _url_matches(rule['url_regex'], url):
            return rule
    return None
