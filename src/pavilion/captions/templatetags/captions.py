"""``{% captions_panel session viewer request as captions %}``: what the session page's captions panel shows."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.utils import translation

from pavilion.captions import services
from pavilion.captions.forms import CaptionForm
from pavilion.events.access import Viewer
from pavilion.events.models import Session
from pavilion.events.schedule import Language, language

register = template.Library()


@dataclass(frozen=True)
class CaptionsPanel:
    languages: list[Language]
    shown: Language  # the language whose lines the page shows
    lines: list[dict[str, object]]  # line_data of the shown language, oldest first
    form: CaptionForm | None  # captioners only
    captioning_languages: list[Language]
    push_language: str  # preselected in the captioner's form


def shown_language(codes: list[str], requested: str, ui_language: str) -> str:
    """The language asked for in the address (``?captions=``), else the page's language, else the first."""
    for code in (requested, ui_language):
        if code in codes:
            return code
    return codes[0]


@register.simple_tag
def captions_panel(session: Session, viewer: Viewer, request: HttpRequest) -> CaptionsPanel:
    """The shown language's recent lines and the viewer's part in the captions, in a fixed number of queries."""
    codes = services.caption_languages(session=session)
    shown = shown_language(codes, request.GET.get("captions", ""), translation.get_language() or "")
    lines = services.recent_lines(session=session, languages=[shown])[shown]
    # The viewer already knows whether they organise the event; the service looks up chairs and assignments.
    mine = services.captioning_languages(session=session, user=viewer.user, moderator=viewer.is_organiser or None)
    return CaptionsPanel(
        languages=[language(code) for code in codes],
        shown=language(shown),
        lines=[services.line_data(line) for line in lines],
        form=CaptionForm() if mine else None,
        captioning_languages=[language(code) for code in mine],
        push_language=shown if shown in mine else (mine[0] if mine else ""),
    )
