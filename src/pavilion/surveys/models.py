"""Surveys, their questions and choices, and the responses with their answers.

A survey belongs to an event and is owned either by the event's organisers (``owner_booth`` empty)
or by a booth (its staff). It is about exactly one target: the event, a session, a booth or a
product (a database constraint says so). Three purposes share the same tables:

- ``general``: surveys organisers and exhibitors write themselves;
- ``interest``: the one-tap "How interested are you?" of a booth or product, created on first use,
  one per booth and one per product, its first question of kind ``interest``; the booth's staff may
  add follow-up questions to it. A product's interest distribution is therefore
  ``Answer.objects.filter(question__survey__product=product, question__kind="interest")``;
- ``feedback``: the event's session-feedback survey (``target=event``) is the template each session's
  own feedback survey (``target=session``) is copied from when the first attendee opens it.

One response per person and survey: identified responses are unique by (survey, respondent),
anonymous ones by (survey, hashed browser-session key). Submitting again updates the response.
Texts are ``i18nfield`` values like every content field (see events/models.py).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField, I18nTextField

#: The longest short-text and long-text answers, in characters.
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 4000
#: Ratings and interest levels go from 1 to this.
SCALE_MAX = 5


class SurveyPurpose(models.TextChoices):
    GENERAL = "general", _("Survey")
    INTEREST = "interest", _("Interest (one tap)")
    FEEDBACK = "feedback", _("Session feedback")


class SurveyTarget(models.TextChoices):
    """What a survey is about."""

    EVENT = "event", _("The event")
    SESSION = "session", _("A session")
    BOOTH = "booth", _("A booth")
    PRODUCT = "product", _("A product")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="surveys")
    owner_booth = models.ForeignKey(
        "exhibition.Booth",
        verbose_name=_("owned by the booth"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="owned_surveys",
        help_text=_("Empty: the event's organisers own the survey."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=SurveyPurpose.choices, default=SurveyPurpose.GENERAL
    )
    target = models.CharField(_("about"), max_length=10, choices=SurveyTarget.choices, default=SurveyTarget.EVENT)
    session = models.ForeignKey(
        "events.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
    )
    booth = models.ForeignKey(
        "exhibition.Booth",
        verbose_name=_("booth"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
    )
    product = models.ForeignKey(
        "exhibition.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
    )
    title = I18nCharField(_("title"))
    intro = I18nTextField(_("introduction"), blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers are never linked to an account; visitors need not sign in."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target=SurveyTarget.EVENT, session__isnull=True, booth__isnull=True, product__isnull=True)
                | Q(target=SurveyTarget.SESSION, session__isnull=False, booth__isnull=True, product__isnull=True)
                | Q(target=SurveyTarget.BOOTH, session__isnull=True, booth__isnull=False, product__isnull=True)
                | Q(target=SurveyTarget.PRODUCT, session__isnull=True, booth__isnull=True, product__isnull=False),
                name="survey_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(owner_booth__isnull=True) | Q(target__in=[SurveyTarget.BOOTH, SurveyTarget.PRODUCT]),
                name="survey_of_a_booth_is_about_it",
            ),
            models.CheckConstraint(
                condition=~Q(purpose=SurveyPurpose.INTEREST)
                | Q(owner_booth__isnull=False, target__in=[SurveyTarget.BOOTH, SurveyTarget.PRODUCT]),
                name="survey_interest_of_a_booth_or_product",
            ),
            models.CheckConstraint(
                condition=~Q(purpose=SurveyPurpose.FEEDBACK)
                | Q(owner_booth__isnull=True, target__in=[SurveyTarget.EVENT, SurveyTarget.SESSION]),
                name="survey_feedback_of_the_event_or_a_session",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
            ),
            models.UniqueConstraint(
                fields=["booth"], condition=Q(purpose=SurveyPurpose.INTEREST), name="survey_one_interest_per_booth"
            ),
            models.UniqueConstraint(
                fields=["product"], condition=Q(purpose=SurveyPurpose.INTEREST), name="survey_one_interest_per_product"
            ),
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(purpose=SurveyPurpose.FEEDBACK, target=SurveyTarget.EVENT),
                name="survey_one_feedback_template_per_event",
            ),
            models.UniqueConstraint(
                fields=["session"], condition=Q(purpose=SurveyPurpose.FEEDBACK), name="survey_one_feedback_per_session"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def is_open(self, now: datetime) -> bool:
        """Published, and ``now`` within its open and close times (either may be empty)."""
        if self.status != SurveyStatus.PUBLISHED:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at

    @property
    def owned_by_booth(self) -> bool:
        return self.owner_booth_id is not None

    @property
    def is_feedback_template(self) -> bool:
        """The event's feedback survey, which sessions copy (answered only through the copies)."""
        return self.purpose == SurveyPurpose.FEEDBACK and self.target == SurveyTarget.EVENT

    @property
    def about(self) -> object:
        """What the survey is about, as its translated field (for ``|content``, which marks a fallback)."""
        if self.session is not None:
            return self.session.title
        if self.product is not None:
            return self.product.name
        if self.booth is not None:
            return self.booth.name
        return self.event.name

    @property
    def about_name(self) -> str:
        """The name of what the survey is about (in the current language)."""
        if self.session is not None:
            return str(self.session.title)
        if self.product is not None:
            return str(self.product.name)
        if self.booth is not None:
            return str(self.booth.name)
        return str(self.event.name)


