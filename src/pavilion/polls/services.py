"""Poll rules: who creates, opens and closes polls, who votes, and what each change tells the session's live topic.

Every door (the session page's forms, the live commands) calls these functions, so a rule is
enforced once. Each write commits, then publishes ``{"polls": {"session": id, "poll": {...}}}`` (the
whole poll, with its status and counts) on ``session:<id>`` — or, while the poll is a draft, only on
the ``user:<id>`` topics of the session's moderators; a refused call raises PermissionDenied or
ValidationError({field: message}) and changes nothing.

Results (the counts per option) follow the poll's ``show_results``: as the votes come in, to each
person once they have voted, or when the poll closes; moderators always see them. While a poll's
counts are not for everyone, the session's topic carries the poll with ``"votes": null`` per option,
and the counts go to the ``poll:<id>`` topic, which only those who may see them can follow
(polls/live.py). No frame, page or snapshot gives counts to anyone else.

Moderators are the session's (pavilion.events.roles.is_moderator): the event's organisers and the
accounts linked to the session's chairs and moderators.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_lazy

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.core import texts
from pavilion.events import roles
from pavilion.events.access import AnyUser, can_see_session
from pavilion.events.lifecycle import refuse_after_end
from pavilion.events.models import Session
from pavilion.events.roles import is_moderator as is_moderator  # re-exported for the panel and live.py
from pavilion.events.roles import moderating_account_ids
from pavilion.live.broker import publish_on_commit
from pavilion.live.revocation import recheck_access
from pavilion.polls.models import (
    MAX_OPTION_LENGTH,
    MAX_OPTIONS,
    MAX_QUESTION_LENGTH,
    MIN_OPTIONS,
    Poll,
    PollKind,
    PollOption,
    PollStatus,
    PollVote,
    ShowResults,
)

#: Refused to anyone who may not see the session (rendered when raised).
NOT_VISIBLE = gettext_lazy("You cannot take part in this session's polls.")


def topic_of(session: Session) -> str:
    return f"session:{session.pk}"


def require_moderator(*, session: Session, user: AnyUser) -> User:
    """The moderator's account, or PermissionDenied for anyone who does not moderate this session."""
    return roles.require_moderator(
        session=session,
        user=user,
        sign_in=gettext("Sign in to do this."),
        not_visible=NOT_VISIBLE,
    )


# Reading


def visible_polls(*, session: Session, moderator: bool) -> list[Poll]:
    """The session's polls, oldest first: drafts only for moderators (``polls_data`` adds their options)."""
    polls = Poll.objects.filter(session=session).order_by("created_at", "pk")
    if not moderator:
        polls = polls.exclude(status=PollStatus.DRAFT)
    return list(polls)


def counts(polls: Sequence[Poll]) -> tuple[Counter[int], Counter[int]]:
    """(votes per option id, ballots per poll id) for these polls, in two queries whatever their number."""
    ids = [poll.pk for poll in polls]
    if not ids:
        return Counter(), Counter()
    chosen = PollVote.options.through.objects.filter(pollvote__poll_id__in=ids).values_list("polloption_id", flat=True)
    ballots = PollVote.objects.filter(poll_id__in=ids).values_list("poll_id", flat=True)
    return Counter(chosen), Counter(ballots)


def results_for_everyone(poll: Poll | dict[str, Any]) -> bool:
    """Whether everyone who sees the poll sees its counts: shown as they come in, or the poll is closed."""
    if isinstance(poll, dict):
        status, show = poll["status"], poll["show_results"]
    else:
        status, show = poll.status, poll.show_results
    return show == ShowResults.LIVE or status == PollStatus.CLOSED


def results_visible(poll: Poll | dict[str, Any], *, moderator: bool, voted: bool) -> bool:
    """Whether this viewer sees the poll's counts (the organiser's choice per poll; moderators always)."""
    show = poll["show_results"] if isinstance(poll, dict) else poll.show_results
    return moderator or results_for_everyone(poll) or (voted and show == ShowResults.AFTER_VOTING)


