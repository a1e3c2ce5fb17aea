"""The exhibition's activity log: what visitors looked at, for the exhibitors' analytics.

One row per booth visit, product view, video play or document download. Rows are written in
batches by ``pavilion.activity.recorder`` (never during the page's own work) and only ever read
in aggregate: by booth and time (``activity_booth_at``), by event, kind and time
(``activity_event_kind_at``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    BOOTH_VIEW = "booth_view", _("Booth visit")
    PRODUCT_VIEW = "product_view", _("Product view")
    VIDEO_PLAY = "video_play", _("Video played")
    DOCUMENT_DOWNLOAD = "document_download", _("Document downloaded")


class ActivityEvent(models.Model):
    """Something a visitor did at a booth. ``product``, ``video`` and ``document`` name the item when there is one.

    A product's specification sheet is a ``document_download`` with ``product`` set and no ``document``.
    ``user`` is the signed-in visitor (null when anonymous); ``visitor_key`` tells visitors apart for
    counting without naming them (see recorder.visitor_key). Items removed later leave their rows
    with the item set to null; removing a booth or an event removes its rows.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    event = models.ForeignKey("events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    booth = models.ForeignKey(
        "exhibition.Booth", verbose_name=_("booth"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    product = models.ForeignKey(
        "exhibition.Product", verbose_name=_("product"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    video = models.ForeignKey(
        "exhibition.BoothVideo", verbose_name=_("video"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    document = models.ForeignKey(
        "exhibition.BoothDocument", verbose_name=_("document"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    visitor_key = models.CharField(_("visitor key"), max_length=32, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("activity event")
        verbose_name_plural = _("activity events")
        indexes = [
            models.Index(fields=["booth", "at"], name="activity_booth_at"),
            models.Index(fields=["event", "kind", "at"], name="activity_event_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M:%S}"
