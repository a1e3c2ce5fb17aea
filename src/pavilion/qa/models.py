"""Questions asked in a session and the votes for them. The rules live in services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: The longest question, in characters (also the textarea's maxlength and the live schema's limit).
MAX_QUESTION_LENGTH = 300


class QuestionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("question status", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("question status", "Approved")
    HIDDEN = "hidden", pgettext_lazy("question status", "Hidden")
    ANSWERED = "answered", pgettext_lazy("question status", "Answered")


#: Statuses everyone who may see the session sees.
PUBLIC_STATUSES = (QuestionStatus.APPROVED, QuestionStatus.ANSWERED)


class Question(models.Model):
    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("text"), max_length=MAX_QUESTION_LENGTH)
    #: Asked without a name: stored with its author (the rate limit, their own data, account deletion)
    #: but shown to no one in the session, moderators included.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "pk"]
        indexes = [
            # A session's questions by status, and one author's recent questions (the rate limit).
            models.Index(fields=["session", "status"], name="qa_question_by_status"),
            models.Index(fields=["session", "author", "created_at"], name="qa_question_by_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.text[:40]}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voter"), on_delete=models.CASCADE, related_name="question_votes"
    )
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question vote")
        verbose_name_plural = _("question votes")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "voter"], name="qa_vote_once_per_question")]

    def __str__(self) -> str:
        return f"{self.voter} — {self.question_id}"


class QuestionSettings(models.Model):
    """How a session takes questions, as its moderators set it (no row: the defaults)."""

    session = models.OneToOneField(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="question_settings"
    )
    anonymous_allowed = models.BooleanField(_("anonymous questions allowed"), default=False)

    class Meta:
        verbose_name = _("question settings")
        verbose_name_plural = _("question settings")

    def __str__(self) -> str:
        return str(self.session)
