from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "pavilion.accreditation"
    label = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self) -> None:
        # Importing the services tells events.access who is registered (registration_standing).
        from pavilion.accreditation.services import is_reviewer
        from pavilion.core.navigation import EVENT_PAGES, add_nav_entry

        add_nav_entry(
            EVENT_PAGES,
            "registrations",
            label=_("Review registrations"),
            url_name="accreditation:review",
            slug_kwarg="event_slug",
            order=50,
            visible=lambda event, user: user is not None and is_reviewer(event=event, user=user),
        )
