from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "pavilion.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from pavilion.directory import media  # noqa: F401  (registers who may fetch its files)
