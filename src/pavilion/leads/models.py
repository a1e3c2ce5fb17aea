"""An exhibitor's leads: visitors who consented to share their contact with a booth.

A ``Lead`` holds only the exhibitor's own work on that person (status, notes). The contact details
are never stored here: they are read from the consented sources each time (see ``services``), so
withdrawing a consent or deleting the account takes them away. Deleting the account deletes the
lead and its notes (CASCADE).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_NOTE_LENGTH = 2000


class LeadStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("lead", "New")
    CONTACTED = "contacted", pgettext_lazy("lead", "Contacted")
    QUALIFIED = "qualified", pgettext_lazy("lead", "Qualified")
    CLOSED = "closed", pgettext_lazy("lead", "Closed")


class Lead(models.Model):
    booth = models.ForeignKey(
        "exhibition.Booth", verbose_name=_("booth"), on_delete=models.CASCADE, related_name="leads"
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visitor"), on_delete=models.CASCADE, related_name="leads"
    )
    status = models.CharField(_("status"), max_length=10, choices=LeadStatus.choices, default=LeadStatus.NEW)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["booth", "visitor"], name="lead_once_per_visitor")]

    def __str__(self) -> str:
        return f"{self.visitor_id} — {self.booth}"


class LeadNote(models.Model):
    """A note the booth's staff wrote about a lead (only staff read it)."""

    lead = models.ForeignKey(Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"), max_length=MAX_NOTE_LENGTH)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("note on a lead")
        verbose_name_plural = _("notes on leads")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:40]
