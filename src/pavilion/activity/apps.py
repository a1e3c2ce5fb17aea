from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "pavilion.activity"
    label = "activity"
    verbose_name = _("Exhibition activity")

    def ready(self) -> None:
        from pavilion.activity.recorder import record_booth_activity, record_replayed
        from pavilion.core.public_cache import replay_hooks
        from pavilion.exhibition.visits import booth_activity

        # The exhibition's pages say what visitors do; the activity log counts it.
        booth_activity.connect(record_booth_activity, dispatch_uid="activity-records-booth-activity")
        # ... also when an anonymous visitor's booth or product page is replayed from the public cache.
        if record_replayed not in replay_hooks:
            replay_hooks.append(record_replayed)
