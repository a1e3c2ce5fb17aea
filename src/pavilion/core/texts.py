"""The checks short texts people write go through: chat lines, questions, poll questions, captions.

One rule for every door (pages, live commands): strip, refuse an empty text, refuse one over its
limit with its length in the message. The refusals are ValidationError({field: message}), rendered
in the language active when raised. Each feature passes its own words; the chat line's rules (the
session chat and booth conversations share them) are here in full.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: A chat line (the session chat, booth conversations): 1 to 500 characters.
MAX_MESSAGE_LENGTH = 500
#: At most MESSAGE_RATE_LIMIT lines per MESSAGE_RATE_WINDOW per person per conversation.
MESSAGE_RATE_LIMIT = 5
MESSAGE_RATE_WINDOW = timedelta(seconds=10)


def clean_text(
    text: str,
    *,
    limit: int,
    empty: StrOrPromise,
    too_long: StrOrPromise,
    field: str = "text",
    fold_white_space: bool = False,
) -> str:
    """The text as it will be stored (stripped; with ``fold_white_space`` every run of white space one space).

    ``too_long`` may name ``%(limit)d`` and ``%(length)d``.
    """
    text = " ".join(text.split()) if fold_white_space else text.strip()
    if not text:
        raise ValidationError({field: str(empty)})
    if len(text) > limit:
        raise ValidationError({field: str(too_long) % {"limit": limit, "length": len(text)}})
    return text


def clean_message(text: str) -> str:
    """A chat line as it will be stored, or ValidationError({"text": …})."""
    return clean_text(
        text,
        limit=MAX_MESSAGE_LENGTH,
        empty=gettext_lazy("Write a message first."),
        too_long=gettext_lazy("A message can have at most %(limit)d characters (it has %(length)d)."),
    )


def refuse_too_quick(recent: int) -> None:
    """ValidationError when someone already wrote MESSAGE_RATE_LIMIT lines within MESSAGE_RATE_WINDOW."""
    if recent >= MESSAGE_RATE_LIMIT:
        raise ValidationError(
            {"text": gettext("You are sending messages too quickly. Wait a few seconds and try again.")}
        )
