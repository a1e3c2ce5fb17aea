"""Loading the demo: organisations, events with sessions, and one account per role."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction

from pavilion.accounts.models import User
from pavilion.demo import content
from pavilion.directory.models import Organisation
from pavilion.events.models import Event, Session, SubGroup


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
            "content_locales": content.ALL_LANGUAGES,
            "is_published": True,
        },
    )
    event.organisers.set([organisations[slug] for slug in item["organisers"]])
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


@transaction.atomic
def load_demo(*, set_passwords: bool) -> list[DemoAccount]:
    """Create or update the demo; running it again changes nothing.

    Demo accounts get their documented passwords only when ``set_passwords`` is true (debug mode);
    otherwise they cannot sign in until an administrator sets a password.
    """
    organisations = _load_organisations()
    for item in content.EVENTS:
        _load_event(item, organisations)
    return [_load_account(item, organisations, set_password=set_passwords) for item in content.ACCOUNTS]
