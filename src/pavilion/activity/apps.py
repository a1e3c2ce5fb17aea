from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "pavilion.activity"
    label = "activity"
    verbose_name = _("Exhibition activity")

    def ready(self) -> None:
        from pavilion.activity.recorder import record_replayed
        from pavilion.core.public_cache import replay_hooks

        # Booth and product pages replayed from the public cache still count as views.
        if record_replayed not in replay_hooks:
            replay_hooks.append(record_replayed)
