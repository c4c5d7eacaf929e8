"""Colour values of the widget: ``#RRGGBB`` only, so they can go into CSS as is."""
import re

HEX_COLOR = re.compile(r'^#[0-9a-fA-F]{6}$')


def is_hex_color(value):
    return bool(value) and bool(HEX_COLOR.fullmatch(value))
