"""Template helpers of the exhibition pages."""

from __future__ import annotations

from django import template
from django_countries import countries

from pavilion.events.models import Event
from pavilion.exhibition.access import staffed_booths
from pavilion.exhibition.listing import country_of
from pavilion.exhibition.models import Booth

register = template.Library()


@register.filter
def booth_country(booth: Booth) -> str:
    """The name (in the UI language) of the country or economy a booth stands for, or ""."""
    code = country_of(booth)
    return str(countries.name(code)) if code else ""


@register.simple_tag(takes_context=True)
def staffs_a_booth(context: template.Context, event: Event) -> bool:
    """Whether the signed-in person staffs a booth of this event (links to "My booths")."""
    request = context.get("request")  # absent in fragments rendered for the shared cache
    if request is None or not request.user.is_authenticated:
        return False
    return staffed_booths(event=event, user=request.user).exists()
