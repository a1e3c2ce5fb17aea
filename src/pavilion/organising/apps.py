from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisingConfig(AppConfig):
    """The organiser area under /<lang>/manage/: events, schedule, registrations."""

    name = "pavilion.organising"
    label = "organising"
    verbose_name = _("Organising")

    def ready(self) -> None:
        from pavilion.core.navigation import ORGANISER_PAGES, add_nav_entry

        # The organiser area's own sections; the apps above add theirs (captioners, exhibition …).
        for section, label, url_name, order in [
            ("dashboard", _("Overview"), "organising:dashboard", 10),
            ("event", _("Event details"), "organising:event_edit", 20),
            ("sessions", _("Sessions"), "organising:sessions", 30),
            ("speakers", _("Speakers"), "organising:speakers", 40),
            ("rooms", _("Rooms"), "organising:rooms", 60),
            ("themes", _("Themes"), "organising:themes", 70),
            ("subgroups", _("Sub-groups"), "organising:subgroups", 80),
            ("categories", _("Participant categories"), "organising:categories", 90),
            ("transfer", _("Import and export"), "organising:transfer", 900),
        ]:
            add_nav_entry(ORGANISER_PAGES, section, label=label, url_name=url_name, order=order)
        # Never marked current: the review page belongs to the event's pages, not the organiser area.
        add_nav_entry(
            ORGANISER_PAGES,
            "review registrations",
            label=_("Registrations"),
            url_name="accreditation:review",
            slug_kwarg="event_slug",
            order=910,
        )
