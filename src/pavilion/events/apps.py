from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "pavilion.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from pavilion.core.navigation import EVENT_PAGES, add_nav_entry
        from pavilion.events import media, signals  # noqa: F401  (media registers who may fetch its files)

        signals.connect()
        add_nav_entry(EVENT_PAGES, "schedule", label=_("Schedule"), url_name="events:detail", order=10)
        add_nav_entry(EVENT_PAGES, "speakers", label=_("Speakers"), url_name="events:speakers", order=20)
        add_nav_entry(EVENT_PAGES, "agenda", label=_("My agenda"), url_name="events:agenda", order=40)
