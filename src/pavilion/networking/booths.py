"""Meetings with a booth's staff, on the same slots and rules as meetings between participants.

A booth takes requests once its staff say so (``BoothInterests.accepts_meetings``) and picks its
themes and what it seeks and offers, so participants see booths ranked by fit with the reasons,
like people. A booth is one side of a meeting: it holds a slot once (``SlotHold.booth``), any of its
staff answers, and the meeting is held at the booth (or the booth's own meeting place).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from pavilion.accounts.identity import account_of
from pavilion.events.access import AnyUser, is_organiser
from pavilion.events.models import Event, Track
from pavilion.exhibition.models import Booth, BoothStatus
from pavilion.networking.access import require_participant
from pavilion.networking.agenda import text_of
from pavilion.networking.matching import Fit, fit_between
from pavilion.networking.models import BoothInterests, Purpose
from pavilion.networking.profiles import Interests, interests_of, profile_of, purpose_labels


def answers_for(*, booth: Booth, user: AnyUser) -> bool:
    """The booth's staff and the event's organisers set the booth's interests."""
    account = account_of(user)
    if account is None:
        return False
    return booth.staff.filter(pk=account.pk).exists() or is_organiser(event=booth.event, user=account)


def save_booth_interests(
    *,
    booth: Booth,
    by: AnyUser,
    accepts_meetings: bool,
    themes: Iterable[Track] = (),
    seeks: Iterable[str] = (),
    offers: Iterable[str] = (),
) -> BoothInterests:
    """Say whether the booth takes meeting requests, and its themes and what it seeks and offers."""
    if not answers_for(booth=booth, user=by):
        raise PermissionDenied(gettext("Only the booth's staff may do this."))
    theme_list = list(themes)
    if any(theme.event_id != booth.event_id for theme in theme_list):
        raise ValidationError({"themes": gettext("Choose themes of this event.")})
    sought, offered = list(dict.fromkeys(seeks)), list(dict.fromkeys(offers))
    if any(value not in Purpose.values for value in sought + offered):
        raise ValidationError({"__all__": gettext("Choose from the list.")})
    with transaction.atomic():
        interests, _created = BoothInterests.objects.update_or_create(
            booth=booth,
            defaults={
                "accepts_meetings": accepts_meetings,
                "seeks": [value for value in Purpose.values if value in sought],
                "offers": [value for value in Purpose.values if value in offered],
            },
        )
        interests.themes.set(theme_list)
    return interests


def booth_interests(interests: BoothInterests) -> Interests:
    return Interests(
        themes={theme.pk: str(theme.name) for theme in interests.themes.all()},
        seeks=frozenset(interests.seeks),
        offers=frozenset(interests.offers),
    )


@dataclass(frozen=True)
class BoothSuggestion:
    booth: Booth
    name: str
    interests: Interests
    fit: Fit

    @property
    def theme_names(self) -> list[str]:
        return sorted(self.interests.themes.values(), key=str.casefold)

    @property
    def seek_labels(self) -> list[str]:
        return purpose_labels(self.interests.seeks)

    @property
    def offer_labels(self) -> list[str]:
        return purpose_labels(self.interests.offers)


def booths_taking_requests(*, event: Event, by: AnyUser) -> list[BoothSuggestion]:
    """Published booths that take meeting requests, best fit with the viewer first (participants only)."""
    account = require_participant(event=event, user=by)
    mine = profile_of(event=event, user=account)
    my_interests = interests_of(mine) if mine is not None else Interests({}, frozenset(), frozenset())
    found = []
    rows = (
        BoothInterests.objects.filter(booth__event=event, booth__status=BoothStatus.PUBLISHED, accepts_meetings=True)
        .select_related("booth")
        .prefetch_related("themes")
    )
    for interests in rows:
        theirs = booth_interests(interests)
        found.append(
            BoothSuggestion(
                booth=interests.booth,
                name=text_of(interests.booth.name),
                interests=theirs,
                fit=fit_between(my_interests, theirs),
            )
        )
    found.sort(key=lambda item: (tuple(-n for n in item.fit.rank), item.name.casefold()))
    return found
