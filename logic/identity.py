"""A visitor's identity the host page vouches for, as Chatwoot's and
Intercom's identity verification do: the site's own server signs the
visitor's e-mail with the channel's identity secret (HMAC-SHA256, in
hexadecimal) and the page passes both to the widget. Without a valid
signature the e-mail is still given to the operator, marked unverified."""
import hashlib
import hmac
import re
import secrets

SIGNATURE = re.compile(r'[0-9a-f]{64}')


def new_identity_secret():
    return secrets.token_hex(32)


def sign(secret, email):
    """What the site's server computes: HMAC-SHA256 of the e-mail exactly as
    passed to identify(), keyed with the channel's secret, in lowercase hex."""
    return hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()


def is_signature(value):
    return isinstance(value, str) and bool(SIGNATURE.fullmatch(value))


def is_verified(secret, email, signature):
    return bool(secret and email and signature) and hmac.compare_digest(
        sign(secret, email), signature)
