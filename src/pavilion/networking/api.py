"""The networking part of the JSON API: an event's directory and the caller's meetings.

The same services as the pages decide: only the event's approved participants and organisers read
the directory (401 signed out, 403 otherwise), and an entry carries only what its person chose to show.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from pavilion.events.access import get_visible_event
from pavilion.events.schemas import ErrorOut, signed_in
from pavilion.networking import meetings, profiles

router = Router(tags=["networking"])


class DirectoryEntryOut(Schema):
    id: int = Field(description="The participant's account id (to ask them for a meeting on the site).")
    name: str
    position: str = Field(description='"" when not shown.')
    organisation: str = Field(description='"" when not shown.')
    organisation_kind: str = Field(description='"" when not shown.')
    country: str = Field(description='ISO 3166 code; "" when not shown.')
    function: str = Field(description='"" when not shown.')
    is_head_of_delegation: bool
    themes: list[str] = Field(description="Theme names in the request's language.")
    seeks: list[str] = Field(description="cooperation, investment, procurement, capacity_building, partnership")
    offers: list[str]


class DelegationOut(Schema):
    name: str = Field(description='The shown country or organisation; "" for those who show neither.')
    participants: list[DirectoryEntryOut] = Field(description="In protocol order.")


class DirectoryFiltersIn(Schema):
    q: str = ""
    country: str = ""
    kind: str = Field("", description="Type of organisation.")
    function: str = ""
    theme: str = Field("", description="A theme's slug.")
    purpose: str = Field("", description="Sought or offered.")


class MeetingOut(Schema):
    id: int
    status: str
    starts_at: datetime | None = Field(description="Empty while a booth meeting's own times wait for an answer.")
    ends_at: datetime | None
    proposed_times: list[datetime] = Field(
        default=[], description="A booth meeting at times of its own: the times proposed (UTC)."
    )
    with_name: str = Field(description="The other person, or the booth.")
    location: str
    video_url: str
    reason: str
    must_answer: bool = Field(description="Whether the caller is the side to answer.")


@router.get(
    "events/{slug}/directory/",
    response={200: list[DelegationOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Directory of participants",
)
def directory(request: HttpRequest, slug: str, filters: Query[DirectoryFiltersIn]) -> list[DelegationOut]:
    """Participants who opted in, by delegation in protocol order (participants of the event only)."""
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    groups = profiles.directory(
        event=event,
        by=user,
        filters=profiles.DirectoryFilters(
            text=filters.q.strip(),
            country=filters.country.upper(),
            organisation_kind=filters.kind,
            function=filters.function,
            theme=filters.theme,
            purpose=filters.purpose,
        ),
    )
    return [
        DelegationOut(
            name=group.name,
            participants=[
                DirectoryEntryOut(
                    id=entry.user_id,
                    name=entry.name,
                    position=entry.position,
                    organisation=entry.organisation,
                    organisation_kind=entry.organisation_kind,
                    country=entry.country,
                    function=entry.function,
                    is_head_of_delegation=entry.is_head_of_delegation,
                    themes=entry.theme_names,
                    seeks=sorted(entry.interests.seeks),
                    offers=sorted(entry.interests.offers),
                )
                for entry in group.entries
            ],
        )
        for group in groups
    ]


@router.get(
    "events/{slug}/me/meetings/",
    response={200: list[MeetingOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="My meetings at an event",
)
def my_meetings(request: HttpRequest, slug: str) -> list[MeetingOut]:
    """The caller's meeting requests and meetings at the event, in time order (drafts never): for its
    participants and organisers, the staff of its booths and visitors who asked a booth for a meeting."""
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    if not meetings.may_open_meetings(event=event, user=user):
        raise PermissionDenied(gettext("Networking is open to the event's approved participants only."))
    return [
        MeetingOut(
            id=meeting.pk,
            status=meeting.status,
            starts_at=meeting.begins_at,
            ends_at=meeting.ends_at,
            proposed_times=[proposed.starts_at for proposed in meeting.proposed_times.all()],
            with_name=meetings.other_side_name(meeting, user),
            location=meetings.location_of(meeting) if meeting.status == "accepted" else "",
            video_url=meeting.place.video_url if meeting.place and meeting.status == "accepted" else "",
            reason=meeting.reason,
            must_answer=meetings.must_answer(meeting=meeting, user=user),
        )
        for meeting in meetings.meetings_of(event=event, user=user)
    ]
