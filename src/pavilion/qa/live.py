"""Q&A on the ``session:<id>`` topic: the ``qa`` snapshot part and the ``qa.*`` commands.

The gateway has already checked that the user may follow the session; the services check again
(and check moderation), so the live door enforces exactly what the page's forms do.

Snapshot ``data.qa``::

    {"questions": [{"id", "author", "author_id", "anonymous", "text", "status", "votes", "at"}, ...],
     "is_moderator": bool, "voted": [question ids],
     "asked": [the viewer's own anonymous questions], "anonymous_allowed": bool}

An anonymous question's ``author`` and ``author_id`` are null for everyone.

``questions`` are the approved and answered ones (most votes first, then oldest first), then the
pending ones this person may see (their own; all of them for moderators). Events and where they are
published: see services.py. Clients also follow ``user:<me>`` for pending questions and their votes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext
from pydantic import Field

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.events.live import session_of as _session
from pavilion.events.models import Session
from pavilion.events.roles import moderating_account_ids
from pavilion.live.registry import registry
from pavilion.live.schemas import Command, Id
from pavilion.qa import services
from pavilion.qa.models import MAX_QUESTION_LENGTH, PUBLIC_STATUSES, Question, QuestionStatus, QuestionVote


class AskQuestion(Command):
    text: str = Field(max_length=MAX_QUESTION_LENGTH, strict=True)
    anonymous: bool = False


class VoteForQuestion(Command):
    id: Id


class ModerateQuestion(Command):
    id: Id
    status: Literal["approved", "hidden", "answered"]


def _question(session: Session, user: User, question_id: int, *, moderator: bool) -> Question:
    """A question of this session that the person can see, or ValidationError({"id": …})."""
    for question in services.visible_questions(session=session, user=user, moderator=moderator):
        if question.pk == question_id:
            question.session = session
            return question
    raise ValidationError({"id": gettext("There is no such question in this session.")})


@registry.snapshot_part("session", "qa")
def qa_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    """What ``services.state`` gives each viewer, in six queries however many they are."""
    session = _session(key)
    moderators = moderating_account_ids(session=session)
    shown = (*PUBLIC_STATUSES, QuestionStatus.PENDING)
    questions = list(
        Question.objects.filter(session=session, status__in=shown)
        .select_related("author")
        .annotate(vote_count=Count("votes"))
    )
    authors = {question.pk: question.author_id for question in questions}  # anonymous ones too
    data = sorted((services.question_data(question) for question in questions), key=services.sort_key)
    allowed = services.anonymous_allowed(session=session)
    ids = [viewer.pk for viewer in viewers if viewer is not None]
    asked: dict[int, list[int]] = defaultdict(list)
    if ids:
        anonymous = Question.objects.filter(session=session, author_id__in=ids, anonymous=True)
        for author, question in anonymous.order_by("pk").values_list("author_id", "pk"):
            asked[author].append(question)
    voted: dict[int, list[int]] = defaultdict(list)
    if ids:
        votes = QuestionVote.objects.filter(question__session=session, voter_id__in=ids)
        for voter, question in votes.order_by("question_id").values_list("voter_id", "question_id"):
            voted[voter].append(question)
    parts = []
    for viewer in viewers:
        moderator = viewer is not None and viewer.pk in moderators
        mine = viewer.pk if viewer is not None else None
        parts.append(
            {
                "questions": [
                    question
                    for question in data
                    if question["status"] != QuestionStatus.PENDING or moderator or authors[question["id"]] == mine
                ],
                "is_moderator": moderator,
                "voted": voted.get(mine, []) if mine is not None else [],
                "asked": asked.get(mine, []) if mine is not None else [],
                "anonymous_allowed": allowed,
            }
        )
    return parts


@registry.command("qa.ask", topic_kinds={"session"}, schema=AskQuestion)
def ask(*, user: User, key: int, data: AskQuestion) -> dict[str, int]:
    question = services.ask(session=_session(key), by=user, text=data.text, anonymous=data.anonymous)
    return {"id": question.pk}


@registry.command("qa.vote", topic_kinds={"session"}, schema=VoteForQuestion)
def vote(*, user: User, key: int, data: VoteForQuestion) -> dict[str, int]:
    session = _session(key)
    question = _question(session, user, data.id, moderator=services.is_moderator(session=session, user=user))
    services.vote(question=question, by=user)
    return {"id": data.id}


@registry.command("qa.moderate", topic_kinds={"session"}, schema=ModerateQuestion)
def moderate(*, user: User, key: int, data: ModerateQuestion) -> dict[str, Any]:
    session = _session(key)
    services.require_moderator(session=session, user=user)  # before saying which questions exist
    # Any question of this topic's session (hidden ones too): a moderator elsewhere cannot reach it through here.
    question = Question.objects.filter(pk=data.id, session=session).select_related("author").first()
    if question is None:
        raise ValidationError({"id": gettext("There is no such question in this session.")})
    question.session = session
    services.moderate(question=question, by=user, status=data.status)
    return {"id": data.id, "status": data.status}
