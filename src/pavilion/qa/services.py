"""Q&A rules: who may ask, vote and moderate, and what each change tells the live topics.

Every door (the session page's forms, the live commands) calls these functions, so a rule is
enforced once. Each write commits, then publishes its event; a refused call raises PermissionDenied
or ValidationError({field: message}) and changes nothing.

Where events go: a change everyone may see (a question that is or was approved or answered, and
every vote) is published on ``session:<id>``. A change to a pending question (asked, or hidden
before approval) is published only on the ``user:<id>`` topics of its author and of the session's
moderators, because every subscriber of the session topic receives the same frames. The voter's
own list of votes changes on ``user:<voter>``. Events::

    {"qa": {"session": session_id, "question": question_data}}   # replace (or add) by id
    {"qa": {"session": session_id, "voted": question_id}}        # user:<voter> only
    {"qa": {"session": session_id, "question": ..., "asked": question_id}}  # user:<author>, anonymous
    {"qa": {"session": session_id, "anonymous_allowed": bool}}   # session:<id>, the moderators' choice

Anonymous questions (where the session's moderators allow them) carry no author: ``author`` and
``author_id`` are null for every reader, moderators included. Only the author's own topic and
snapshot say which anonymous questions are theirs (``asked``), so they cannot vote for their own.

Refusals use ``gettext`` (not the lazy form) so they are rendered in the language active when they
are raised: the request's on pages, the account's on live commands.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from pavilion.accounts.identity import account_of, author_name
from pavilion.accounts.models import User
from pavilion.core import texts
from pavilion.events import roles
from pavilion.events.access import AnyUser
from pavilion.events.lifecycle import refuse_after_end
from pavilion.events.models import Session
from pavilion.events.roles import is_moderator as is_moderator  # the live snapshot asks services
from pavilion.events.roles import moderating_account_ids
from pavilion.live.broker import publish_on_commit
from pavilion.qa.models import (
    MAX_QUESTION_LENGTH,
    PUBLIC_STATUSES,
    Question,
    QuestionSettings,
    QuestionStatus,
    QuestionVote,
)

#: Refused to anyone who may not see the session (rendered when raised).
NOT_VISIBLE = gettext_lazy("You cannot take part in this session's questions.")

#: At most RATE_LIMIT_QUESTIONS per RATE_LIMIT_WINDOW per person per session.
RATE_LIMIT_QUESTIONS = 3
RATE_LIMIT_WINDOW = timedelta(minutes=1)
#: What moderators may set a question to.
MODERATION_STATUSES = (QuestionStatus.APPROVED, QuestionStatus.HIDDEN, QuestionStatus.ANSWERED)


def question_data(question: Question, votes: int | None = None) -> dict[str, Any]:
    """A question as the snapshot and the events carry it (``votes`` defaults to its annotation or a count)."""
    if votes is None:
        votes = getattr(question, "vote_count", None)
    if votes is None:
        votes = question.votes.count()
    return {
        "id": question.pk,
        "author": None if question.anonymous else author_name(question.author),
        "author_id": None if question.anonymous else question.author_id,
        "anonymous": question.anonymous,
        "text": question.text,
        "status": str(question.status),
        "votes": votes,
        "at": question.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def sort_key(data: dict[str, Any]) -> tuple[int, int, str, int]:
    """Approved and answered first, most votes first, then oldest first; pending ones after them (qa.js sorts alike)."""
    return (0 if data["status"] in PUBLIC_STATUSES else 1, -data["votes"], data["at"], data["id"])


def visible_questions(*, session: Session, user: AnyUser, moderator: bool | None = None) -> list[Question]:
    """The questions this person sees, sorted (``moderator`` skips the look-up when the caller knows).

    Everyone sees approved and answered questions; authors also see their pending ones, moderators all
    pending ones. Hidden questions are shown to no one. Each question carries ``vote_count``.
    """
    account = account_of(user)
    if moderator is None:
        moderator = is_moderator(session=session, user=account)
    shown = Q(status__in=PUBLIC_STATUSES)
    if moderator:
        shown |= Q(status=QuestionStatus.PENDING)
    elif account is not None:
        shown |= Q(status=QuestionStatus.PENDING, author=account)
    questions = list(
        Question.objects.filter(shown, session=session).select_related("author").annotate(vote_count=Count("votes"))
    )
    keys = {question.pk: sort_key(question_data(question)) for question in questions}
    return sorted(questions, key=lambda question: keys[question.pk])


def voted_ids(*, session: Session, user: AnyUser) -> list[int]:
    """The questions of this session the person has voted for, in id order."""
    account = account_of(user)
    if account is None:
        return []
    votes = QuestionVote.objects.filter(question__session=session, voter=account)
    return sorted(votes.values_list("question_id", flat=True))


def asked_anonymously(*, session: Session, user: AnyUser) -> list[int]:
    """The person's own anonymous questions in this session, in id order (only they learn which)."""
    account = account_of(user)
    if account is None:
        return []
    mine = Question.objects.filter(session=session, author=account, anonymous=True)
    return sorted(mine.values_list("pk", flat=True))


def anonymous_allowed(*, session: Session) -> bool:
    """Whether the session takes anonymous questions (its moderators' choice; off unless they allow it)."""
    return QuestionSettings.objects.filter(session=session, anonymous_allowed=True).exists()


def state(*, session: Session, user: AnyUser) -> dict[str, Any]:
    """What a viewer knows of the session's questions (the live snapshot part ``qa``)."""
    moderator = is_moderator(session=session, user=user)
    questions = visible_questions(session=session, user=user, moderator=moderator)
    return {
        "questions": [question_data(question) for question in questions],
        "is_moderator": moderator,
        "voted": voted_ids(session=session, user=user),
        "asked": asked_anonymously(session=session, user=user),
        "anonymous_allowed": anonymous_allowed(session=session),
    }


