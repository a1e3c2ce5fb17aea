"""Commitments followed up across meetings, and statements (imported by models.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from pavilion.programmes.models import Delegation, Programme, one_delegation


class CommitmentStatus(models.Model):
    """A step in a programme's status catalogue, with the progress it stands for by default."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="commitment_statuses")
    slug = models.SlugField(_("short name for links"), max_length=40)
    name = I18nCharField(_("name"))
    default_progress = models.PositiveSmallIntegerField(
        _("default progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("commitment status")
        verbose_name_plural = _("commitment statuses")
        ordering = ["position", "slug"]
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="status_slug_unique_in_programme")]

    def __str__(self) -> str:
        return str(self.name)


class Origin(models.TextChoices):
    PARAGRAPH = "paragraph", _("An adopted paragraph")
    SESSION = "session", _("A decision in a session")
    SECRETARIAT = "secretariat", _("The secretariat")
    PROPOSAL = "proposal", _("A proposal")


class Commitment(Delegation):
    """An item someone (the owner: a delegation or an organisation) undertakes, followed up across meetings."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="commitments")
    title = I18nCharField(_("title"))
    description = I18nTextField(_("description"), blank=True)
    theme = models.CharField(_("theme"), max_length=60, blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.SECRETARIAT)
    paragraph = models.ForeignKey(
        "programmes.Paragraph", verbose_name=_("paragraph"), on_delete=models.SET_NULL, null=True, blank=True
    )
    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("How much this item counts in the progress of the item it is part of.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.ForeignKey(CommitmentStatus, verbose_name=_("status"), on_delete=models.PROTECT, related_name="+")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        help_text=_("Receives the reminders before the due date."),
    )
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        # Undated items last on every database (SQLite would put NULLs first).
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        constraints = [models.CheckConstraint(condition=one_delegation(), name="commitment_has_one_owner")]

    def __str__(self) -> str:
        return str(self.title)


class CommitmentPartner(Delegation):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="partners")

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [models.CheckConstraint(condition=one_delegation(), name="partner_has_one_delegation")]

    def __str__(self) -> str:
        return self.delegation_name


class ProgressReport(models.Model):
    """Progress reported on a commitment, dated, at a meeting."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("date"))
    meeting = models.ForeignKey(
        "events.Event", verbose_name=_("meeting"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.ForeignKey(CommitmentStatus, verbose_name=_("status"), on_delete=models.PROTECT, related_name="+")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    note = I18nTextField(_("what was done"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="progress_reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_on", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.reported_on} {self.progress}%"


class Statement(models.Model):
    """A statement (a delegation's at a session, a message for a world day) with its language versions."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="statements")
    slug = models.SlugField(_("short name for links"), max_length=80)
    title = I18nCharField(_("title"))
    text = I18nTextField(_("text"))
    author = models.CharField(_("author"), max_length=200)
    author_position = I18nCharField(_("author's position"), blank=True)
    occasion = models.CharField(_("occasion"), max_length=120, help_text=_("E.g. World Telecommunication Day."))
    delivered_on = models.DateField(_("date"))
    meeting = models.ForeignKey(
        "events.Event", verbose_name=_("meeting"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    floor_turn_id = models.PositiveIntegerField(
        _("floor turn"), null=True, blank=True, help_text=_("The turn on the floor during which it was delivered.")
    )
    is_official = models.BooleanField(_("official statement"), default=False)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-delivered_on", "slug"]
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="statement_slug_unique_in_programme")]

    def __str__(self) -> str:
        return str(self.title)
