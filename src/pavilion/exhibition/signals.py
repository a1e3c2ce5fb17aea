"""Keep cached public exhibition JSON and pages honest: any change to an event's exhibition bumps
the event's cache version (the same one its schedule uses, see events/signals.py)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from pavilion.core.public_cache import bump_public_version
from pavilion.exhibition.models import (
    Booth,
    BoothDemo,
    BoothDocument,
    BoothImage,
    BoothVideo,
    Hall,
    Pavilion,
    Product,
    ProductImage,
)


def _event_id(instance: Any) -> int | None:
    if isinstance(instance, Hall | Pavilion | Booth):
        return instance.event_id
    if isinstance(instance, BoothImage | BoothVideo | BoothDocument | Product | BoothDemo):
        return Booth.objects.filter(pk=instance.booth_id).values_list("event_id", flat=True).first()
    if isinstance(instance, ProductImage):
        return Product.objects.filter(pk=instance.product_id).values_list("booth__event_id", flat=True).first()
    return None


def _changed(sender: type, instance: Any, **kwargs: Any) -> None:
    event_id = _event_id(instance)
    if event_id is not None:
        bump_public_version(event_id)


def connect() -> None:
    for model in (Hall, Pavilion, Booth, BoothImage, BoothVideo, BoothDocument, Product, ProductImage, BoothDemo):
        post_save.connect(_changed, sender=model, dispatch_uid=f"exhibition-cache-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"exhibition-cache-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=Booth.staff.through, dispatch_uid="exhibition-cache-staff")