def allow_anonymous(*, session: Session, by: AnyUser, allowed: bool) -> None:
    """Let people ask this session's questions without their name, or stop it (moderators only).

    Questions already asked keep how they were asked. A change is published on the session topic.
    """
    require_moderator(session=session, user=by)
    with transaction.atomic():
        settings, _created = QuestionSettings.objects.select_for_update().get_or_create(session=session)
        if settings.anonymous_allowed == allowed:
            return
        settings.anonymous_allowed = allowed
        settings.save(update_fields=["anonymous_allowed"])
        publish_on_commit(f"session:{session.pk}", {"qa": {"session": session.pk, "anonymous_allowed": allowed}})


def require_moderator(*, session: Session, user: AnyUser) -> User:
    """The moderator's account, or PermissionDenied for anyone who does not moderate this session's questions."""
    return roles.require_moderator(
        session=session,
        user=user,
        sign_in=gettext("Sign in to moderate questions."),
        not_visible=NOT_VISIBLE,
    )


def clean_text(text: str) -> str:
    """The question as it will be stored, or ValidationError({"text": …})."""
    return texts.clean_text(
        text,
        limit=MAX_QUESTION_LENGTH,
        empty=gettext_lazy("Write your question first."),
        too_long=gettext_lazy("A question can have at most %(limit)d characters (it has %(length)d)."),
    )


def ask(*, session: Session, by: AnyUser, text: str, anonymous: bool = False) -> Question:
    """Ask a question in the session; it waits for a moderator's approval.

    The author must be signed in and able to see the session; the text is stripped and must be 1 to
    300 characters long; at most 3 questions per minute per person per session. ``anonymous`` only
    where the session's moderators allow it. Publishes the pending question to its author and the
    moderators.
    """
    author = roles.require_participant(
        session=session, user=by, sign_in=gettext("Sign in to ask a question."), not_visible=NOT_VISIBLE
    )
    refuse_after_end(
        session=session, field="text", refusal=gettext("This session has ended: it takes no more questions.")
    )
    text = clean_text(text)
    if anonymous and not anonymous_allowed(session=session):
        raise ValidationError({"anonymous": gettext("This session does not take anonymous questions.")})
    with transaction.atomic():
        # Counted in the database, so every worker and server shares the limit.
        since = timezone.now() - RATE_LIMIT_WINDOW
        recent = Question.objects.filter(session=session, author=author, created_at__gte=since).count()
        if recent >= RATE_LIMIT_QUESTIONS:
            raise ValidationError(
                {"text": gettext("You are asking questions too quickly. Wait a minute and try again.")}
            )
        question = Question.objects.create(session=session, author=author, text=text, anonymous=anonymous)
        _publish(question, votes=0, public=False)
    return question


def vote(*, question: Question, by: AnyUser) -> QuestionVote:
    """Vote for an approved question, once per person and never for your own.

    Publishes the question with its new count on the session topic, and ``voted`` to the voter.
    """
    session = question.session
    voter = roles.require_participant(
        session=session, user=by, sign_in=gettext("Sign in to vote."), not_visible=NOT_VISIBLE
    )
    refuse_after_end(
        session=session, field="id", refusal=gettext("This session has ended: its questions take no more votes.")
    )
    with transaction.atomic():
        # The row lock serialises votes for one question, so each event carries the count after it.
        current = Question.objects.select_for_update().get(pk=question.pk)
        if current.author_id == voter.pk:
            raise ValidationError({"id": gettext("You cannot vote for your own question.")})
        if current.status != QuestionStatus.APPROVED:
            raise ValidationError({"id": gettext("You can only vote for approved questions.")})
        if QuestionVote.objects.filter(question=current, voter=voter).exists():
            raise ValidationError({"id": gettext("You have already voted for this question.")})
        try:
            with transaction.atomic():
                cast = QuestionVote.objects.create(question=current, voter=voter)
        except IntegrityError:
            raise ValidationError({"id": gettext("You have already voted for this question.")}) from None
        current.author = question.author
        _publish(current, votes=current.votes.count(), public=True)
        publish_on_commit(f"user:{voter.pk}", {"qa": {"session": session.pk, "voted": current.pk}})
    return cast


def moderate(*, question: Question, by: AnyUser, status: str) -> Question:
    """Approve, hide or mark a question answered (the session's moderators and the event's organisers only).

    Setting the status it already has changes nothing and publishes nothing. A change to a question
    that is or was public is published on the session topic, otherwise to its author and the moderators.
    """
    session = question.session
    require_moderator(session=session, user=by)
    if status not in MODERATION_STATUSES:
        raise ValidationError({"status": gettext("Choose approve, hide or mark as answered.")})
    with transaction.atomic():
        current = Question.objects.select_for_update().get(pk=question.pk)
        if current.status != status:
            was_public = current.is_public
            current.status = status
            current.save(update_fields=["status"])
            current.author = question.author
            _publish(current, votes=current.votes.count(), public=was_public or current.is_public)
    question.status = current.status
    return question


def _publish(question: Question, *, votes: int, public: bool) -> None:
    session = question.session
    event = {"qa": {"session": session.pk, "question": question_data(question, votes)}}
    if public:
        publish_on_commit(f"session:{session.pk}", event)
        return
    for user_id in sorted({question.author_id} | moderating_account_ids(session=session)):
        if user_id == question.author_id and question.anonymous:
            # Only the author learns the anonymous question is theirs.
            publish_on_commit(f"user:{user_id}", {"qa": {**event["qa"], "asked": question.pk}})
        else:
            publish_on_commit(f"user:{user_id}", event)
