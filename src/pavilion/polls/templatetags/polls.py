"""``{% polls_panel session viewer as polls %}``: what the session page's polls panel shows."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext

from pavilion.events.access import Viewer
from pavilion.events.models import Session
from pavilion.polls import services
from pavilion.polls.forms import PollForm
from pavilion.polls.models import PollKind, PollStatus, ShowResults

register = template.Library()


@dataclass(frozen=True)
class PanelOption:
    id: int
    text: str
    votes: int | None  # None: the viewer may not see the counts yet
    percent: int | None  # of the ballots cast, rounded


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
    show_results: str
    results_shown: bool

    @property
    def results_note(self) -> str:
        """Why the counts are not shown (yet), or "" when they are."""
        if self.results_shown:
            return ""
        if self.show_results == ShowResults.AFTER_VOTING:
            return gettext("The results are shown once you have voted.")
        return gettext("The results are shown when the poll closes.")

    @property
    def is_open(self) -> bool:
        return self.status == PollStatus.OPEN

    @property
    def is_draft(self) -> bool:
        return self.status == PollStatus.DRAFT

    @property
    def show_results_choices(self) -> list[tuple[str, str, bool]]:
        """The choices of when results are shown, with this poll's marked: (value, label, chosen)."""
        return [(value, str(label), value == self.show_results) for value, label in ShowResults.choices]


@dataclass(frozen=True)
class PollsPanel:
    polls: list[PanelPoll]  # newest first
    form: PollForm | None  # moderators only
    user_id: int | None
    is_moderator: bool

    @property
    def show_results_choices(self) -> list[tuple[str, str, bool]]:
        """The choices of when results are shown, for a new poll (the default chosen)."""
        return [(value, str(label), value == ShowResults.AFTER_VOTING) for value, label in ShowResults.choices]


def percent(votes: int | None, ballots: int) -> int | None:
    if votes is None:
        return None
    return round(votes * 100 / ballots) if ballots else 0


@register.simple_tag
def polls_panel(session: Session, viewer: Viewer) -> PollsPanel:
    """The session's polls with their results and the viewer's part in them, in a fixed number of queries."""
    user = viewer.user
    moderator = services.is_moderator(session=session, user=user)
    voted = set(services.voted_ids(session=session, user=user))
    data = services.for_viewer(
        services.polls_data(services.visible_polls(session=session, moderator=moderator)),
        moderator=moderator,
        voted=voted,
    )
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
            show_results=poll["show_results"],
            results_shown=all(option["votes"] is not None for option in poll["options"]),
        )
        for poll in reversed(data)
    ]
    return PollsPanel(
        polls=polls,
        form=PollForm() if moderator else None,
        user_id=user.pk if user is not None else None,
        is_moderator=moderator,
    )
