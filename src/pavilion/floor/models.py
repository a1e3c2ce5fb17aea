"""The floor of a session: who has asked to speak, who speaks now, and the speaking timer.

A FloorRequest records who asked for the floor, with the delegation and function of their approved
registration at the moment they asked (the list of speakers shows and orders by them, even if the
registration changes later). Floor holds the session's timer. The rules live in services.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from django_countries.fields import CountryField

from pavilion.accreditation.models import Function

#: Speaking time per turn, in seconds: the default, and the limits a chair may set.
DEFAULT_SPEAKING_TIME = 240
MIN_SPEAKING_TIME = 15
MAX_SPEAKING_TIME = 60 * 60

#: Functions in protocol order (Function is declared in that order): who is called first.
PROTOCOL_ORDER: list[str] = list(Function.values)


def protocol_rank(function: str) -> int:
    """The function's place in protocol order (0 = Head of State or Government)."""
    return PROTOCOL_ORDER.index(function) if function in PROTOCOL_ORDER else len(PROTOCOL_ORDER)


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SPEAKING = "speaking", pgettext_lazy("a floor request", "Speaking")
    DONE = "done", _("Has spoken")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: A request still in play: on the list of speakers, or speaking now.
OPEN_STATUSES = (RequestStatus.WAITING, RequestStatus.SPEAKING)


class FloorRequest(models.Model):
    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="floor_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="floor_requests"
    )
    # The delegation and function of the person's approved registration when they asked.
    country = CountryField(_("country or economy"), blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    function = models.CharField(_("function"), max_length=30, choices=Function.choices)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("given the floor at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("floor request")
        verbose_name_plural = _("floor requests")
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["session", "status"], name="floor_request_session_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["waiting", "speaking"]),
                name="floor_one_open_request_per_person",
            ),
            models.UniqueConstraint(
                fields=["session"], condition=Q(status="speaking"), name="floor_one_speaker_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"

    @property
    def rank(self) -> int:
        return protocol_rank(self.function)

    @property
    def delegation_name(self) -> str:
        """The delegation in the active language: the country or economy, else the organisation."""
        if self.country:
            return str(countries.name(str(self.country)))
        return str(self.organisation.name) if self.organisation is not None else ""


class Floor(models.Model):
    """A session's speaking timer (created with the first change; until then the defaults apply).

    The timer runs while ``timer_started_at`` is set; ``timer_elapsed`` is the time counted before
    that (pauses keep it). Time left = speaking time - elapsed - (now - started at, when running).
    """

    session = models.OneToOneField(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, primary_key=True, related_name="floor"
    )
    speaking_time = models.PositiveIntegerField(_("speaking time (seconds)"), default=DEFAULT_SPEAKING_TIME)
    timer_started_at = models.DateTimeField(_("timer started at"), null=True, blank=True)
    timer_elapsed = models.DurationField(_("time counted before"), default=timedelta(0))

    class Meta:
        verbose_name = pgettext_lazy("the right to speak in a meeting", "floor")
        verbose_name_plural = pgettext_lazy("the right to speak in a meeting", "floors")
        constraints = [
            models.CheckConstraint(
                condition=Q(speaking_time__gte=MIN_SPEAKING_TIME, speaking_time__lte=MAX_SPEAKING_TIME),
                name="floor_speaking_time_in_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.session)

    @property
    def is_running(self) -> bool:
        return self.timer_started_at is not None
