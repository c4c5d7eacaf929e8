"""Handing a chat on: what an operator's command line says, and whom it names."""
import re

# "/forward anna billing question": a slash, a word, then its arguments. A
# path ("/usr/bin") or a lone slash is no command.
_COMMAND = re.compile(r'^/([a-z][a-z0-9_]*)(?=\s|$)\s*(.*)$', re.I | re.S)


def parse_command(text):
    """``(name, arguments)`` of a command line, the name lower-cased, or None."""
    match = _COMMAND.match((text or '').strip())
    return (match.group(1).lower(), match.group(2).strip()) if match else None


def split_target(arguments, names):
    """Whom ``arguments`` names first, and the rest (the reason): the longest
    run of leading words equal to one of ``names`` (case and a leading "@"
    ignored), so that "Anna Berg needs billing" finds "Anna Berg" before
    "Anna". Returns ``(name as given in names, rest)`` or ``(None, arguments)``."""
    known = {}
    for name in names:
        known.setdefault(' '.join(name.split()).casefold(), name)
    words = arguments.split()
    if words:
        words[0] = words[0].lstrip('@')
    for count in range(len(words), 0, -1):
        found = known.get(' '.join(words[:count]).casefold())
        if found is not None:
            return found, ' '.join(words[count:])
    return None, arguments


def unavailability(states):
    """Why an operator cannot take a chat, from their ``(maximum, load,
    connected)`` on each channel that counts: 'absent' (no such channel),
    'offline', 'full' (at maximum everywhere they are connected), or None
    when they can."""
    if not states:
        return 'absent'
    connected = [(maximum, load) for maximum, load, online in states if online]
    if not connected:
        return 'offline'
    if all(load >= maximum for maximum, load in connected):
        return 'full'
    return None
