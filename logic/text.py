"""Plain text in and out of mail.message bodies (HTML)."""
import html
import re

_BREAKS = re.compile(r'<br\s*/?>|</p>\s*<p[^>]*>', re.I)
_TAGS = re.compile(r'<[^>]+>')
_EMAIL = re.compile(r'^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$')


def text_to_html(text):
    """Visitor text stored as HTML that shows exactly that text."""
    return '<p>%s</p>' % html.escape(text).replace('\n', '<br>')


def html_to_text(body):
    # Odoo's composer turns some spaces into &nbsp;: plain text wants spaces
    text = html.unescape(_TAGS.sub('', _BREAKS.sub('\n', body or '')))
    return text.replace('\xa0', ' ').strip()


def clean_text(value):
    """Stripped text without control characters (newline and tab kept), or None
    when ``value`` is not a string."""
    if not isinstance(value, str):
        return None
    return ''.join(ch for ch in value if ch in '\n\t' or ch >= ' ').strip()


def is_email(text):
    """A plausible single address: enough to refuse typos and header tricks."""
    return len(text) <= 254 and bool(_EMAIL.match(text))


_EMAIL_IN_TEXT = re.compile(r'[^\s@<>"(),;:\[\]]+@[^\s@<>"(),;:\[\]]+')


def emails_in(text):
    """The plausible e-mail addresses written in ``text``, in order."""
    found = (word.rstrip('.!?') for word in _EMAIL_IN_TEXT.findall(text or ''))
    return [word for word in found if is_email(word)]


def mail_address(name, email):
    """``"name" <email>`` in plain Unicode, for a header that Odoo encodes
    when it builds the mail (RFC 2047): encoding it here too, as
    ``email.utils.formataddr`` does, leaves ``=?utf-8?b?...?=`` for people to
    read wherever the address is shown as it is stored."""
    name = ' '.join((name or '').split())  # one line: no header of its own
    if not name:
        return email
    return '"%s" <%s>' % (name.replace('\\', '\\\\').replace('"', '\\"'), email)


# where an e-mail client starts quoting the message answered
_QUOTE_STARTS = re.compile(r'^\s*(>|On .+ wrote:$|-+ ?Original Message ?-+|From: )', re.I)


def reply_text(body):
    """The new words of an e-mail answer (HTML body): its text up to the quote
    of the message it answers."""
    text = html_to_text(re.sub(r'(?is)<(blockquote|script|style)\b.*?</\1>', '', body or ''))
    lines = []
    for line in text.split('\n'):
        if _QUOTE_STARTS.match(line):
            break
        lines.append(line)
    return clean_text('\n'.join(lines))
