"""Loading the demo: organisations, events with sessions, one account per role, and the exhibition."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.accreditation.models import FocalPoint, ParticipantCategory, Registration, Status
from pavilion.demo import content, live_content
from pavilion.demo.boothtalk import load_booth_talk
from pavilion.demo.branding import ensure_branding, ensure_portrait
from pavilion.demo.exhibition import load_exhibition
from pavilion.demo.interpretation import load_interpretation
from pavilion.demo.live import dated_event, load_live, today_in_zone
from pavilion.demo.networking import load_networking
from pavilion.demo.programmes import load_programmes
from pavilion.demo.surveys import load_surveys
from pavilion.directory.models import Organisation
from pavilion.events.models import (
    ChannelKind,
    Event,
    InterpretationChannel,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    SubGroup,
    Track,
)
from pavilion.floor.models import FloorRequest
from pavilion.floor.services import function_of

#: Demo registrations were decided before the events; a fixed time keeps reloading idempotent.
DECIDED_AT = datetime(2020, 10, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str | None


def _local(value: str, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=zone)


def _load_organisations() -> dict[str, Organisation]:
    organisations = {}
    for item in content.ORGANISATIONS:
        organisation, _created = Organisation.objects.update_or_create(
            slug=item["slug"],
            defaults={key: item[key] for key in ("name", "acronym", "kind", "country", "website")},
        )
        organisations[item["slug"]] = organisation
    return organisations


def _load_event(item: dict[str, Any], organisations: dict[str, Organisation]) -> Event:
    event, _created = Event.objects.update_or_create(
        slug=item["slug"],
        defaults={
            "kind": item["kind"],
            "name": item["name"],
            "tagline": item["tagline"],
            "description": item["description"],
            "start_date": date.fromisoformat(item["start_date"]),
            "end_date": date.fromisoformat(item["end_date"]),
            "time_zone": item["time_zone"],
            "is_online": item["is_online"],
            "venue": item.get("venue", {}),
            "host_country": item["host_country"],
            "accent_colour": item.get("accent_colour", ""),
            "membership": item["membership"],
            "content_locales": content.ALL_LANGUAGES,
            "is_published": True,
        },
    )
    event.organising_bodies.set([organisations[slug] for slug in item["organisers"]])
    subgroups = {}
    for group in item["subgroups"]:
        subgroups[group["code"]], _created = SubGroup.objects.update_or_create(
            event=event, code=group["code"], defaults={"name": group["name"]}
        )
    zone = zoneinfo.ZoneInfo(item["time_zone"])
    for session in item["sessions"]:
        Session.objects.update_or_create(
            event=event,
            slug=session["slug"],
            defaults={
                "kind": session["kind"],
                "title": session["title"],
                "abstract": session.get("abstract", {}),
                "starts_at": _local(session["starts"], zone),
                "ends_at": _local(session["ends"], zone),
                "subgroup": subgroups.get(session.get("subgroup", "")),
            },
        )
    return event


def _load_account(item: dict[str, Any], organisations: dict[str, Organisation], *, set_password: bool) -> DemoAccount:
    profile = {
        key: item[key] for key in ("full_name", "honorific", "job_title", "country", "preferred_languages", "time_zone")
    }
    profile["organisation"] = organisations.get(item["organisation"])
    profile["is_staff"] = item.get("is_staff", False)
    profile["is_superuser"] = item.get("is_superuser", False)
    user, _created = User.objects.update_or_create(email=item["email"], defaults=profile)
    if set_password:
        # Hashing again would give a new salt and change the row; keep a password that still matches.
        if not user.check_password(item["password"]):
            user.set_password(item["password"])
            user.save(update_fields=["password"])
    elif user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=item["email"], defaults={"verified": True, "primary": True})
    return DemoAccount(role=item["role"], email=item["email"], password=item["password"] if set_password else None)


def _load_programme(event: Event) -> None:
    """Rooms, themes, speakers and who may see which session (where the demo has them)."""
    rooms: dict[str, Room] = {}
    for item in content.ROOMS.get(event.slug, []):
        room, _created = Room.objects.update_or_create(
            event=event,
            slug=item["slug"],
            defaults={"name": item["name"], "stream_url": item["stream_url"], "position": len(rooms)},
        )
        rooms[item["slug"]] = room
        for language in item["interpretation"]:
            InterpretationChannel.objects.update_or_create(
                room=room,
                language=language,
                kind=ChannelKind.AUDIO,
                defaults={"stream_url": f"{item['stream_url']}?interpretation={language}"},
            )
        for language in item.get("sign", []):
            InterpretationChannel.objects.update_or_create(
                room=room,
                language=language,
                kind=ChannelKind.SIGN,
                defaults={"stream_url": f"{item['stream_url']}?sign={language}"},
            )
    tracks: dict[str, Track] = {}
    for item in content.TRACKS.get(event.slug, []):
        tracks[item["slug"]], _created = Track.objects.update_or_create(
            event=event, slug=item["slug"], defaults={"name": item["name"]}
        )
    if not rooms:
        return
    for slug, setup in content.SESSION_SETUP.items():
        Session.objects.filter(event=event, slug=slug).update(
            room=rooms[setup["room"]],
            track=tracks[setup["track"]],
            access_level=setup["access"],
            languages=content.ALL_LANGUAGES if setup["room"] == "main-stage" else ["en"],
        )
    sessions = {session.slug: session for session in event.sessions.all()}
    for item in content.SPEAKERS:
        speaker, _created = Speaker.objects.update_or_create(
            event=event,
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "organisation": item["organisation"],
                "country": item["country"],
                "position": item["position"],
            },
        )
        ensure_portrait(speaker)
        for position, (session_slug, role) in enumerate(item["sessions"]):
            SessionSpeaker.objects.update_or_create(
                session=sessions[session_slug], speaker=speaker, role=role, defaults={"position": position}
            )


def _load_accreditation(events: dict[str, Event], organisations: dict[str, Organisation]) -> None:
    users = {user.email: user for user in User.objects.filter(email__in=[a["email"] for a in content.ACCOUNTS])}
    organiser = users[content.ORGANISER]
    organiser.user_permissions.add(Permission.objects.get(codename="add_event", content_type__app_label="events"))
    for event in events.values():
        event.organising_team.add(organiser)
        for position, item in enumerate(content.CATEGORIES):
            ParticipantCategory.objects.update_or_create(
                event=event,
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "requires_approval": item["requires_approval"],
                    "is_accredited": item["is_accredited"],
                    "position": position,
                },
            )
    for item in content.FOCAL_POINTS:
        FocalPoint.objects.get_or_create(
            event=events[item["event"]], user=users[item["email"]], country=item["country"]
        )
    for item in content.REGISTRATIONS + live_content.REGISTRATIONS:
        event = events[item["event"]]
        pending = item.get("pending", False)
        Registration.objects.update_or_create(
            event=event,
            user=users[item["email"]],
            defaults={
                "category": event.participant_categories.get(slug=item["category"]),
                "country": item.get("country", ""),
                "organisation": organisations.get(item.get("organisation", "")),
                "function": item["function"],
                "is_head_of_delegation": item["head"],
                "status": Status.PENDING if pending else Status.APPROVED,
                "decided_by": None if pending else users["focalpoint@pavilion.example.org"],
                "decided_at": None if pending else DECIDED_AT,
            },
        )


def _load_floor(events: dict[str, Event]) -> None:
    """Requests for the floor, with the delegation and function of each person's registration."""
    for item in content.FLOOR_REQUESTS:
        event = events[item["event"]]
        session = Session.objects.get(event=event, slug=item["session"])
        registration = Registration.objects.get(event=event, user__email=item["email"])
        if FloorRequest.objects.filter(session=session, user=registration.user).exists():
            continue  # already there, or withdrawn or heard since: the demo leaves it as it is
        FloorRequest.objects.create(
            session=session,
            user=registration.user,
            country=registration.country,
            organisation=registration.organisation,
            function=function_of(registration),
            requested_at=session.starts_at + timedelta(minutes=item["minutes"]),
        )


