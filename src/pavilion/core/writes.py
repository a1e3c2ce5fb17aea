"""What the services that write from a dict of values share (organisers' pages and the API alike)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def check_fields(values: dict[str, Any], allowed: frozenset[str]) -> None:
    """ValidationError naming every field of ``values`` a caller may not set, before anything is written."""
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
