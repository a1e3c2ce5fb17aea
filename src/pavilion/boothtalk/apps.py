from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoothTalkConfig(AppConfig):
    name = "pavilion.boothtalk"
    label = "boothtalk"
    verbose_name = _("Talking with visitors")

    def ready(self) -> None:
        from pavilion.boothtalk import links  # noqa: F401  (registers the profile link)
