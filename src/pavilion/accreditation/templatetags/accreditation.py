from __future__ import annotations

from django import template

from pavilion.accreditation.services import is_reviewer
from pavilion.events.models import Event

register = template.Library()


@register.simple_tag(takes_context=True)
def may_review_registrations(context: template.Context, event: Event) -> bool:
    """Whether the signed-in person is an organiser or a focal point of the event (links to the review page)."""
    request = context.get("request")  # absent in fragments rendered for the shared cache
    if request is None or not request.user.is_authenticated:
        return False
    return is_reviewer(event=event, user=request.user)
