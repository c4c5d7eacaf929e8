"""The pre-chat form (a channel option): which of the visitor's name, e-mail,
phone and an answer to one free question it asks, and what a start of a
chat must then carry."""
import re

FIELDS = ('name', 'email', 'phone', 'answer')
MODES = [('off', 'Not asked'), ('optional', 'Optional'), ('required', 'Required')]
PHONE = re.compile(r'\+?[0-9(][0-9 ().-]{4,28}[0-9)]')
MAX_ANSWER = 1000


def is_phone(value):
    return isinstance(value, str) and bool(PHONE.fullmatch(value))


def kept(modes, given):
    """What the chat keeps of ``given`` (field -> text): only the fields the
    form asks, and the first required one missing (or None)."""
    values = {field: given.get(field) for field in FIELDS
              if modes.get(field, 'off') != 'off' and given.get(field)}
    missing = next((field for field in FIELDS
                    if modes.get(field) == 'required' and not values.get(field)), None)
    return values, missing
