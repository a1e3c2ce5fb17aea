from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ExhibitionConfig(AppConfig):
    name = "pavilion.exhibition"
    label = "exhibition"
    verbose_name = _("Exhibition")

    def ready(self) -> None:
        from pavilion.core.navigation import EVENT_PAGES, ORGANISER_PAGES, add_manage_pages, add_nav_entry
        from pavilion.exhibition import links, media, search, signals  # noqa: F401  (links, media register themselves)

        signals.connect()
        search.connect()
        add_nav_entry(
            EVENT_PAGES,
            "exhibition",
            label=_("Exhibition"),
            url_name="exhibition:hall",
            slug_kwarg="event_slug",
            order=30,
        )
        add_nav_entry(
            EVENT_PAGES,
            "my_booths",
            label=_("My booths"),
            url_name="exhibition:my_booths",
            slug_kwarg="event_slug",
            order=45,
            visible=_staffs_a_booth,
        )
        add_manage_pages("exhibition/", "pavilion.exhibition.manage_urls")
        add_nav_entry(
            ORGANISER_PAGES, "exhibition", label=_("Exhibition"), url_name="exhibition_manage:booths", order=100
        )
        post_migrate.connect(_index_unindexed_booths, sender=self, dispatch_uid="exhibition-search-after-migrate")


def _staffs_a_booth(event: Any, user: Any) -> bool:
    """Whether "My booths" shows in the event's menu: for the staff of one of its booths (drafts too)."""
    from pavilion.exhibition.access import staffs_a_booth

    return event is not None and staffs_a_booth(event=event, user=user)


def _index_unindexed_booths(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Booths saved before the search index existed (or while its signals were off) get their documents."""
    from django.db import connections

    from pavilion.exhibition.models import Booth, SearchDocument
    from pavilion.exhibition.search import reindex_booths

    if SearchDocument._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the index existed
    missing = Booth.objects.using(using).filter(search_documents__isnull=True).values_list("pk", flat=True)
    reindex_booths(booth_ids=list(missing))
