"""When the sides of a meeting are taken, for meetings at times of their own (booth meetings outside the slots).

Slots are held by ``SlotHold`` (unique per side and slot: the database refuses a second one). Times of
a meeting's own cannot be a unique key, so they are checked against what each side already holds
while both sides' rows are locked (``lock_sides``: the accounts, then the booth, always in that order),
so that two requests, proposals or accepts for the same side are checked one after the other, even
at the same instant. Slot requests take the same locks and check these own times too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext

from pavilion.accounts.models import User
from pavilion.exhibition.models import Booth
from pavilion.networking.models import ACTIVE, Meeting

Interval = tuple[datetime, datetime]


def lock_sides(*, user_ids: Iterable[int | None], booth_id: int | None) -> None:
    """Lock the sides' rows until the transaction ends (accounts by id, then the booth)."""
    ids = sorted({pk for pk in user_ids if pk is not None})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    if booth_id is not None:
        list(Booth.objects.select_for_update().filter(pk=booth_id).values_list("pk", flat=True))


def _held_by(meeting: Meeting) -> list[Interval]:
    if meeting.slot is not None:
        return [(meeting.slot.starts_at, meeting.slot.ends_at)]
    length = timedelta(minutes=meeting.length or 0)
    if meeting.starts_at is not None:  # agreed: only the agreed time stays taken
        return [(meeting.starts_at, meeting.starts_at + length)]
    return [(proposed.starts_at, proposed.starts_at + length) for proposed in meeting.proposed_times.all()]


def held_times(
    *, user_ids: Iterable[int | None], booth_id: int | None, own_times_only: bool = False, exclude: int | None = None
) -> list[Interval]:
    """The times taken by the sides' pending and accepted meetings (a pending one at own times: each time proposed)."""
    people = [pk for pk in user_ids if pk is not None]
    sides = Q(requester__in=people) | Q(invitee__in=people)
    if booth_id is not None:
        sides |= Q(booth=booth_id)
    meetings = (
        Meeting.objects.filter(sides, status__in=ACTIVE).select_related("slot").prefetch_related("proposed_times")
    )
    if own_times_only:
        meetings = meetings.filter(slot__isnull=True)
    if exclude is not None:
        meetings = meetings.exclude(pk=exclude)
    return [interval for meeting in meetings for interval in _held_by(meeting)]


def require_free(wanted: Iterable[Interval], held: Iterable[Interval], *, field: str) -> None:
    """Refuse when a wanted time overlaps one already held."""
    taken = list(held)
    for start, end in wanted:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            raise ValidationError(
                {field: gettext("One of you already has a meeting or a request at this time; choose another.")}
            )
