"""Which channel rule applies to a page view."""
import re


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
        if not rule['url_regex'] or re.search(rule['url_regex'], url or ''):
            return rule
    return None
