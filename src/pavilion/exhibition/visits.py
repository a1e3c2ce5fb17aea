"""What a visitor does at a booth, told to whoever keeps count.

The exhibition's pages say that a booth was visited, a product viewed or a document downloaded; the
activity log (an app above the exhibition) listens in its AppConfig.ready and writes it down. The
exhibition knows nothing of how it is counted.
"""

from __future__ import annotations

from django.dispatch import Signal
from django.http import HttpRequest

from pavilion.exhibition.models import Booth, BoothDocument, Product

BOOTH_VIEW = "booth_view"
PRODUCT_VIEW = "product_view"
DOCUMENT_DOWNLOAD = "document_download"

#: Sent with ``request``, ``kind`` (one of the names above), ``booth``, ``product``, ``document`` and
#: ``by_staff`` (whether the visitor is on the booth's staff, when the page knows; else None).
booth_activity = Signal()


def tell(
    *,
    request: HttpRequest,
    kind: str,
    booth: Booth,
    product: Product | None = None,
    document: BoothDocument | None = None,
    by_staff: bool | None = None,
) -> None:
    """Say that this request's visitor did ``kind`` at ``booth``."""
    booth_activity.send(
        sender=Booth, request=request, kind=kind, booth=booth, product=product, document=document, by_staff=by_staff
    )


def replay_note(*, kind: str, booth: Booth, product: Product | None = None) -> dict[str, object]:
    """What a page kept in the public cache says each time it is shown again to an anonymous visitor
    (core/public_cache.py): ids only, since a replay runs no request cycle and reads no database."""
    return {
        "booth_activity": {
            "kind": kind,
            "event_id": booth.event_id,
            "booth_id": booth.pk,
            "product_id": product.pk if product is not None else None,
        }
    }
