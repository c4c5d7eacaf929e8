"""Which channel rule applies to a page view."""
import functools

import re2

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a refused pattern is the caller's to report


@functools.lru_cache(maxsize=1024)
def _compile(pattern):
    """A rule's URL pattern compiled by RE2, whose search time grows linearly
    with the URL whatever the pattern, where Python's ``re`` backtracks (the
    visitor chooses the URL: ``^https?://[^/]+/(a+)+$`` on a few dozen ``a``
    would pin a worker for hours). RE2 refuses what it cannot run in linear
    time (backreferences, lookarounds). (compiled, None) or (None, why it is
    refused); cached either way, so a refused pattern is not tried on each view."""
    try:
        return re2.compile(pattern, _RE2_OPTIONS), None
    except re2.error as error:
        reason = error.args[0] if error.args else ''
        return None, reason.decode('utf-8', 'replace') if isinstance(reason, bytes) else str(reason)


def url_regex_error(pattern):
    """Why RE2 refuses ``pattern``, or None."""
    return _compile(pattern)[1]


def _url_matches(pattern, url):
    if not pattern:
        return True
    compiled = _compile(pattern)[0]
    # saved before RE2 checked it: a rule that cannot run matches nothing
    return bool(compiled and compiled.search(url or ''))


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
