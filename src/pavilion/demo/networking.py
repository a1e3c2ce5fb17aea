"""Networking in the demo: the demo's participants listed in the directory with their interests, meeting
slots and places, and a few meetings.

ITU Virtual Digital World 2020 (in the past) shows a directory, suggestions, the exhibitor's booth
taking meeting requests (with the delegate's request at times of his own, proposed on 21 October 2020,
still waiting for the staff's answer) and the organisers' figures: its meeting between the delegate and the visitor
was held on 21 October 2020. The live event opens slots
tomorrow (in its zone), so a meeting can be requested and accepted whenever the demo is tried; the
visitor's request to the delegate waits there for his answer. Written directly with fixed times and
keys (the services refuse slots in the past), so loading the demo again the same day changes nothing.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from pavilion.accounts.models import User
from pavilion.demo import live_content
from pavilion.demo.live import today_in_zone
from pavilion.events.models import Event, Track
from pavilion.exhibition.models import Booth
from pavilion.networking.models import (
    BoothInterests,
    Meeting,
    MeetingPlace,
    MeetingSlot,
    MeetingStatus,
    NetworkingProfile,
    PlaceKind,
    ProposedTime,
    SlotHold,
)

ITU_EVENT = "itu-digital-world-2020"
#: When the demo participants joined the directory (fixed: reloading changes nothing).
CONSENTED_AT = datetime(2020, 10, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
SHOWN = ["position", "organisation", "country", "function"]
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

PROFILES: list[dict[str, Any]] = [
    {
        "email": "focalpoint@pavilion.example.org",
        "themes": ["5g", "broadband", "digital-transformation"],
        "seeks": ["investment", "capacity_building"],
        "offers": ["cooperation", "partnership"],
    },
    {
        "email": "delegate@pavilion.example.org",
        "themes": ["5g", "broadband"],
        "seeks": ["capacity_building", "procurement"],
        "offers": ["cooperation"],
    },
    {
        "email": "visitor@pavilion.example.org",
        "themes": ["5g", "cybersecurity"],
        "seeks": ["cooperation", "partnership"],
        "offers": ["capacity_building"],
    },
]

PLACES: list[dict[str, Any]] = [
    {
        "name": {
            "en": "Table 1",
            "fr": "Table 1",
            "es": "Mesa 1",
            "ru": "Стол 1",
            "zh-hans": "1号桌",
            "ar": "الطاولة 1",
            "vi": "Bàn 1",
        },
        "kind": PlaceKind.TABLE,
        "video_url": "",
    },
    {
        "name": {
            "en": "Virtual room A",
            "fr": "Salle virtuelle A",
            "es": "Sala virtual A",
            "ru": "Виртуальная комната A",
            "zh-hans": "虚拟会议室A",
            "ar": "الغرفة الافتراضية A",
            "vi": "Phòng ảo A",
        },
        "kind": PlaceKind.VIRTUAL,
        "video_url": "https://meet.example.org/pavilion-demo-a",
    },
]


def _places(event: Event) -> list[MeetingPlace]:
    places = []
    for position, item in enumerate(PLACES):
        place, _created = MeetingPlace.objects.update_or_create(
            event=event,
            position=position,
            defaults={"name": item["name"], "kind": item["kind"], "video_url": item["video_url"]},
        )
        places.append(place)
    return places


def _slots(event: Event, first: datetime, count: int, length: int) -> list[MeetingSlot]:
    return [
        MeetingSlot.objects.update_or_create(
            event=event, starts_at=first + timedelta(minutes=length * index), defaults={"length": length}
        )[0]
        for index in range(count)
    ]


def _profiles(event: Event, users: dict[str, User], slots: list[MeetingSlot]) -> None:
    themes = {track.slug: track for track in Track.objects.filter(event=event)}
    for item in PROFILES:
        profile, _created = NetworkingProfile.objects.update_or_create(
            event=event,
            user=users[item["email"]],
            defaults={
                "is_listed": True,
                "consented_at": CONSENTED_AT,
                "shown_fields": SHOWN,
                "seeks": item["seeks"],
                "offers": item["offers"],
            },
        )
        profile.themes.set([themes[slug] for slug in item["themes"] if slug in themes])
        profile.available_slots.set(slots)


def _meeting(
    *,
    event: Event,
    slot: MeetingSlot,
    requester: User,
    invitee: User,
    reason: str,
    status: str,
    place: MeetingPlace | None,
) -> None:
    meeting, created = Meeting.objects.get_or_create(
        event=event,
        requester=requester,
        invitee=invitee,
        slot=slot,
        defaults={
            "reason": reason,
            "status": status,
            "place": place,
            "awaiting": invitee if status == MeetingStatus.PENDING else None,
            "decided_at": CONSENTED_AT if status == MeetingStatus.ACCEPTED else None,
        },
    )
    if created:
        SlotHold.objects.bulk_create(
            [SlotHold(slot=slot, meeting=meeting, user=requester), SlotHold(slot=slot, meeting=meeting, user=invitee)]
        )


#: The demo exhibitor's booth takes meeting requests in the event's slots.
BOOTH = "mekong-example-telecom"


#: A visitor's request to the booth at times of her own, waiting for the staff's answer.
BOOTH_REQUEST: dict[str, Any] = {
    "email": "delegate@pavilion.example.org",
    "reason": "Private 5G for industrial parks in the Mekong Delta",
    "at": datetime(2020, 10, 21, 10, 20, tzinfo=HANOI),
    "times": [datetime(2020, 10, 22, 9, 0, tzinfo=HANOI), datetime(2020, 10, 22, 14, 30, tzinfo=HANOI)],
}


def _booth(event: Event, users: dict[str, User]) -> None:
    booth = Booth.objects.filter(event=event, slug=BOOTH).first()
    if booth is None:
        return
    interests, _created = BoothInterests.objects.update_or_create(
        booth=booth,
        defaults={"accepts_meetings": True, "seeks": ["partnership"], "offers": ["investment", "capacity_building"]},
    )
    interests.themes.set(Track.objects.filter(event=event, slug__in=["5g", "broadband"]))
    meeting, _created = Meeting.objects.update_or_create(
        event=event,
        booth=booth,
        requester=users[BOOTH_REQUEST["email"]],
        reason=BOOTH_REQUEST["reason"],
        defaults={"status": MeetingStatus.PENDING, "length": 30, "time_zone": "Asia/Ho_Chi_Minh", "slot": None},
    )
    Meeting.objects.filter(pk=meeting.pk).exclude(created_at=BOOTH_REQUEST["at"]).update(created_at=BOOTH_REQUEST["at"])
    for starts_at in BOOTH_REQUEST["times"]:
        ProposedTime.objects.get_or_create(meeting=meeting, starts_at=starts_at)


def load_networking(events: dict[str, Event], *, now: datetime) -> None:
    users = {user.email: user for user in User.objects.filter(email__in=[item["email"] for item in PROFILES])}
    itu = events[ITU_EVENT]
    hanoi = zoneinfo.ZoneInfo(itu.time_zone)
    itu_slots = _slots(itu, datetime(2020, 10, 21, 16, 0, tzinfo=hanoi), 6, 20)
    itu_places = _places(itu)
    _profiles(itu, users, itu_slots)
    _meeting(
        event=itu,
        slot=itu_slots[0],
        requester=users["visitor@pavilion.example.org"],
        invitee=users["delegate@pavilion.example.org"],
        reason="Training on 5G spectrum policy for regulators in Central Asia",
        status=MeetingStatus.ACCEPTED,
        place=itu_places[0],
    )

    _booth(itu, users)

    live = events[live_content.LIVE_EVENT]
    zone = zoneinfo.ZoneInfo(live.time_zone)
    tomorrow = today_in_zone(now) + timedelta(days=1)
    first = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, 0, tzinfo=zone)
    live_slots = _slots(live, first, 6, 20)
    # Slots of earlier days (the demo loaded before) go, with their meetings.
    stale = MeetingSlot.objects.filter(event=live).exclude(pk__in=[slot.pk for slot in live_slots])
    Meeting.objects.filter(slot__in=stale).delete()
    stale.delete()
    _places(live)
    _profiles(live, users, live_slots)
    _meeting(
        event=live,
        slot=live_slots[0],
        requester=users["visitor@pavilion.example.org"],
        invitee=users["delegate@pavilion.example.org"],
        reason="Capacity building on cybersecurity for our regulators",
        status=MeetingStatus.PENDING,
        place=None,
    )
