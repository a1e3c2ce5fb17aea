"""Colours organisers choose (an event's accent) and the contrast WCAG 2.1 asks of them.

The accent colours links on a white page and is the background of white button text, so it must
reach 4.5:1 against white (WCAG 2.1 AA, 1.4.3) both ways; a colour that does not is refused with
the ratio it has, never silently adjusted.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: WCAG 2.1 AA for normal text.
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of a #rrggbb colour."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """The contrast ratio of two #rrggbb colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def check_accent_colour(value: str) -> str:
    """The colour as stored ("#rrggbb", lower case; "" for the default), or ValidationError saying why."""
    value = value.strip()
    if not value:
        return ""
    if not HEX_COLOUR.match(value):
        raise ValidationError(gettext("Write the colour as # and six hexadecimal digits, e.g. #0b57a4."))
    ratio = contrast_ratio(value, WHITE)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            gettext(
                "This colour has a contrast of %(ratio).2f:1 with white; text needs at least 4.5:1 "
                "(WCAG 2.1 AA). Choose a darker colour."
            )
            % {"ratio": ratio}
        )
    return value.lower()


def validate_accent_colour(value: str) -> None:
    """``check_accent_colour`` as a model field's validator."""
    check_accent_colour(value)
