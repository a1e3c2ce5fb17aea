"""Networking: who takes part in the directory, what they seek and offer, and one-to-one meetings.

A participant appears in an event's directory only after opting in (``NetworkingProfile.is_listed``,
with the time of consent) and shows only the fields they chose (``shown_fields``). Meetings take an
organiser-defined slot; a request holds the slot for both sides at once (``SlotHold``, unique per
person or booth and slot), so nobody is ever booked twice, whichever door or however many at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from i18nfield.fields import I18nCharField

#: The longest reason a request gives.
MAX_REASON_LENGTH = 500
#: The longest note the answering side adds (to an accept, a decline or a proposal).
MAX_NOTE_LENGTH = 1000


class Purpose(models.TextChoices):
    """What a participant or booth seeks or offers."""

    COOPERATION = "cooperation", _("Cooperation")
    INVESTMENT = "investment", _("Investment")
    PROCUREMENT = "procurement", _("Procurement")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    PARTNERSHIP = "partnership", _("Partnership")


class ShownField(models.TextChoices):
    """What a listed participant may show besides their name, in the order the form lists it."""

    POSITION = "position", _("Position")
    ORGANISATION = "organisation", _("Organisation")
    COUNTRY = "country", _("Country or economy")
    FUNCTION = "function", _("Function")


class NetworkingProfile(models.Model):
    """One participant's part in one event's networking: consent, what is shown, interests, availability."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="networking_profiles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="networking_profiles")
    is_listed = models.BooleanField(_("listed in the directory"), default=False)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    shown_fields = models.JSONField(_("shown fields"), default=list, blank=True)  # values of ShownField
    themes = models.ManyToManyField("events.Track", verbose_name=_("themes"), related_name="+", blank=True)
    # Values of Purpose.
    seeks = models.JSONField(_("seeks"), default=list, blank=True)
    offers = models.JSONField(_("offers"), default=list, blank=True)
    available_slots = models.ManyToManyField(
        "networking.MeetingSlot", verbose_name=_("available slots"), related_name="available_profiles", blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("networking profile")
        verbose_name_plural = _("networking profiles")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="networking_profile_once_per_event")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event_id}"


class BoothInterests(models.Model):
    """A booth's themes and what it seeks and offers; staff answer its meeting requests."""

    booth = models.OneToOneField("exhibition.Booth", on_delete=models.CASCADE, related_name="networking")
    themes = models.ManyToManyField("events.Track", verbose_name=_("themes"), related_name="+", blank=True)
    seeks = models.JSONField(_("seeks"), default=list, blank=True)
    offers = models.JSONField(_("offers"), default=list, blank=True)
    accepts_meetings = models.BooleanField(_("takes meeting requests"), default=True)

    class Meta:
        verbose_name = _("booth interests")
        verbose_name_plural = _("booth interests")

    def __str__(self) -> str:
        return str(self.booth)


