"""The reactions attendees may send during a session, in the order the page shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Reaction:
    key: str
    symbol: str
    label: Promise


REACTIONS = (
    Reaction("applause", "👏", pgettext_lazy("reaction", "Applause")),
    Reaction("agree", "👍", pgettext_lazy("reaction", "Agree")),
    Reaction("support", "❤️", pgettext_lazy("reaction", "Support")),
    Reaction("insight", "💡", pgettext_lazy("reaction", "Insightful")),
    Reaction("thanks", "🙏", pgettext_lazy("reaction", "Thank you")),
    Reaction("surprise", "😮", pgettext_lazy("reaction", "Surprising")),
)
KEYS = tuple(reaction.key for reaction in REACTIONS)
