"""Events and their sessions. Small for now; the events issue grows them (rooms, access, agenda)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField, I18nTextField

from pavilion.core.timezones import is_valid_timezone


def validate_timezone(value: str) -> None:
    if not is_valid_timezone(value):
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    MINISTERIAL = "ministerial", _("Ministerial meeting")
    WORKING_GROUP = "working_group", _("Working-group meeting")
    FORUM = "forum", _("Forum")
    TRAINING = "training", _("Training course")
    CAMPAIGN = "campaign", _("World day campaign")


class Event(models.Model):
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    name = I18nCharField(_("name"))
    tagline = I18nCharField(_("tagline"), blank=True)
    description = I18nTextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    is_online = models.BooleanField(_("online"), default=False)
    venue = I18nCharField(_("venue"), blank=True)
    host_country = CountryField(_("host country or economy"), blank=True)
    organisers = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("organising bodies"), related_name="organised_events", blank=True
    )
    content_locales = models.JSONField(
        _("content languages"), default=list, help_text=_("Languages in which titles and descriptions are written.")
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return str(self.name)


class SubGroup(models.Model):
    """A part of an event's membership that meets on its own: a steering group, a task force."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="subgroups")
    code = models.CharField(_("code"), max_length=20)
    name = I18nCharField(_("name"))

    class Meta:
        verbose_name = _("sub-group")
        verbose_name_plural = _("sub-groups")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="subgroup_code_unique_in_event")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening / plenary")
    MINISTERIAL_ROUNDTABLE = "ministerial_roundtable", _("Ministerial roundtable")
    FORUM = "forum", _("Forum session")
    WORKSHOP = "workshop", _("Workshop")
    KEYNOTE = "keynote", _("Keynote")
    STEERING_GROUP = "steering_group", _("Steering-group meeting")
    DRAFTING = "drafting", _("Declaration drafting session")
    SIDE_EVENT = "side_event", _("Side event")
    TRAINING = "training", _("Training")


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    slug = models.SlugField(_("short name for links"), max_length=80)
    kind = models.CharField(_("type"), max_length=30, choices=SessionKind.choices)
    title = I18nCharField(_("title"))
    abstract = I18nTextField(_("abstract"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    subgroup = models.ForeignKey(
        SubGroup, verbose_name=_("sub-group"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="session_slug_unique_in_event"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)
