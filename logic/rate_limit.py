"""Fixed-window rate limiting: which window a moment falls in, and the answer.

The counting itself happens in PostgreSQL (``livechat.rate.counter``), so every
Odoo worker and server shares one count per key and window.
"""
from collections import namedtuple

Verdict = namedtuple('Verdict', 'allowed hits limit retry_after')


def window_of(now, period):
    """Start of the window holding ``now`` (seconds since epoch), and the
    seconds left until the next one (at least 1, for Retry-After)."""
    start = int(now // period * period)
    return start, max(1, int(start + period - now + 0.999))


def verdict(hits, limit, retry_after):
    """``hits`` counts this request too; ``limit`` <= 0 means unlimited."""
    return Verdict(limit <= 0 or hits <= limit, hits, limit, retry_after)
