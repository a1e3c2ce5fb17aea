"""``{% polls_panel session viewer as polls %}``: what the session page's polls panel shows."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from pavilion.events.access import Viewer
from pavilion.events.models import Session
from pavilion.polls import services
from pavilion.polls.forms import PollForm
from pavilion.polls.models import PollKind, PollStatus

register = template.Library()


@dataclass(frozen=True)
class PanelOption:
    id: int
    text: str
    votes: int
    percent: int  # of the ballots cast, rounded


@dataclass(frozen=True)
class PanelPoll:
    id: int
    question: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    options: list[PanelOption]
    ballots: int
    voted: bool

    @property
    def is_open(self) -> bool:
        return self.status == PollStatus.OPEN

    @property
    def is_draft(self) -> bool:
        return self.status == PollStatus.DRAFT


@dataclass(frozen=True)
class PollsPanel:
    polls: list[PanelPoll]  # newest first
    form: PollForm | None  # moderators only
    user_id: int | None
    is_moderator: bool


def percent(votes: int, ballots: int) -> int:
    return round(votes * 100 / ballots) if ballots else 0


@register.simple_tag
def polls_panel(session: Session, viewer: Viewer) -> PollsPanel:
    """The session's polls with their results and the viewer's part in them, in a fixed number of queries."""
    user = viewer.user
    moderator = services.is_moderator(session=session, user=user)
    data = services.polls_data(services.visible_polls(session=session, moderator=moderator))
    voted = set(services.voted_ids(session=session, user=user))
    polls = [
        PanelPoll(
            id=poll["id"],
            question=poll["question"],
            kind=poll["kind"],
            kind_label=str(PollKind(poll["kind"]).label),
            status=poll["status"],
            status_label=str(PollStatus(poll["status"]).label),
            options=[
                PanelOption(**option, percent=percent(option["votes"], poll["ballots"])) for option in poll["options"]
            ],
            ballots=poll["ballots"],
            voted=poll["id"] in voted,
        )
        for poll in reversed(data)
    ]
    return PollsPanel(
        polls=polls,
        form=PollForm() if moderator else None,
        user_id=user.pk if user is not None else None,
        is_moderator=moderator,
    )
