"""Who interprets a session, which channels are on air, and what each listener chose to hear.

The channels themselves (a room's, and a session's changes to them) are events' data
(``events.models.InterpretationChannel``, ``SessionChannel``, ``events.channels``); the rules live in
services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pavilion.core.texts import MAX_MESSAGE_LENGTH
from pavilion.events.models import ChannelKind


class Interpreter(models.Model):
    """An account an organiser asked to interpret a session into one language, on one type of channel,
    for the whole session or a turn of it (``starts_at`` to ``ends_at``: the handover times the booth team sees)."""

    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="interpreters"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="interpreting"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("type"), max_length=10, choices=ChannelKind.choices, default=ChannelKind.AUDIO)
    starts_at = models.DateTimeField(_("turn starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("turn ends at"), null=True, blank=True)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["session", "language", "kind", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user", "language", "kind"], name="interpreter_once_per_session_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session} ({self.language})"

    @property
    def channel_key(self) -> str:
        return f"{self.language}:{self.kind}"


class OnAir(models.Model):
    """A channel of a session is on air: someone is interpreting into it now. No row: off air."""

    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="channels_on_air"
    )
    channel = models.CharField(_("channel"), max_length=24)  # events.channels.Channel.key, e.g. "fr:audio"
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("interpreter"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    since = models.DateTimeField(_("on air since"), auto_now=True)

    class Meta:
        verbose_name = _("channel on air")
        verbose_name_plural = _("channels on air")
        constraints = [models.UniqueConstraint(fields=["session", "channel"], name="on_air_once_per_channel")]

    def __str__(self) -> str:
        return f"{self.session} {self.channel}"


class ListeningChoice(models.Model):
    """The channel a signed-in listener chose last ("floor", "fr:audio" …): offered first on any session
    that has it, on any device. The browser keeps the same choice for everyone (localStorage)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="listening_choice"
    )
    channel = models.CharField(_("channel"), max_length=24)
    updated_at = models.DateTimeField(_("chosen at"), auto_now=True)

    class Meta:
        verbose_name = _("listening choice")
        verbose_name_plural = _("listening choices")

    def __str__(self) -> str:
        return f"{self.user}: {self.channel}"


class TeamMessage(models.Model):
    """A line in a session's interpreters' chat: its interpreters, chairs and organisers only
    (the ``interpreters:<session id>`` topic, team.py)."""

    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="interpreter_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("text"), max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interpreters' chat message")
        verbose_name_plural = _("interpreters' chat messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["session", "created_at"], name="team_message_recent"),
            models.Index(fields=["session", "author", "created_at"], name="team_message_by_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.text[:40]}"
