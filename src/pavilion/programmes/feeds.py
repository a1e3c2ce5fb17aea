"""Atom feeds of a programme's public documents. Feed readers send no session cookie, so a feed
carries exactly what an anonymous visitor may see (``programmes.access`` with no account)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from pavilion.programmes.access import get_visible_programme, listed_documents, viewer_for
from pavilion.programmes.models import Document, Programme


class DocumentFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Programme:
        return get_visible_programme(slug=slug, user=None)

    def title(self, obj: Programme) -> str:
        return _("Documents of %(programme)s") % {"programme": obj}

    def link(self, obj: Programme) -> str:
        return reverse("programmes:documents", kwargs={"slug": obj.slug})

    def items(self, obj: Programme) -> list[Document]:
        documents = listed_documents(programme=obj, viewer=viewer_for(programme=obj, user=None))
        return list(documents.select_related("organisation", "programme")[:50])

    def item_title(self, item: Document) -> str:
        return f"{item.number} {item.title}"

    def item_description(self, item: Document) -> str:
        return f"{item.get_kind_display()} · {item.source_name}"

    def item_link(self, item: Document) -> str:
        return reverse("programmes:document", kwargs={"slug": item.programme.slug, "pk": item.pk})

    def item_pubdate(self, item: Document) -> datetime:
        return item.created_at
