"""Template tags of the events app used by the site's own templates (the header)."""

from __future__ import annotations

from django import template

from pavilion.events.organising import may_manage_events as _may_manage_events

register = template.Library()


@register.simple_tag(takes_context=True)
def may_manage_events(context: template.Context) -> bool:
    """Whether the header links the organiser area for the request's account."""
    request = context.get("request")
    return request is not None and _may_manage_events(request.user)
