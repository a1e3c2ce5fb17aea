from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionConfig(AppConfig):
    name = "pavilion.exhibition"
    label = "exhibition"
    verbose_name = _("Exhibition")

    def ready(self) -> None:
        from pavilion.exhibition import signals

        signals.connect()
