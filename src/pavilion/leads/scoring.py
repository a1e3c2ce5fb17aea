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

from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

INTEREST_POINTS = {5: 30, 4: 20, 3: 10, 2: 0, 1: 0}
INTEREST_CAP = 35
#: The counted signals, in the order their reasons are shown: (field of Signals, points each, cap,
#: reason). Each reason is formatted with the count and the points it earned.
COUNTED_SIGNALS = (
    ("visits", 5, 25, ngettext_lazy("%(count)d visit (+%(points)d)", "%(count)d visits (+%(points)d)", "count")),
    (
        "minutes",
        1,
        15,
        ngettext_lazy(
            "%(count)d minute at the booth (+%(points)d)", "%(count)d minutes at the booth (+%(points)d)", "count"
        ),
    ),
    (
        "downloads",
        5,
        15,
        ngettext_lazy("%(count)d download (+%(points)d)", "%(count)d downloads (+%(points)d)", "count"),
    ),
    (
        "messages",
        2,
        10,
        ngettext_lazy("%(count)d chat message (+%(points)d)", "%(count)d chat messages (+%(points)d)", "count"),
    ),
)


@dataclass(frozen=True)
class Signals:
    """What one visitor did at one booth. ``interest`` is (item name, level 1 to 5) per booth or product."""

    interest: tuple[tuple[str, int], ...] = ()
    #: (item name, the language it is shown in) where known: a name that fell back to another
    #: language than the page's is marked with its own ``lang`` in ``Score.reasons_html``.
    name_languages: tuple[tuple[str, str], ...] = ()
    visits: int = 0
    minutes: int = 0
    downloads: int = 0
    messages: int = 0


@dataclass(frozen=True)
class Score:
    points: int
    #: Plain text, as the CSV and XLSX exports write them.
    reasons: list[str] = field(default_factory=list)
    #: The same for a page (WCAG 3.1.2): an item name in another language than the page's carries its ``lang``.
    reasons_html: list[SafeString] = field(default_factory=list)


def _interest_template(level: int) -> str:
    if level == 5:
        return _("Very interested in %(name)s (+%(points)d)")
    if level == 4:
        return _("Interested in %(name)s (+%(points)d)")
    return _("Somewhat interested in %(name)s (+%(points)d)")


def _interest_reason_html(name: str, language: str, level: int, points: int) -> SafeString:
    page = translation.get_language() or settings.LANGUAGE_CODE
    marked = conditional_escape(name)
    if language and language.split("-")[0] != page.split("-")[0]:
        marked = format_html('<span lang="{}">{}</span>', language, name)
    return mark_safe(conditional_escape(_interest_template(level)) % {"name": marked, "points": points})  # noqa: S308


def score(signals: Signals) -> Score:
    """The score and its reasons (highest interest first, then visits, time, downloads, chat)."""
    reasons: list[str] = []
    reasons_html: list[SafeString] = []
    languages = dict(signals.name_languages)
    total = 0
    budget = INTEREST_CAP
    for name, level in sorted(signals.interest, key=lambda item: (-item[1], item[0])):
        points = min(INTEREST_POINTS.get(level, 0), budget)
        if points <= 0:
            continue
        budget -= points
        total += points
        reasons.append(_interest_template(level) % {"name": name, "points": points})
        reasons_html.append(_interest_reason_html(name, languages.get(name, ""), level, points))
    for name, per, cap, reason in COUNTED_SIGNALS:
        count = getattr(signals, name)
        if count:
            points = min(count * per, cap)
            total += points
            reasons.append(reason % {"count": count, "points": points})
            reasons_html.append(conditional_escape(reasons[-1]))
    return Score(points=total, reasons=reasons, reasons_html=reasons_html)
