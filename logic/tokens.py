"""The visitor's secret: ``<session id>.<random token>``.

Only a hash of the token is stored; comparison is constant-time.  The token has
256 bits of entropy, well above the 128 bits required.
"""
import hashlib
import hmac
import re
import secrets

SECRET_FORMAT = re.compile(r'([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{43})')
MAX_ID = 2 ** 31 - 1  # PostgreSQL integer: a larger id would be a database error


def new_token():
    return secrets.token_urlsafe(32)  # 32 bytes -> 43 characters


def hash_token(token):
    return hashlib.sha256(token.encode('ascii')).hexdigest()


def make_secret(session_id, token):
    return '%d.%s' % (session_id, token)


def parse_secret(secret):
    """(session id, token) of a well-formed secret, else None."""
    match = SECRET_FORMAT.fullmatch(secret or '')
    if not match or int(match.group(1)) > MAX_ID:
        return None
    return int(match.group(1)), match.group(2)


def token_matches(token, stored_hash):
    return bool(stored_hash) and hmac.compare_digest(hash_token(token), stored_hash)
