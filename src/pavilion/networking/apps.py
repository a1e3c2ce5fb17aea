from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkingConfig(AppConfig):
    name = "pavilion.networking"
    label = "networking"
    verbose_name = _("Networking")

    def ready(self) -> None:
        from pavilion.core.navigation import EVENT_PAGES, ORGANISER_PAGES, add_manage_pages, add_nav_entry
        from pavilion.exhibition.access import staffs_a_booth
        from pavilion.exhibition.booth_panels import add_booth_panel
        from pavilion.networking import (
            agenda,  # noqa: F401  (adds meetings to personal agendas and feeds)
            links,  # noqa: F401  (registers the profile link)
        )
        from pavilion.networking.access import may_network

        add_nav_entry(
            EVENT_PAGES,
            "networking",
            label=_("Meet participants"),
            url_name="networking:directory",
            slug_kwarg="event_slug",
            order=45,
            visible=lambda event, user: user is not None and may_network(event=event, user=user),
        )
        # Booth staff without a registration of their own still answer their booth's requests.
        add_nav_entry(
            EVENT_PAGES,
            "booth-meetings",
            label=_("Meetings at my booth"),
            url_name="networking:meetings",
            slug_kwarg="event_slug",
            order=46,
            visible=lambda event, user: (
                user is not None and staffs_a_booth(event=event, user=user) and not may_network(event=event, user=user)
            ),
        )
        add_manage_pages("meetings/", "pavilion.networking.manage_urls")
        add_booth_panel("networking/booth_panel.html", order=50)
        add_nav_entry(ORGANISER_PAGES, "meetings", label=_("Meetings"), url_name="networking_manage:index", order=115)
