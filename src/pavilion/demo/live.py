"""The live demo: a forum happening now, re-dated to today each time the demo loads.

Its live sessions run from midnight today (in the event's zone) to midnight the day after tomorrow,
so they are live at any hour of the day the demo is loaded and the next; yesterday's opening has
ended and keeps its record. The stages play the video shipped under static/pavilion/demo/.

Loading again on the same day changes nothing; on a later day the sessions move to the new dates and
what people said moves with them (the same rows, re-dated), so nothing is duplicated.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta
from typing import Any

from pavilion.accounts.models import User
from pavilion.accreditation.models import Registration
from pavilion.captions.models import CaptionLine
from pavilion.chat.models import ChatMessage
from pavilion.demo import live_content
from pavilion.events.models import Event, Room, Session
from pavilion.floor.models import FloorRequest
from pavilion.floor.services import function_of
from pavilion.polls.models import Poll, PollOption, PollVote
from pavilion.qa.models import Question, QuestionSettings

#: The account that runs the demo's sessions (it organises every demo event).
HOST = "organiser@pavilion.example.org"


def today_in_zone(now: datetime) -> date:
    """Today's date where the live event takes place."""
    return now.astimezone(zoneinfo.ZoneInfo(live_content.LIVE_TIME_ZONE)).date()


def dated_event(*, today: date) -> dict[str, Any]:
    """The live event in the shape of content.EVENTS, its days and times counted from ``today``."""

    def moment(offset_and_time: tuple[int, str]) -> str:
        offset, clock = offset_and_time
        return f"{today + timedelta(days=offset):%Y-%m-%d} {clock}"

    item = dict(live_content.EVENT)
    item["start_date"] = (today + timedelta(days=item.pop("first_day"))).isoformat()
    item["end_date"] = (today + timedelta(days=item.pop("last_day"))).isoformat()
    item["sessions"] = [
        {**session, "starts": moment(session["starts"]), "ends": moment(session["ends"])}
        for session in live_content.EVENT["sessions"]
    ]
    return item


def load_live(*, event: Event, now: datetime) -> None:
    """The live event's rooms with the demo video, and what was said in its sessions."""
    rooms = {}
    for position, item in enumerate(live_content.ROOMS):
        rooms[item["slug"]], _created = Room.objects.update_or_create(
            event=event,
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "stream_url": live_content.STAGE_VIDEO,
                "caption_tracks": live_content.STAGE_CAPTIONS,
                "position": position,
            },
        )
    for slug, (room, languages) in live_content.SESSION_ROOMS.items():
        Session.objects.filter(event=event, slug=slug).update(room=rooms[room], languages=languages)
    users = {user.email: user for user in User.objects.all()}
    for slug, activity in live_content.ACTIVITY.items():
        session = Session.objects.get(event=event, slug=slug)
        _load_activity(session=session, activity=activity, users=users, now=now)


def _said_at(session: Session, minutes: int, now: datetime) -> datetime:
    """A live session's words came ``minutes`` before now (not before it started); an ended one's after its start."""
    if session.ends_at <= now:
        return session.starts_at + timedelta(minutes=minutes)
    return max(session.starts_at, now - timedelta(minutes=minutes))


def _place(model: Any, pk: int, created: bool, at: datetime, *, session: Session) -> None:
    """Date a new row ``at``; keep an old row's time unless the session moved (another day) away from it."""
    rows = model.objects.filter(pk=pk)
    if created or not rows.filter(created_at__range=(session.starts_at, session.ends_at)).exists():
        rows.update(created_at=at)


def _load_activity(*, session: Session, activity: dict[str, Any], users: dict[str, User], now: datetime) -> None:
    host = users[HOST]
    for email, minutes, text in activity["chat"]:
        message, created = ChatMessage.objects.get_or_create(session=session, author=users[email], text=text)
        _place(ChatMessage, message.pk, created, _said_at(session, minutes, now), session=session)
    # The live sessions take anonymous questions, so a newcomer sees the choice.
    QuestionSettings.objects.update_or_create(session=session, defaults={"anonymous_allowed": True})
    for email, minutes, text, status in activity["questions"]:
        question, created = Question.objects.update_or_create(
            session=session, author=users[email], text=text, defaults={"status": status}
        )
        _place(Question, question.pk, created, _said_at(session, minutes, now), session=session)
    poll_item = activity["poll"]
    poll, created = Poll.objects.update_or_create(
        session=session,
        question=poll_item["question"],
        defaults={"status": poll_item["status"], "created_by": host},
    )
    _place(Poll, poll.pk, created, _said_at(session, 15, now), session=session)
    options = []
    for position, text in enumerate(poll_item["options"]):
        option, _created = PollOption.objects.update_or_create(poll=poll, position=position, defaults={"text": text})
        options.append(option)
    for email, choice in poll_item["votes"]:
        vote, created = PollVote.objects.get_or_create(poll=poll, voter=users[email])
        if created:
            vote.options.set([options[choice]])
        _place(PollVote, vote.pk, created, _said_at(session, 10, now), session=session)
    for language, lines in activity["captions"].items():
        for sequence, text in enumerate(lines, start=1):
            line, created = CaptionLine.objects.update_or_create(
                session=session, language=language, sequence=sequence, defaults={"text": text, "author": host}
            )
            at = _said_at(session, len(lines) - sequence + 1, now)
            _place(CaptionLine, line.pk, created, at, session=session)
    for email, minutes in activity["floor"]:
        registration = Registration.objects.get(event=session.event, user=users[email])
        request = FloorRequest.objects.filter(session=session, user=registration.user).first()
        if request is None:
            FloorRequest.objects.create(
                session=session,
                user=registration.user,
                country=registration.country,
                organisation=registration.organisation,
                function=function_of(registration),
                requested_at=_said_at(session, minutes, now),
            )
        elif not session.starts_at <= request.requested_at < session.ends_at:
            FloorRequest.objects.filter(pk=request.pk).update(requested_at=_said_at(session, minutes, now))