def poll_data(
    poll: Poll, options: Sequence[dict[str, Any]], votes: Counter[int], ballots: Counter[int]
) -> dict[str, Any]:
    """A poll as the snapshot and the events carry it, with its counts (see ``without_results``)."""
    return {
        "id": poll.pk,
        "question": poll.question,
        "kind": poll.kind,
        "status": poll.status,
        "show_results": poll.show_results,
        "options": [{"id": option["id"], "text": option["text"], "votes": votes[option["id"]]} for option in options],
        "ballots": ballots[poll.pk],
    }


def without_results(data: dict[str, Any]) -> dict[str, Any]:
    """The poll for someone who may not see its counts yet: every option's ``votes`` is None.

    The number of ballots stays: how many took part is not how they voted.
    """
    return {**data, "options": [{**option, "votes": None} for option in data["options"]]}


def options_of(polls: Sequence[Poll]) -> dict[int, list[dict[str, Any]]]:
    """Each poll's options in their order (``{"id", "text"}``), in one query.

    Plain rows rather than ``prefetch_related("options")``: prefetched options and their poll
    refer to each other, and every live snapshot would leave that cycle for the full garbage
    collection, which a live worker runs rarely (tests/live/test_snapshot_garbage.py).
    """
    rows = PollOption.objects.filter(poll_id__in=[poll.pk for poll in polls]).order_by("poll_id", "position", "pk")
    options: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows.values("id", "poll_id", "text"):
        options[row["poll_id"]].append({"id": row["id"], "text": row["text"]})
    return options


def polls_data(polls: Sequence[Poll]) -> list[dict[str, Any]]:
    """The polls with their options and counts, for moderators (and for anyone, through ``for_viewer``)."""
    if not polls:
        return []
    options = options_of(polls)
    votes, ballots = counts(polls)
    return [poll_data(poll, options[poll.pk], votes, ballots) for poll in polls]


def for_viewer(data: Sequence[dict[str, Any]], *, moderator: bool, voted: Iterable[int]) -> list[dict[str, Any]]:
    """These polls (``polls_data``) as one viewer may see them: counts only where ``results_visible``."""
    voted = set(voted)
    return [
        poll if results_visible(poll, moderator=moderator, voted=poll["id"] in voted) else without_results(poll)
        for poll in data
    ]


def voted_ids(*, session: Session, user: AnyUser) -> list[int]:
    """The polls of this session the person has voted in."""
    account = account_of(user)
    if account is None:
        return []
    votes = PollVote.objects.filter(poll__session=session, voter=account).order_by("poll_id")
    return list(votes.values_list("poll_id", flat=True))


def state(*, session: Session, user: AnyUser) -> dict[str, Any]:
    """What a viewer knows of the session's polls (the live snapshot part ``polls``)."""
    moderator = is_moderator(session=session, user=user)
    voted = voted_ids(session=session, user=user)
    data = polls_data(visible_polls(session=session, moderator=moderator))
    return {"polls": for_viewer(data, moderator=moderator, voted=voted), "is_moderator": moderator, "voted": voted}


def may_see_results(*, poll: Poll, user: AnyUser) -> bool:
    """Whether this person may follow the poll's counts now (the ``poll:<id>`` topic): never for a draft."""
    if poll.status == PollStatus.DRAFT or not can_see_session(session=poll.session, user=user):
        return False
    moderator = is_moderator(session=poll.session, user=user)
    account = account_of(user)
    voted = account is not None and PollVote.objects.filter(poll=poll, voter=account).exists()
    return results_visible(poll, moderator=moderator, voted=voted)


# Writing


def _clean_question(question: str) -> str:
    return texts.clean_text(
        question,
        field="question",
        limit=MAX_QUESTION_LENGTH,
        empty=gettext_lazy("Write a question first."),
        too_long=gettext_lazy("A question can have at most %(limit)d characters (it has %(length)d)."),
    )


