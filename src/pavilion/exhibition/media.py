"""Who may fetch a booth's uploaded files (core/media.py): everyone once the booth is published in a
published event; before that, only who may see the booth (its staff and the event's organisers)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from pavilion.core.media import Audience, media_rule
from pavilion.core.uploads import captions_holder
from pavilion.exhibition.access import can_see_booth
from pavilion.exhibition.models import (
    Booth,
    BoothDocument,
    BoothImage,
    BoothStatus,
    BoothVideo,
    Product,
    ProductImage,
)
from pavilion.exhibition.services import CAPTIONS_FOLDER


def _booth_of_captions(name: str) -> Booth | None:
    """The booth whose video gives this uploaded captions file as one of its tracks."""
    video = captions_holder(name, folder=CAPTIONS_FOLDER, holders=BoothVideo.objects.select_related("booth__event"))
    return video.booth if video is not None else None


def booth_of_file(name: str) -> Booth | None:
    """The booth a stored file belongs to (logo, banner, picture, document, product picture or sheet,
    a video's captions)."""
    if name.startswith(CAPTIONS_FOLDER):
        return _booth_of_captions(name)
    booths = Booth.objects.select_related("event")
    found = booths.filter(Q(logo=name) | Q(banner=name)).first()
    if found is None:
        owners: tuple[QuerySet[Any, Any], ...] = (
            BoothImage.objects.filter(image=name).values("booth_id"),
            BoothDocument.objects.filter(file=name).values("booth_id"),
            Product.objects.filter(spec_sheet=name).values("booth_id"),
            ProductImage.objects.filter(image=name).values("product__booth_id"),
        )
        for owner in owners:
            found = booths.filter(pk__in=owner).first()
            if found is not None:
                break
    return found


@media_rule("exhibition/")
def booth_file_audience(name: str, user: Any) -> Audience:
    booth = booth_of_file(name)
    if booth is None:
        return Audience.NOBODY  # a file left over from a removed item
    if booth.status == BoothStatus.PUBLISHED and booth.event.is_published:
        return Audience.EVERYONE
    return Audience.THIS_PERSON if can_see_booth(booth=booth, user=user) else Audience.NOBODY
