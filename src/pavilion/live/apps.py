"""The live gateway's Django app.

``ready`` imports every app's ``live`` module, where apps register their topics and commands.

``PAVILION_LIVE_EXTRA_MODULES`` (default empty): comma-separated module paths imported after the
apps' ``live`` modules, for live features that are not part of an installed app. The live
benchmark uses it to load ``bench.live_feature`` into the server it starts; production leaves it
unset.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig
from django.conf import settings
from django.utils.module_loading import autodiscover_modules


class LiveConfig(AppConfig):
    name = "pavilion.live"
    label = "live"

    def ready(self) -> None:
        # The user:<id> topic belongs to no feature; each app declares its own topics and commands in
        # its live.py (see live/registry.py).
        import_module("pavilion.live.personal")
        autodiscover_modules("live")
        for module in settings.PAVILION_LIVE_EXTRA_MODULES:
            import_module(module)
