from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class LiveConfig(AppConfig):
    name = "pavilion.live"
    label = "live"

    def ready(self) -> None:
        # Each app declares its topics and commands in its own live.py (see live/registry.py).
        autodiscover_modules("live")
