"""Outcome texts negotiated paragraph by paragraph (imported by models.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from pavilion.programmes.models import Delegation, Programme, one_delegation


class OutcomeKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    WORK_PLAN = "work_plan", _("Work plan")
    REPORT = "report", _("Report")
    STATEMENT = "statement", _("Joint statement")


class OutcomeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("Under negotiation")
    ADOPTED = "adopted", _("Adopted")
    PUBLISHED = "published", _("Published")


class OutcomeText(models.Model):
    """A declaration, work plan, report or joint statement, in numbered paragraphs."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outcomes")
    slug = models.SlugField(_("short name for links"), max_length=80)
    kind = models.CharField(_("type"), max_length=20, choices=OutcomeKind.choices)
    title = I18nCharField(_("title"))
    meeting = models.ForeignKey(
        "events.Event", verbose_name=_("meeting"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drafting_session = models.ForeignKey(
        "events.Session",
        verbose_name=_("drafting session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    language = models.CharField(
        _("negotiating language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Amendments are proposed in this language."),
    )
    state = models.CharField(_("state"), max_length=20, choices=OutcomeState.choices, default=OutcomeState.DRAFT)
    adopted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome text")
        verbose_name_plural = _("outcome texts")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="outcome_slug_unique_in_programme")]

    def __str__(self) -> str:
        return str(self.title)


class Paragraph(models.Model):
    """One paragraph, with its language versions; numbered by position among those not deleted."""

    outcome = models.ForeignKey(OutcomeText, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField()
    text = I18nTextField(_("text"))
    is_deleted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.outcome_id} ¶{self.position}"


class AmendmentAction(models.TextChoices):
    REPLACE = "replace", _("Replace the paragraph")
    INSERT_AFTER = "insert_after", _("Insert a new paragraph after it")
    DELETE = "delete", _("Delete the paragraph")


class Recommendation(models.TextChoices):
    NONE = "", _("No recommendation yet")
    ACCEPT = "accept", _("Recommends accepting")
    REJECT = "reject", _("Recommends rejecting")


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Amendment(Delegation):
    """A delegation's proposal to change one paragraph, with the chair's recommendation and the decision."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="amendments")
    action = models.CharField(_("change"), max_length=20, choices=AmendmentAction.choices)
    text = models.TextField(_("proposed text"), blank=True, max_length=5000)
    reason = models.TextField(_("reason"), max_length=2000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="proposed_amendments"
    )
    recommendation = models.CharField(
        _("chair's recommendation"), max_length=10, choices=Recommendation.choices, blank=True, default=""
    )
    recommendation_note = models.TextField(_("note"), blank=True, max_length=2000)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    created_paragraph = models.ForeignKey(Paragraph, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=one_delegation(), name="amendment_has_one_delegation")]

    def __str__(self) -> str:
        return f"{self.delegation_name}: {self.get_action_display()}"