def _clean_options(options: Iterable[str]) -> list[str]:
    texts = [text.strip() for text in options]
    if any(not text for text in texts):
        raise ValidationError({"options": gettext("Every option needs a text.")})
    if not MIN_OPTIONS <= len(texts) <= MAX_OPTIONS:
        raise ValidationError(
            {
                "options": gettext("A poll needs %(min)d to %(max)d options (it has %(count)d).")
                % {"min": MIN_OPTIONS, "max": MAX_OPTIONS, "count": len(texts)}
            }
        )
    too_long = [text for text in texts if len(text) > MAX_OPTION_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "options": gettext("An option can have at most %(limit)d characters (one has %(length)d).")
                % {"limit": MAX_OPTION_LENGTH, "length": len(too_long[0])}
            }
        )
    if len({text.casefold() for text in texts}) != len(texts):
        raise ValidationError({"options": gettext("Each option must be different.")})
    return texts


def _refuse_after_end(session: Session, field: str) -> None:
    refuse_after_end(session=session, field=field, refusal=gettext("This session has ended: its polls are closed."))


def create_poll(
    *,
    session: Session,
    by: AnyUser,
    question: str,
    kind: str,
    options: Sequence[str],
    show_results: str = ShowResults.AFTER_VOTING,
) -> Poll:
    """Create a draft poll in the session (moderators only).

    The question is stripped and must be 1 to 200 characters long; ``kind`` is "single" or
    "multiple"; 2 to 10 different options, each stripped and 1 to 100 characters long;
    ``show_results`` is "live", "voted" (each person once they have voted, the default) or "closed".
    Publishes the draft on the moderators' ``user:`` topics only.
    """
    moderator = require_moderator(session=session, user=by)
    _refuse_after_end(session, "question")
    question = _clean_question(question)
    if kind not in PollKind.values:
        raise ValidationError({"kind": gettext("Choose single or multiple choice.")})
    if show_results not in ShowResults.values:
        raise ValidationError({"show_results": gettext("Choose when the results are shown.")})
    texts = _clean_options(options)
    with transaction.atomic():
        poll = Poll.objects.create(
            session=session, question=question, kind=kind, show_results=show_results, created_by=moderator
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=text, position=position) for position, text in enumerate(texts, start=1)
        )
        _publish(poll)
    return poll


def _change_status(*, poll: Poll, by: AnyUser, source: str, target: str, refusal: str) -> Poll:
    require_moderator(session=poll.session, user=by)
    with transaction.atomic():
        current = Poll.objects.select_for_update().get(pk=poll.pk)
        if current.status == target:
            poll.status = target
            return poll  # already done: nothing changes, nothing is published
        if current.status != source:
            raise ValidationError({"id": refusal})
        Poll.objects.filter(pk=poll.pk).update(status=target)
        poll.status = target
        _publish(poll)
    return poll


def open_poll(*, poll: Poll, by: AnyUser) -> Poll:
    """Open a draft poll for voting (moderators only). Publishes the poll.

    Opening an open poll changes nothing and publishes nothing; a closed poll cannot be reopened,
    and no poll opens once the session has ended.
    """
    require_moderator(session=poll.session, user=by)
    _refuse_after_end(poll.session, "id")
    return _change_status(
        poll=poll,
        by=by,
        source=PollStatus.DRAFT,
        target=PollStatus.OPEN,
        refusal=gettext("A closed poll cannot be opened again."),
    )


def close_poll(*, poll: Poll, by: AnyUser) -> Poll:
    """Close an open poll: no more votes, its results stay (moderators only). Publishes the poll.

    Closing a closed poll changes nothing and publishes nothing; a draft must be opened first.
    """
    return _change_status(
        poll=poll,
        by=by,
        source=PollStatus.OPEN,
        target=PollStatus.CLOSED,
        refusal=gettext("Only an open poll can be closed."),
    )


