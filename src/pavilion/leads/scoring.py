"""The lead score: points per signal, each signal capped, with the reasons shown next to the score.

| Signal | Points | Cap |
|---|---|---|
| Interest (consented answers, per booth or product) | very 30, interested 20, somewhat 10, less 0 | 35 |
| Visits to the booth | 5 per visit | 25 |
| Time at the booth (named presence, minutes) | 1 per minute | 15 |
| Downloads (documents, specification sheets) | 5 per download | 15 |
| Chat (the visitor's messages in the booth conversation) | 2 per message | 10 |

The score is at most 100. Pure functions: ``score(signals)`` only computes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

INTEREST_POINTS = {5: 30, 4: 20, 3: 10, 2: 0, 1: 0}
INTEREST_CAP = 35
VISIT_POINTS, VISIT_CAP = 5, 25
MINUTE_POINTS, MINUTE_CAP = 1, 15
DOWNLOAD_POINTS, DOWNLOAD_CAP = 5, 15
MESSAGE_POINTS, MESSAGE_CAP = 2, 10


@dataclass(frozen=True)
class Signals:
    """What one visitor did at one booth. ``interest`` is (item name, level 1 to 5) per booth or product."""

    interest: tuple[tuple[str, int], ...] = ()
    visits: int = 0
    minutes: int = 0
    downloads: int = 0
    messages: int = 0


@dataclass(frozen=True)
class Score:
    points: int
    reasons: list[str] = field(default_factory=list)


def _interest_reason(name: str, level: int, points: int) -> str:
    if level == 5:
        return _("Very interested in %(name)s (+%(points)d)") % {"name": name, "points": points}
    if level == 4:
        return _("Interested in %(name)s (+%(points)d)") % {"name": name, "points": points}
    return _("Somewhat interested in %(name)s (+%(points)d)") % {"name": name, "points": points}


def score(signals: Signals) -> Score:
    """The score and its reasons (highest interest first, then visits, time, downloads, chat)."""
    reasons: list[str] = []
    total = 0
    budget = INTEREST_CAP
    for name, level in sorted(signals.interest, key=lambda item: (-item[1], item[0])):
        points = min(INTEREST_POINTS.get(level, 0), budget)
        if points <= 0:
            continue
        budget -= points
        total += points
        reasons.append(_interest_reason(name, level, points))
    if signals.visits:
        points = min(signals.visits * VISIT_POINTS, VISIT_CAP)
        total += points
        reasons.append(
            ngettext("%(count)d visit (+%(points)d)", "%(count)d visits (+%(points)d)", signals.visits)
            % {"count": signals.visits, "points": points}
        )
    if signals.minutes:
        points = min(signals.minutes * MINUTE_POINTS, MINUTE_CAP)
        total += points
        reasons.append(
            ngettext(
                "%(count)d minute at the booth (+%(points)d)",
                "%(count)d minutes at the booth (+%(points)d)",
                signals.minutes,
            )
            % {"count": signals.minutes, "points": points}
        )
    if signals.downloads:
        points = min(signals.downloads * DOWNLOAD_POINTS, DOWNLOAD_CAP)
        total += points
        reasons.append(
            ngettext("%(count)d download (+%(points)d)", "%(count)d downloads (+%(points)d)", signals.downloads)
            % {"count": signals.downloads, "points": points}
        )
    if signals.messages:
        points = min(signals.messages * MESSAGE_POINTS, MESSAGE_CAP)
        total += points
        reasons.append(
            ngettext("%(count)d chat message (+%(points)d)", "%(count)d chat messages (+%(points)d)", signals.messages)
            % {"count": signals.messages, "points": points}
        )
    return Score(points=total, reasons=reasons)
