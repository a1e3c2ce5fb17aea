"""Visitors' exhibition pages: the 2D hall with its filters, booth and product pages, and downloads.

Thin: what a person may see comes from ``events.access`` (the event, the sessions a demo links to)
and ``exhibition.access`` (the booths). Anything unseen answers 404. Anonymous visitors of the hall
share a cached copy (``core.public_cache``), retired by any change to the exhibition.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from pavilion.core.public_cache import remember
from pavilion.events.access import get_visible_event, is_organiser, viewer_for, visible_sessions
from pavilion.exhibition import visits
from pavilion.exhibition.access import get_visible_booth, is_booth_staff
from pavilion.exhibition.booth_panels import booth_panels
from pavilion.exhibition.listing import ExhibitionFilters, country_of, exhibition_listing
from pavilion.exhibition.models import Booth, BoothDemo, BoothStatus, Product


def hall(request: HttpRequest, event_slug: str) -> HttpResponse:
    """The 2D exhibition: halls, pavilions and booth cards, filtered by the address's parameters."""
    event = get_visible_event(slug=event_slug, user=request.user)
    filters = ExhibitionFilters.requested(request.GET)
    listing = exhibition_listing(event=event, filters=filters, page=request.GET.get("page"))
    choices = listing.choices
    base = filters.query()
    joiner = "&" if base else "?"
    context = {
        "event": event,
        "filters": filters,
        "choices": choices,
        "groups": listing.groups,
        "results": listing.results,
        "count": listing.count,
        "paging": listing.paging,
        "page_link": f"{base}{joiner}page=",
        "more_filters": sum(1 for name in ExhibitionFilters.NAMES if name != "q" and getattr(filters, name)),
        "has_booths": any(choices.countries or choices.pavilions) or listing.count > 0 or filters.active,
    }
    response = render(request, "exhibition/hall.html", context)
    remember(request=request, response=response, event_id=event.pk)  # replayed by the ASGI router
    return response


def _preview_note(request: HttpRequest, booth: Booth) -> bool:
    """Staff and organisers see unpublished booths; the page says visitors do not."""
    return booth.status != BoothStatus.PUBLISHED


def booth_detail(request: HttpRequest, event_slug: str, booth_slug: str) -> HttpResponse:
    """A booth: description, gallery, videos (links), documents, products, contact channels and demos."""
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_visible_booth(event=event, slug=booth_slug, user=request.user)
    sessions = visible_sessions(event=event, viewer=viewer_for(event=event, user=request.user))
    demos = BoothDemo.objects.filter(session__in=sessions).select_related("session").order_by("session__starts_at")
    loaded = (
        Booth.objects.filter(pk=booth.pk)
        .select_related("pavilion__hall", "pavilion__organisation", "owner")
        .prefetch_related(
            "images",
            "videos",
            "documents",
            Prefetch("products", queryset=Product.objects.prefetch_related("images")),
            Prefetch("demos", queryset=demos, to_attr="visible_demos"),
        )
        .get()
    )
    is_staff = is_booth_staff(booth=loaded, user=request.user)
    visits.tell(request=request, kind=visits.BOOTH_VIEW, booth=loaded, by_staff=is_staff)
    context = {
        "event": event,
        "booth": loaded,
        "country": country_of(loaded),
        "is_preview": _preview_note(request, loaded),
        "is_staff": is_staff,
        "is_organiser": is_organiser(event=event, user=request.user),
        "live_topic": f"booth:{loaded.pk}",
        "booth_panels": booth_panels(),
    }
    response = render(request, "exhibition/booth_detail.html", context)
    if loaded.status == BoothStatus.PUBLISHED:
        note = visits.replay_note(kind=visits.BOOTH_VIEW, booth=loaded)
        remember(request=request, response=response, event_id=event.pk, note=note)
    return response


def product_detail(request: HttpRequest, event_slug: str, booth_slug: str, product_slug: str) -> HttpResponse:
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_visible_booth(event=event, slug=booth_slug, user=request.user)
    product = get_object_or_404(Product.objects.prefetch_related("images"), booth=booth, slug=product_slug)
    visits.tell(request=request, kind=visits.PRODUCT_VIEW, booth=booth, product=product)
    context = {"event": event, "booth": booth, "product": product, "is_preview": _preview_note(request, booth)}
    response = render(request, "exhibition/product_detail.html", context)
    if booth.status == BoothStatus.PUBLISHED:
        note = visits.replay_note(kind=visits.PRODUCT_VIEW, booth=booth, product=product)
        remember(request=request, response=response, event_id=event.pk, note=note)
    return response


def _pdf(field_file: object, title: str) -> FileResponse:
    try:
        handle = field_file.open("rb")  # type: ignore[attr-defined]
    except (FileNotFoundError, ValueError):
        raise Http404("No such file.") from None
    name = f"{slugify(title) or 'document'}.pdf"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_download(request: HttpRequest, event_slug: str, booth_slug: str, pk: int) -> FileResponse:
    """A booth's PDF, for whoever may see the booth (the file's address in storage is never listed)."""
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_visible_booth(event=event, slug=booth_slug, user=request.user)
    document = get_object_or_404(booth.documents, pk=pk)
    response = _pdf(document.file, str(document.title))
    visits.tell(request=request, kind=visits.DOCUMENT_DOWNLOAD, booth=booth, document=document)
    return response


def spec_sheet_download(request: HttpRequest, event_slug: str, booth_slug: str, product_slug: str) -> FileResponse:
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_visible_booth(event=event, slug=booth_slug, user=request.user)
    product = get_object_or_404(Product, booth=booth, slug=product_slug)
    if not product.spec_sheet:
        raise Http404("No specification sheet.")
    response = _pdf(product.spec_sheet, str(product.name))
    visits.tell(request=request, kind=visits.DOCUMENT_DOWNLOAD, booth=booth, product=product)
    return response
