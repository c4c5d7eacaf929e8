"""Blocking an abusive visitor: who "that visitor" is, and for how long.

A visitor is known by the address the rate limiter sees (the proxy's
X-Forwarded-For only behind a trusted proxy, as Odoo's proxy_mode gives it).
Only a keyed hash of it is stored: a plain sha256 of the 2^32 IPv4 addresses
is reversed in minutes, an HMAC with the database's secret is not.
"""
import hashlib
import hmac
import ipaddress
import re

# the /block command's durations, in hours; None: until an administrator lifts it
DURATIONS = {'1h': 1, '1d': 24, '7d': 24 * 7, '30d': 24 * 30, 'permanent': None}

_ARGUMENTS = re.compile(r'^(\S+)\s+(\S.*)$', re.S)


def visitor_key(address, secret):
    """The stored identity of the visitor at ``address``: an IPv6 visitor owns
    a whole /64 (one line, one device may change the rest at will), so the
    key is that network's; None for no or an unreadable address."""
    try:
        ip = ipaddress.ip_address((address or '').strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    subject = str(ipaddress.ip_network('%s/64' % ip, strict=False)) if ip.version == 6 \
        else str(ip)
    return hmac.new(secret.encode(), subject.encode(), hashlib.sha256).hexdigest()


def parse_block(arguments):
    """``(duration, reason)`` of "/block <duration> <reason>", the duration a
    key of DURATIONS; None when either is missing or the duration unknown."""
    match = _ARGUMENTS.match((arguments or '').strip())
    if not match or match.group(1).lower() not in DURATIONS:
        return None
    return match.group(1).lower(), ' '.join(match.group(2).split())
