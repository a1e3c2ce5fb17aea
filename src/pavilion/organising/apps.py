from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisingConfig(AppConfig):
    """The organiser area under /<lang>/manage/: events, schedule, registrations."""

    name = "pavilion.organising"
    label = "organising"
    verbose_name = _("Organising")
