"""Text that cannot be stored or shown: lone UTF-16 surrogates and NUL characters.

JSON may spell a character as ``\\ud83c\\udf89`` (a surrogate pair, one emoji once decoded); half a
pair, e.g. ``"\\ud800"``, decodes to a Python string that cannot be encoded as UTF-8. Stored (inside
a JSON column it survives as an escape), it makes every page that shows it fail for everyone.
Form-encoded and multipart bodies cannot carry one (Django decodes them replacing invalid bytes);
JSON can: the API's bodies, imported JSON files and live frames. ``"\u0000"`` (NUL) is refused too:
PostgreSQL cannot store it in text (Django's forms already refuse it). Each of those doors checks with
:func:`lone_surrogate_at` and refuses the input with :data:`LONE_SURROGATE_MESSAGE`.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# After decoding, a well-formed pair is one code point above U+FFFF: any surrogate left is alone.
_SURROGATE = re.compile("[\x00\ud800-\udfff]")

LONE_SURROGATE_MESSAGE = _(
    "This text contains an invalid character (a lone UTF-16 surrogate or a NUL character); remove it."
)


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds half of a surrogate pair (or a NUL character)."""
    return _SURROGATE.search(text) is not None


def lone_surrogate_at(value: object, location: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """Where in decoded JSON (keys and texts, nested) the first lone surrogate is, or None."""
    if isinstance(value, str):
        return location if has_lone_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = (*location, str(key)) if not has_lone_surrogate(str(key)) else None
            if here is None:
                return (*location, ascii(key))
            found = lone_surrogate_at(item, here)
            if found is not None:
                return found
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = lone_surrogate_at(item, (*location, str(index)))
            if found is not None:
                return found
    return None


def reject_lone_surrogates(value: object) -> None:
    """A Django validator for text fields (and values holding texts, such as translations)."""
    if lone_surrogate_at(value) is not None:
        raise ValidationError(LONE_SURROGATE_MESSAGE, code="lone_surrogate")


class LoneSurrogateError(ValueError):
    """Decoded JSON holds a lone surrogate at ``location`` (a path of keys and indexes)."""

    def __init__(self, location: tuple[str, ...]) -> None:
        super().__init__(".".join(location))
        self.location = location
