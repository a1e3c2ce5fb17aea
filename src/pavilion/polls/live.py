"""Polls on the ``session:<id>`` topic: the ``polls`` snapshot part and the ``polls.*`` commands;
a poll's counts on the ``poll:<id>`` topic while they are not for everyone.

The gateway has already checked that the user may follow the session; the services check again
(and check moderation), so the live door enforces exactly what the page's forms do.

Snapshot ``data.polls``::

    {"polls": [{"id", "question", "kind", "status", "show_results",
                "options": [{"id", "text", "votes"}], "ballots"}, ...],
     "is_moderator": bool,  # drafts are listed for moderators only
     "voted": [poll ids the viewer has voted in]}

``votes`` is null where the viewer may not see the counts yet (``show_results`` "voted" before they
vote, "closed" before the poll closes; moderators always see them).

Event ``{"polls": {"session": id, "poll": {...}}}``: the whole poll after a change. Drafts are
published only on the moderators' ``user:<id>`` topics, which moderators' clients also follow. While
a poll's counts are not for everyone, the session's topic carries it with null votes and
``poll:<id>`` carries it with its counts: moderators, and voters of a "voted" poll, may follow that
topic (snapshot ``data.poll``: the poll with its counts; the same events). A client merges the two
streams by the number of ballots, which only grows (frontend/src/state/polls.js ``mergePoll``).
A voter learns from the ``polls.vote`` acknowledgement that they voted; no event says who voted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.utils.translation import gettext
from pydantic import Field

import pavilion.events.live  # noqa: F401  (registers the "session" topic kind this module extends)
from pavilion.accounts.models import User
from pavilion.events.live import session_of as _session
from pavilion.events.models import Event, Session
from pavilion.events.roles import moderating_account_ids
from pavilion.live.registry import registry
from pavilion.live.revocation import recheck_access
from pavilion.live.schemas import Command, Id
from pavilion.polls import services
from pavilion.polls.models import MAX_OPTION_LENGTH, MAX_OPTIONS, MAX_QUESTION_LENGTH, Poll, PollStatus, PollVote


def _may_follow_results(user: User | None, key: int) -> bool:
    """Who may follow ``poll:<key>``, the poll's counts: ``services.may_see_results``."""
    poll = Poll.objects.select_related("session__event").filter(pk=key).first()
    return poll is not None and services.may_see_results(poll=poll, user=user)


registry.topic_kind("poll", authorize=_may_follow_results)


def _session_changed(sender: Any, instance: Session | Event, created: bool = False, **kwargs: Any) -> None:
    """A session or event whose access changed: the followers of its polls' counts are authorised again."""
    if created:
        return
    polls = Poll.objects.exclude(status=PollStatus.DRAFT)
    polls = polls.filter(session=instance) if isinstance(instance, Session) else polls.filter(session__event=instance)
    topics = [services.results_topic(pk) for pk in polls.values_list("pk", flat=True)]
    if topics:
        recheck_access(topics=topics)


post_save.connect(_session_changed, sender=Session, dispatch_uid="pavilion.polls.live.session_changed")
post_save.connect(_session_changed, sender=Event, dispatch_uid="pavilion.polls.live.event_changed")


@registry.snapshot_part("poll", "poll")
def results_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    """The poll with its counts: everyone allowed on this topic may see them."""
    poll = Poll.objects.get(pk=key)
    return [services.polls_data([poll])[0]] * len(viewers)


OptionText = Annotated[str, Field(max_length=MAX_OPTION_LENGTH, strict=True)]


class CreatePoll(Command):
    question: str = Field(max_length=MAX_QUESTION_LENGTH, strict=True)
    kind: Literal["single", "multiple"]
    options: list[OptionText] = Field(max_length=MAX_OPTIONS)
    show_results: Literal["live", "voted", "closed"] = "voted"


class PollId(Command):
    id: Id


