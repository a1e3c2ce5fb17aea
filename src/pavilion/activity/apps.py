from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "pavilion.activity"
    label = "activity"
    verbose_name = _("Exhibition activity")
