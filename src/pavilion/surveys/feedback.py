"""Session feedback: offered to attendees on the session page once the session has ended.

The event has one feedback survey (``target=event``), made by its organisers or created from the
default template (a rating "How useful was this session?" and a long text "What should we
improve?"). Each session gets its own copy (``target=session``, opening at ``session.ends_at``) when
the first attendee opens it, so results are per session and one response per person and session.
Later changes to the event's survey apply to sessions not opened yet; organisers may edit a
session's copy itself.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from pavilion.accounts.identity import account_of
from pavilion.events.access import AnyUser, can_see_session
from pavilion.events.models import Event, Session
from pavilion.surveys.models import Choice, Question, QuestionKind, Survey, SurveyPurpose, SurveyStatus, SurveyTarget
from pavilion.surveys.services import translated

FEEDBACK_TITLE = gettext_noop("Session feedback")
FEEDBACK_USEFUL = gettext_noop("How useful was this session?")
FEEDBACK_IMPROVE = gettext_noop("What should we improve?")


def feedback_template(*, event: Event, create: bool) -> Survey | None:
    """The event's session-feedback survey, created from the default template (a 1 to 5 rating of
    usefulness and a long text on what to improve) when missing and ``create``."""
    found = Survey.objects.filter(event=event, purpose=SurveyPurpose.FEEDBACK, target=SurveyTarget.EVENT).first()
    if found is not None or not create:
        return found
    locales = event.content_locales
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                event=event,
                purpose=SurveyPurpose.FEEDBACK,
                target=SurveyTarget.EVENT,
                title=translated(FEEDBACK_TITLE, locales),
                status=SurveyStatus.PUBLISHED,
            )
            Question.objects.create(
                survey=survey,
                position=0,
                kind=QuestionKind.RATING,
                text=translated(FEEDBACK_USEFUL, locales),
                required=True,
            )
            Question.objects.create(
                survey=survey, position=1, kind=QuestionKind.LONG_TEXT, text=translated(FEEDBACK_IMPROVE, locales)
            )
    except IntegrityError:
        return Survey.objects.get(event=event, purpose=SurveyPurpose.FEEDBACK, target=SurveyTarget.EVENT)
    return survey


def feedback_enabled(*, event: Event) -> bool:
    """Feedback is offered unless the organisers took the event's feedback survey back to draft or closed it."""
    template = feedback_template(event=event, create=False)
    return template is None or template.status == SurveyStatus.PUBLISHED


def feedback_survey_for(*, session: Session) -> Survey | None:
    """The session's own feedback survey, copied from the event's template on first use (opening
    when the session ends); None when the organisers turned feedback off."""
    found = Survey.objects.filter(session=session, purpose=SurveyPurpose.FEEDBACK).first()
    if found is not None:
        return found
    template = feedback_template(event=session.event, create=True)
    assert template is not None
    if template.status != SurveyStatus.PUBLISHED:
        return None
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                event_id=session.event_id,
                purpose=SurveyPurpose.FEEDBACK,
                target=SurveyTarget.SESSION,
                session=session,
                title=template.title,
                intro=template.intro,
                is_anonymous=template.is_anonymous,
                opens_at=session.ends_at,
                status=SurveyStatus.PUBLISHED,
            )
            for question in template.questions.prefetch_related("choices"):
                copy = Question.objects.create(
                    survey=survey,
                    position=question.position,
                    kind=question.kind,
                    text=question.text,
                    help=question.help,
                    required=question.required,
                )
                Choice.objects.bulk_create(
                    Choice(question=copy, label=choice.label, position=choice.position)
                    for choice in question.choices.all()
                )
    except IntegrityError:
        return Survey.objects.get(session=session, purpose=SurveyPurpose.FEEDBACK)
    return survey


def feedback_offered(*, session: Session, user: AnyUser) -> bool:
    """Whether the session page offers this person feedback at its end: signed in, able to see the session."""
    return (
        account_of(user) is not None
        and can_see_session(session=session, user=user)
        and feedback_enabled(event=session.event)
    )