class ShowResultsChange(Command):
    id: Id
    show_results: Literal["live", "voted", "closed"]


class Vote(Command):
    id: Id
    options: list[Id] = Field(max_length=MAX_OPTIONS)


def _poll(key: int, poll_id: int, *, moderator: bool) -> Poll:
    """A poll of this topic's session (drafts only for moderators), or ValidationError({"id": …})."""
    polls = Poll.objects.filter(pk=poll_id, session_id=key).select_related("session__event")
    if not moderator:
        polls = polls.exclude(status=PollStatus.DRAFT)
    poll = polls.first()
    if poll is None:
        raise ValidationError({"id": gettext("There is no such poll in this session.")})
    return poll


@registry.snapshot_part("session", "polls")
def polls_snapshot(viewers: Sequence[User | None], key: int) -> list[dict[str, Any]]:
    """What ``services.state`` gives each viewer: the polls read once, the ballots of all viewers in one query."""
    session = _session(key)
    moderators = moderating_account_ids(session=session)
    every = services.polls_data(services.visible_polls(session=session, moderator=True))
    public = [poll for poll in every if poll["status"] != PollStatus.DRAFT]
    hidden = services.for_viewer(public, moderator=False, voted=[])  # what anyone who has not voted sees
    ids = [viewer.pk for viewer in viewers if viewer is not None]
    voted: dict[int, list[int]] = defaultdict(list)
    if ids:
        ballots = PollVote.objects.filter(poll__session=session, voter_id__in=ids).order_by("poll_id")
        for voter, poll in ballots.values_list("voter_id", "poll_id"):
            voted[voter].append(poll)
    parts = []
    for viewer in viewers:
        moderator = viewer is not None and viewer.pk in moderators
        theirs = voted.get(viewer.pk, []) if viewer is not None else []
        if moderator:
            polls = every
        elif theirs:
            polls = services.for_viewer(public, moderator=False, voted=theirs)
        else:
            polls = hidden
        parts.append({"polls": polls, "is_moderator": moderator, "voted": theirs})
    return parts


@registry.command("polls.create", topic_kinds={"session"}, schema=CreatePoll)
def create(*, user: User, key: int, data: CreatePoll) -> dict[str, int]:
    poll = services.create_poll(
        session=_session(key),
        by=user,
        question=data.question,
        kind=data.kind,
        options=data.options,
        show_results=data.show_results,
    )
    return {"id": poll.pk}


@registry.command("polls.open", topic_kinds={"session"}, schema=PollId)
def open_(*, user: User, key: int, data: PollId) -> dict[str, int]:
    services.require_moderator(session=_session(key), user=user)  # before saying which polls exist
    services.open_poll(poll=_poll(key, data.id, moderator=True), by=user)
    return {"id": data.id}


@registry.command("polls.close", topic_kinds={"session"}, schema=PollId)
def close(*, user: User, key: int, data: PollId) -> dict[str, int]:
    services.require_moderator(session=_session(key), user=user)  # before saying which polls exist
    services.close_poll(poll=_poll(key, data.id, moderator=True), by=user)
    return {"id": data.id}


@registry.command("polls.show_results", topic_kinds={"session"}, schema=ShowResultsChange)
def show_results(*, user: User, key: int, data: ShowResultsChange) -> dict[str, int]:
    services.require_moderator(session=_session(key), user=user)  # before saying which polls exist
    poll = _poll(key, data.id, moderator=True)
    services.change_show_results(poll=poll, by=user, show_results=data.show_results)
    return {"id": data.id}


@registry.command("polls.vote", topic_kinds={"session"}, schema=Vote)
def vote(*, user: User, key: int, data: Vote) -> dict[str, int]:
    session = _session(key)
    poll = _poll(key, data.id, moderator=services.is_moderator(session=session, user=user))
    services.vote(poll=poll, by=user, option_ids=data.options)
    return {"id": data.id}
