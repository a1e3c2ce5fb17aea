"""Registration and accreditation: who takes part in an event, and who vouches for them.

A registration belongs to a delegation: a country or economy, or an organisation. The focal points
of that delegation (designated per event) approve or reject it; organisers can decide any.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField


class ParticipantCategory(models.Model):
    """E.g. Member State delegate, Sector Member, observer, exhibitor staff, media, visitor."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="participant_categories")
    slug = models.SlugField(_("short name for links"), max_length=80)
    name = I18nCharField(_("name"))
    requires_approval = models.BooleanField(
        _("needs approval"), default=True, help_text=_("A focal point or an organiser must approve registrations.")
    )
    is_accredited = models.BooleanField(
        _("accredited delegates"),
        default=False,
        help_text=_("Approved registrations in this category may attend sessions for accredited delegates."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("participant category")
        verbose_name_plural = _("participant categories")
        ordering = ["position", "slug"]
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="category_slug_unique_in_event")]

    def __str__(self) -> str:
        return str(self.name)


class Function(models.TextChoices):
    """A participant's function, listed in protocol order (the floor queue uses this order)."""

    HEAD_OF_STATE = "head_of_state", _("Head of State or Government")
    MINISTER = "minister", _("Minister")
    VICE_MINISTER = "vice_minister", _("Vice-Minister")
    HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
    DELEGATE = "delegate", _("Delegate")
    ADVISER = "adviser", _("Adviser")
    OBSERVER = "observer", _("Observer")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


def _one_delegation() -> Q:
    """Exactly one of country/economy and organisation is given."""
    has_country = ~Q(country="")
    has_organisation = Q(organisation__isnull=False)
    return (has_country & ~has_organisation) | (~has_country & has_organisation)


class FocalPoint(models.Model):
    """A person designated to approve the registrations of one delegation at one event."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="focal_points")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="focal_point_roles")
    country = CountryField(_("country or economy"), blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            models.CheckConstraint(condition=_one_delegation(), name="focal_point_has_one_delegation"),
            models.UniqueConstraint(
                fields=["event", "user", "country", "organisation"], name="focal_point_once_per_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {countries.name(str(self.country)) if self.country else self.organisation}"


class Registration(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    category = models.ForeignKey(
        ParticipantCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="registrations"
    )
    country = CountryField(_("country or economy"), blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    function = models.CharField(_("function"), max_length=30, choices=Function.choices, default=Function.DELEGATE)
    is_head_of_delegation = models.BooleanField(_("head of delegation"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_event"),
            models.CheckConstraint(condition=_one_delegation(), name="registration_has_one_delegation"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"

    @property
    def delegation_name(self) -> str:
        return str(countries.name(str(self.country))) if self.country else str(self.organisation)
