"""Chat messages of a session and the people muted in it. The rules live in services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pavilion.core.texts import MAX_MESSAGE_LENGTH

#: The longest message, in characters (also the textarea's maxlength and the live schema's limit).


class ChatMessage(models.Model):
    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="chat_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="chat_messages"
    )
    text = models.TextField(_("text"), max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Deleted messages are kept (hidden) so moderators' actions can be reviewed afterwards.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        ordering = ["created_at", "pk"]
        indexes = [
            # Recent messages of a session, and one author's recent messages (the rate limit).
            models.Index(fields=["session", "created_at"], name="chat_message_recent"),
            models.Index(fields=["session", "author", "created_at"], name="chat_message_by_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.text[:40]}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ChatMute(models.Model):
    """Someone a moderator has stopped from writing in one session's chat."""

    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="chat_mutes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("muted account"), on_delete=models.CASCADE, related_name="chat_mutes"
    )
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("muted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("muted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chat mute")
        verbose_name_plural = _("chat mutes")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="chat_mute_once_per_session")]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"