def change_show_results(*, poll: Poll, by: AnyUser, show_results: str) -> Poll:
    """Change when a draft or open poll's results are shown (moderators only). Publishes the poll.

    ``show_results`` is one of ``ShowResults``; a closed poll shows its results to everyone and
    keeps its choice, and nothing changes once the session has ended. The followers of the poll's
    counts (``poll:<id>``) are authorised again: a voter may no longer see them. While that happens,
    the counts of this change go to the moderators' own topics, not to ``poll:<id>``.
    """
    require_moderator(session=poll.session, user=by)
    _refuse_after_end(poll.session, "show_results")
    if show_results not in ShowResults.values:
        raise ValidationError({"show_results": gettext("Choose when the results are shown.")})
    with transaction.atomic():
        current = Poll.objects.select_for_update().get(pk=poll.pk)
        if current.status == PollStatus.CLOSED:
            raise ValidationError({"show_results": gettext("This poll is closed: its results are shown to everyone.")})
        poll.status = current.status
        if current.show_results == show_results:
            poll.show_results = show_results
            return poll  # nothing changes, nothing is published
        Poll.objects.filter(pk=poll.pk).update(show_results=show_results)
        poll.show_results = show_results
        recheck_access(topics=[results_topic(poll)])
        fresh = current  # the row as locked, with the new choice: no need to read it again
        fresh.show_results = show_results
        if fresh.status == PollStatus.DRAFT or results_for_everyone(fresh):
            _publish(fresh)
        else:
            # Voters still on poll:<id> may have just lost the counts: this version does not go there.
            data = polls_data([fresh])[0]
            publish_on_commit(
                topic_of(poll.session), {"polls": {"session": poll.session_id, "poll": without_results(data)}}
            )
            for user_id in sorted(moderating_account_ids(session=poll.session)):
                publish_on_commit(f"user:{user_id}", {"polls": {"session": poll.session_id, "poll": data}})
    return poll


def vote(*, poll: Poll, by: AnyUser, option_ids: Sequence[int]) -> PollVote:
    """Cast the person's one ballot in an open poll. Publishes the poll with the new counts.

    The voter must be signed in and able to see the session; a single-choice poll takes exactly
    one option, a multiple-choice poll one or more, all of them this poll's. A second ballot is
    refused.
    """
    voter = roles.require_participant(
        session=poll.session, user=by, sign_in=gettext("Sign in to vote."), not_visible=NOT_VISIBLE
    )
    _refuse_after_end(poll.session, "options")
    chosen = sorted(set(option_ids))
    with transaction.atomic():
        # The poll's row is locked so that ballots and the counts they publish come one after another.
        current = Poll.objects.select_for_update().get(pk=poll.pk)
        if current.status != PollStatus.OPEN:
            raise ValidationError({"options": gettext("This poll is not open for voting.")})
        if not chosen:
            raise ValidationError({"options": gettext("Choose an option.")})
        if current.kind == PollKind.SINGLE and len(chosen) != 1:
            raise ValidationError({"options": gettext("Choose only one option in this poll.")})
        options = list(PollOption.objects.filter(poll=current, pk__in=chosen))
        if len(options) != len(chosen):
            raise ValidationError({"options": gettext("Choose among this poll's options.")})
        if PollVote.objects.filter(poll=current, voter=voter).exists():
            raise ValidationError({"options": gettext("You have already voted in this poll.")})
        try:
            with transaction.atomic():
                ballot = PollVote.objects.create(poll=current, voter=voter)
        except IntegrityError:  # a ballot sent at the same moment from another door
            raise ValidationError({"options": gettext("You have already voted in this poll.")}) from None
        ballot.options.set(options)
        _publish(current)
    return ballot


def results_topic(poll: Poll | int) -> str:
    """The topic carrying a poll's counts to those who may see them before everyone does."""
    return f"poll:{poll if isinstance(poll, int) else poll.pk}"


def _publish(poll: Poll) -> None:
    """The whole poll to the session's topic; a draft only to its moderators' own topics.

    While the counts are not for everyone, the session's topic gets the poll without them and the
    poll's own topic (``results_topic``) gets it with them.
    """
    fresh = Poll.objects.get(pk=poll.pk)
    data = polls_data([fresh])[0]
    event = {"polls": {"session": poll.session_id, "poll": data}}
    if fresh.status == PollStatus.DRAFT:
        for user_id in sorted(moderating_account_ids(session=poll.session)):
            publish_on_commit(f"user:{user_id}", event)
    elif results_for_everyone(fresh):
        publish_on_commit(topic_of(poll.session), event)
    else:
        hidden = {"polls": {"session": poll.session_id, "poll": without_results(data)}}
        publish_on_commit(topic_of(poll.session), hidden)
        publish_on_commit(results_topic(fresh), event)
