"""Visitors on the site (a channel option): who they are, what a visit is,
and the secret of a chat an operator starts with one of them.

The widget keeps a random id in localStorage (never a cookie); the server
stores only its sha256, so that a copy of the database cannot pose as a
visitor and read the chats operators start with them."""
import base64
import hashlib
import hmac
import re

VISITOR_ID = re.compile(r'[0-9a-f]{32}')  # what the widget draws: 16 random bytes in hex
VISIT_GAP_MINUTES = 30  # a page view after this long away starts a new visit
HEARTBEAT_SECONDS = 60  # a waiting widget refreshes "last seen" at most this often
ONLINE_SECONDS = 150  # seen within this long: on the site now (a poll lasts 25 s)
RETENTION_DAYS = 30  # default of livechat.visitor_retention_days


def is_visitor_id(value):
    return isinstance(value, str) and bool(VISITOR_ID.fullmatch(value))


def key_of(visitor_id):
    return hashlib.sha256(visitor_id.encode('ascii')).hexdigest()


def chat_token(secret, session_id, key):
    """The token of the chat ``session_id`` an operator started with the
    visitor of ``key``, derived with the database's secret: the server hands
    it to that visitor's widget whenever it asks, in every tab, without
    keeping it. 43 characters, as logic.tokens.new_token's."""
    digest = hmac.new(secret.encode(), ('operator-chat:%d:%s' % (session_id, key)).encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode('ascii').rstrip('=')
