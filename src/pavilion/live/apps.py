"""The live gateway's Django app.

``ready`` imports every app's ``live`` module, where apps register their topics and commands. A
feature outside the product (the benchmark's, the tests') is an app of its own, installed by its
own settings module (bench/settings.py, tests/live/server_settings.py).
"""

from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class LiveConfig(AppConfig):
    name = "pavilion.live"
    label = "live"

    def ready(self) -> None:
        # The user:<id> topic belongs to no feature; each app declares its own topics and commands in
        # its live.py (see live/registry.py).
        import_module("pavilion.live.personal")
        import_module("pavilion.live.revocation")  # sockets end with their sign-in
        autodiscover_modules("live")