class NotInterested(models.Model):
    """``user`` does not want to be recommended ``other`` (nor ``other`` them): the pair is hidden for both."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("not interested")
        verbose_name_plural = _("not interested")
        constraints = [models.UniqueConstraint(fields=["event", "user", "other"], name="not_interested_once")]

    def __str__(self) -> str:
        return f"{self.user} ✕ {self.other}"


class PlaceKind(models.TextChoices):
    TABLE = "table", _("Table")
    VIRTUAL = "virtual", _("Virtual room")
    BOOTH = "booth", _("Booth")


class MeetingPlace(models.Model):
    """Where meetings are held: a numbered table, a virtual room (its video link) or a booth."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meeting_places")
    name = I18nCharField(_("name"))
    kind = models.CharField(_("type"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.TABLE)
    video_url = models.URLField(_("video room address"), blank=True)
    booth = models.ForeignKey(
        "exhibition.Booth", verbose_name=_("booth"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.name)


class SlotLength(models.IntegerChoices):
    QUARTER = 15, _("15 minutes")
    TWENTY = 20, _("20 minutes")
    HALF_HOUR = 30, _("30 minutes")


class MeetingSlot(models.Model):
    """A time organisers open for one-to-one meetings (UTC)."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField(_("starts at"))
    length = models.PositiveSmallIntegerField(_("length"), choices=SlotLength.choices, default=SlotLength.HALF_HOUR)

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "starts_at"], name="meeting_slot_once_per_event")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC ({self.length} min)"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.length)


class MeetingLength(models.IntegerChoices):
    """How long a booth meeting at times of its own lasts."""

    QUARTER = 15, _("15 minutes")
    HALF_HOUR = 30, _("30 minutes")
    THREE_QUARTERS = 45, _("45 minutes")
    HOUR = 60, _("1 hour")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("meeting", "Draft")
    PENDING = "pending", pgettext_lazy("meeting", "Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("meeting", "Accepted")
    DECLINED = "declined", pgettext_lazy("meeting", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


#: Statuses in which a meeting holds its slot for both sides.
ACTIVE = (MeetingStatus.PENDING, MeetingStatus.ACCEPTED)


class Meeting(models.Model):
    """A one-to-one meeting in a slot: with another participant (``invitee``) or a booth's staff (``booth``).

    ``awaiting`` is the side that must answer: the invitee (or the booth, when empty) first; after one
    side proposes another slot, the other. Drafts come from the organisers' matching pass.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meetings")
    # Empty for a booth meeting at times of its own (``ProposedTime``), where the event has no slot that suits.
    slot = models.ForeignKey(
        MeetingSlot, verbose_name=_("slot"), on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("with"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    booth = models.ForeignKey(
        "exhibition.Booth",
        verbose_name=_("booth"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="networking_meetings",
    )
    reason = models.TextField(_("reason"), max_length=MAX_REASON_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PENDING)
    awaiting = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waiting for"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )  # empty when the booth's staff are to answer
    place = models.ForeignKey(
        MeetingPlace, verbose_name=_("place"), on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    scheduled_by_organisers = models.BooleanField(_("scheduled by the organisers"), default=False)
    # A meeting at times of its own: how long, the zone the times were proposed in, and the time agreed.
    length = models.PositiveSmallIntegerField(_("length"), choices=MeetingLength.choices, null=True, blank=True)
    time_zone = models.CharField(_("time zone of the proposal"), max_length=64, blank=True)
    starts_at = models.DateTimeField(_("agreed start"), null=True, blank=True)
    note = models.TextField(_("note from the answering side"), max_length=MAX_NOTE_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(invitee__isnull=False) & models.Q(booth__isnull=True))
                | (models.Q(invitee__isnull=True) & models.Q(booth__isnull=False)),
                name="meeting_with_one_person_or_booth",
            ),
            # Times of its own only for booth meetings, and then with a length; agreed exactly when accepted.
            models.CheckConstraint(
                condition=models.Q(slot__isnull=False, length__isnull=True, starts_at__isnull=True)
                | models.Q(slot__isnull=True, booth__isnull=False, length__isnull=False)
                & (models.Q(status="accepted", starts_at__isnull=False) | ~models.Q(status="accepted")),
                name="meeting_in_a_slot_or_at_own_times",
            ),
            # One meeting per place and slot (the accepted ones; drafts are checked when published).
            models.UniqueConstraint(
                fields=["slot", "place"], condition=models.Q(status="accepted"), name="meeting_place_once_per_slot"
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="meeting_by_status")]

    def __str__(self) -> str:
        return f"{self.requester} → {self.invitee or self.booth} ({self.slot or self.starts_at})"

    @property
    def begins_at(self) -> datetime | None:
        """When the meeting starts: its slot's start, or the agreed time (None while times are proposed)."""
        return self.slot.starts_at if self.slot is not None else self.starts_at

    @property
    def ends_at(self) -> datetime | None:
        if self.slot is not None:
            return self.slot.ends_at
        if self.starts_at is None or self.length is None:
            return None
        return self.starts_at + timedelta(minutes=self.length)

    @property
    def minutes(self) -> int:
        return self.slot.length if self.slot is not None else int(self.length or 0)


class ProposedTime(models.Model):
    """One start time proposed for a booth meeting at times of its own (UTC); the other side picks one.

    While the request waits, each proposed time is held for both sides (checked under row locks,
    ``networking/booth_times.py``); once accepted, only the agreed time is.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposed_times")
    starts_at = models.DateTimeField(_("starts at"))

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "starts_at"], name="proposed_time_once")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC"


class SlotHold(models.Model):
    """A slot taken by a pending or accepted meeting, for one of its sides (a person or a booth).

    Unique per side and slot: the database refuses a second request or proposal in a slot already
    held, even when two arrive at the same instant.
    """

    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="holds")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="holds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    booth = models.ForeignKey("exhibition.Booth", on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("slot held")
        verbose_name_plural = _("slots held")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "user"], condition=models.Q(user__isnull=False), name="slot_held_once_per_person"
            ),
            models.UniqueConstraint(
                fields=["slot", "booth"], condition=models.Q(booth__isnull=False), name="slot_held_once_per_booth"
            ),
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False) & models.Q(booth__isnull=True))
                | (models.Q(user__isnull=True) & models.Q(booth__isnull=False)),
                name="slot_held_by_one_side",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.booth} @ {self.slot}"


#: Requests of one's own waiting for an answer, per person, unless the event's organisers chose otherwise.
DEFAULT_MAX_OPEN_REQUESTS = 5


class NetworkingSettings(models.Model):
    """An event's own networking rules, set by its organisers (no row: the defaults)."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="networking_settings")
    max_open_requests = models.PositiveSmallIntegerField(
        _("requests waiting per person"),
        default=DEFAULT_MAX_OPEN_REQUESTS,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many of their own requests a participant may have waiting for an answer at once."),
    )

    class Meta:
        verbose_name = _("networking settings")
        verbose_name_plural = _("networking settings")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.max_open_requests}"