@transaction.atomic
def load_demo(*, set_passwords: bool, now: datetime | None = None) -> list[DemoAccount]:
    """Create or update the demo; running it again the same day changes nothing.

    The live event (live.py) is dated from ``now`` (default: the current time): its sessions are
    live today, so a later run on another day moves them, and what was said in them, to the new day.
    Demo accounts get their documented passwords only when ``set_passwords`` is true (debug mode);
    otherwise they cannot sign in until an administrator sets a password.
    """
    now = now or timezone.now()
    organisations = _load_organisations()
    items = [*content.EVENTS, dated_event(today=today_in_zone(now))]
    events = {item["slug"]: _load_event(item, organisations) for item in items}
    for event in events.values():
        _load_programme(event)
        ensure_branding(event)
    accounts = [_load_account(item, organisations, set_password=set_passwords) for item in content.ACCOUNTS]
    _load_accreditation(events, organisations)
    load_exhibition(events)
    _load_floor(events)
    load_live(event=events[live_content.LIVE_EVENT], now=now)
    load_interpretation(events)
    load_booth_talk(events)
    load_surveys(events)
    load_networking(events, now=now)
    load_programmes(
        organiser=User.objects.get(email=content.ORGANISER),
        delegate=User.objects.get(email="delegate@pavilion.example.org"),
    )
    return accounts
