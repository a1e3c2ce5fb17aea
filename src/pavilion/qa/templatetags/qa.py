"""``{% qa_panel session viewer as qa %}``: what the session page's questions panel shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import template

from pavilion.events.access import Viewer
from pavilion.events.models import Session
from pavilion.events.roles import viewer_moderates
from pavilion.qa import services
from pavilion.qa.forms import QuestionForm

register = template.Library()


@dataclass(frozen=True)
class PanelQuestion:
    id: int
    author: str | None  # None: asked anonymously
    author_id: int | None
    anonymous: bool
    text: str
    status: str
    status_label: str
    votes: int
    at: str  # ISO UTC, for <time datetime>
    created_at: datetime  # shown in the viewer's time zone
    may_vote: bool  # signed in, approved, not theirs, not voted yet
    has_voted: bool


@dataclass(frozen=True)
class QaPanel:
    questions: list[PanelQuestion]
    form: QuestionForm
    user_id: int | None
    is_moderator: bool
    anonymous_allowed: bool


@register.simple_tag
def qa_panel(session: Session, viewer: Viewer) -> QaPanel:
    """The questions this viewer sees and their part in them, in a fixed number of queries."""
    user = viewer.user
    moderator = viewer_moderates(session=session, viewer=viewer)
    shown = services.visible_questions(session=session, user=user, moderator=moderator)
    voted = set(services.voted_ids(session=session, user=user))
    questions = []
    for question in shown:
        data = services.question_data(question)
        questions.append(
            PanelQuestion(
                **data,
                status_label=str(question.get_status_display()),
                created_at=question.created_at,
                may_vote=user is not None
                and data["status"] == "approved"
                and question.author_id != user.pk
                and question.pk not in voted,
                has_voted=question.pk in voted,
            )
        )
    return QaPanel(
        questions=questions,
        form=QuestionForm(),
        user_id=user.pk if user is not None else None,
        is_moderator=moderator,
        anonymous_allowed=services.anonymous_allowed(session=session),
    )
