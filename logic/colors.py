"""Colour values of the widget: ``#RRGGBB`` only, so they can go into CSS as is, and
their contrast as WCAG 2 defines it."""
import re

HEX_COLOR = re.compile(r'^#[0-9a-fA-F]{6}$')

# WCAG 2.1 AA for normal-size text (success criterion 1.4.3)
AA_TEXT_CONTRAST = 4.5


def is_hex_color(value):
    return bool(value) and bool(HEX_COLOR.fullmatch(value))


def _linear(channel):
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color):
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first, second):
    """From 1 (same luminance) to 21 (black on white), whichever colour is the text."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