class QuestionKind(models.TextChoices):
    INTEREST = "interest", _("Interest level")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RATING = "rating", _("Rating from 1 to 5")
    YES_NO = "yes_no", _("Yes or no")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    COUNTRY = "country", _("Country or economy")


#: Kinds whose answers are picked among the question's choices.
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


class InterestLevel(models.IntegerChoices):
    """The five steps of the interest scale (stored in ``Answer.number``)."""

    NOT_INTERESTED = 1, _("Not interested")
    SLIGHTLY = 2, _("Slightly interested")
    SOMEWHAT = 3, _("Somewhat interested")
    INTERESTED = 4, _("Interested")
    VERY = 5, _("Very interested")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=12, choices=QuestionKind.choices)
    text = I18nCharField(_("question"))
    help = I18nTextField(_("help text"), blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.text)


class Choice(models.Model):
    """One of the answers offered by a single- or multiple-choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = I18nCharField(_("answer"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.label)


class Response(models.Model):
    """One person's answers to one survey: created by the first submission, updated by the next ones.

    Identified: ``respondent`` is the account. Anonymous: ``respondent`` is empty and
    ``session_key_hash`` is the SHA-256 of the browser session's key (so one browser session
    answers once). When an account is deleted both are emptied and the consent cleared; the
    answers stay in the aggregates.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    session_key_hash = models.CharField(max_length=64, blank=True, default="")
    consent_to_share = models.BooleanField(_("consents to share name and contact"), default=False)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    consent_text = models.TextField(_("consent text shown"), blank=True)
    submitted_at = models.DateTimeField(_("first submitted at"))
    updated_at = models.DateTimeField(_("last updated at"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=Q(respondent__isnull=False),
                name="survey_response_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["survey", "session_key_hash"],
                condition=~Q(session_key_hash=""),
                name="survey_response_once_per_browser",
            ),
            models.CheckConstraint(
                condition=Q(respondent__isnull=True) | Q(session_key_hash=""), name="survey_response_one_identity"
            ),
            models.CheckConstraint(
                condition=Q(consent_to_share=False) | Q(respondent__isnull=False, consented_at__isnull=False),
                name="survey_response_consent_needs_respondent",
            ),
        ]
        indexes = [models.Index(fields=["survey", "consent_to_share"], name="survey_response_consent")]

    def __str__(self) -> str:
        return f"{self.survey} — {self.pk}"


class Answer(models.Model):
    """The answer to one question in one response, in the column that fits the question's kind.

    ``number``: interest level or rating (1 to 5); ``boolean``: yes/no; ``text``: short or long text;
    ``country``: a django-countries code; ``choice``: single choice; ``choices``: the ids of the
    chosen choices of a multiple-choice question.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    boolean = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True, default="")
    country = CountryField(blank=True, default="")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1, number__lte=SCALE_MAX),
                name="survey_answer_number_on_the_scale",
            ),
        ]
        indexes = [models.Index(fields=["question", "number"], name="survey_answer_question_number")]

    def __str__(self) -> str:
        return f"{self.question} — {self.response_id}"
