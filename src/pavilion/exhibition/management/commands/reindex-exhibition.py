"""``pavilion reindex-exhibition``: rebuild the exhibition's search index from the booths and products."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pavilion.exhibition.models import SearchDocument
from pavilion.exhibition.search import reindex_everything


class Command(BaseCommand):
    help = (
        "Rebuild the exhibition's full-text search index (every booth and product, every language). "
        "The index is kept current on every change; run this after loading data without signals "
        "(loaddata) or after changing how search reads text. Safe to run at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = reindex_everything()
        booths = SearchDocument.objects.filter(product__isnull=True).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {written} documents ({booths} booths, {written - booths} products)."
            )
        )
