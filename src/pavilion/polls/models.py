"""Polls of a session, their options and the ballots cast. The rules live in services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The longest question and option, in characters (also the inputs' maxlength and the live schemas' limits).
MAX_QUESTION_LENGTH = 200
MAX_OPTION_LENGTH = 100
#: How many options a poll has.
MIN_OPTIONS = 2
MAX_OPTIONS = 10


class PollKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ShowResults(models.TextChoices):
    """When people who do not moderate the session see a poll's counts (moderators always do)."""

    LIVE = "live", _("As the votes come in")
    AFTER_VOTING = "voted", _("To each person once they have voted")
    AFTER_CLOSING = "closed", _("When the poll closes")


class Poll(models.Model):
    session = models.ForeignKey(
        "events.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="polls"
    )
    question = models.CharField(_("question"), max_length=MAX_QUESTION_LENGTH)
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices, default=PollKind.SINGLE)
    status = models.CharField(_("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT)
    show_results = models.CharField(
        _("show results"), max_length=10, choices=ShowResults.choices, default=ShowResults.AFTER_VOTING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["session", "status"], name="poll_session_status")]

    def __str__(self) -> str:
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("text"), max_length=MAX_OPTION_LENGTH)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["poll", "position"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    """One person's ballot in one poll: the options they chose (one for a single-choice poll)."""

    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voter"), on_delete=models.CASCADE, related_name="poll_votes"
    )
    options = models.ManyToManyField(PollOption, verbose_name=_("options"), related_name="votes")
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "voter"], name="poll_vote_once_per_person")]

    def __str__(self) -> str:
        return f"{self.voter} — {self.poll}"
