"""Caption lines of a session and the people assigned to caption. The rules live in services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The longest caption line, in characters (also the textarea's maxlength and the live schema's limit).
MAX_CAPTION_LENGTH = 500


class Captioner(models.Model):
    """An account an organiser has asked to caption one session, or every session of an event.

    ``languages`` lists the language codes they caption in; empty means every language the
    session is captioned in. Organisers and the session's chairs and moderators may caption
    without an assignment.
    """

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="captioners"
    )
    session = models.ForeignKey(
        "events.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="captioners",
        help_text=_("Empty: every session of the event."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="captioning"
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Empty: every language the session is captioned in.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("captioner")
        verbose_name_plural = _("captioners")
        ordering = ["event", "session", "created_at", "pk"]
        constraints = [
            # One assignment per person for the whole event, and one per person and session.
            models.UniqueConstraint(
                fields=["event", "user"], condition=models.Q(session__isnull=True), name="captioner_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(session__isnull=False),
                name="captioner_once_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session or self.event}"


class CaptionLine(models.Model):
    """One line of captions, numbered 1, 2, 3 … per session and language (the transcript's order)."""

    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="caption_lines"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    sequence = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"), max_length=MAX_CAPTION_LENGTH)
    # Kept when the account goes: the transcript is the session's record, not the captioner's.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("captioner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caption_lines",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("caption line")
        verbose_name_plural = _("caption lines")
        ordering = ["session", "language", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["session", "language", "sequence"], name="caption_line_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.sequence}: {self.text[:40]}"
