"""``{% interest_widget booth %}`` / ``{% interest_widget booth product %}`` on booth and product pages,
and ``{% feedback_panel session viewer as feedback %}`` for the session page's panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from pavilion.events.access import Viewer
from pavilion.events.models import Session
from pavilion.exhibition.models import Booth, Product
from pavilion.surveys.feedback import feedback_enabled
from pavilion.surveys.models import Response, Survey, SurveyPurpose, SurveyStatus, SurveyTarget
from pavilion.surveys.widget import interest_widget as build_widget

register = template.Library()


@register.inclusion_tag("surveys/_interest_widget.html", takes_context=True)
def interest_widget(context: dict[str, Any], booth: Booth, product: Product | None = None) -> dict[str, Any]:
    """The one-tap "How interested are you?" for a booth, or for one of its products."""
    request = context["request"]
    widget = build_widget(request, booth=booth, product=product or None)
    return {"widget": widget, "request": request, "csrf_token": context.get("csrf_token"), "partial": False}


@dataclass(frozen=True)
class FeedbackPanel:
    url: str
    ends_at: datetime
    has_ended: bool
    answered: bool


@register.simple_tag
def feedback_panel(session: Session, viewer: Viewer) -> FeedbackPanel | None:
    """The "Give feedback" prompt for a signed-in viewer of the session (the page already checked they
    may see it), shown once the session has ended; None when there is nothing to offer."""
    if viewer.user is None or not feedback_enabled(event=session.event):
        return None
    survey = Survey.objects.filter(
        session=session, purpose=SurveyPurpose.FEEDBACK, target=SurveyTarget.SESSION, status=SurveyStatus.PUBLISHED
    ).first()
    answered = survey is not None and Response.objects.filter(survey=survey, respondent=viewer.user).exists()
    url = reverse("surveys_feedback:session", kwargs={"event_slug": session.event.slug, "session_slug": session.slug})
    return FeedbackPanel(
        url=url, ends_at=session.ends_at, has_ended=timezone.now() >= session.ends_at, answered=answered
    )
