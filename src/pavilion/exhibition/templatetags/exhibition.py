"""Template helpers of the exhibition pages."""

from __future__ import annotations

from django import template
from django_countries import countries

from pavilion.exhibition.listing import country_of
from pavilion.exhibition.models import Booth

register = template.Library()


@register.filter
def booth_country(booth: Booth) -> str:
    """The name (in the UI language) of the country or economy a booth stands for, or ""."""
    code = country_of(booth)
    return str(countries.name(code)) if code else ""
