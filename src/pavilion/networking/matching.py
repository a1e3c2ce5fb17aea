"""Who fits whom, in words: shared themes, and what one side offers that the other seeks.

Recommendations are ranked by these reasons and show them ("you offer, they seek: Capacity
building"); nothing is hidden in a score. "Not interested" hides a pair for both of its people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from pavilion.events.access import AnyUser
from pavilion.events.models import Event
from pavilion.networking.access import require_participant
from pavilion.networking.models import NetworkingProfile, NotInterested
from pavilion.networking.profiles import (
    DirectoryEntry,
    Interests,
    entries_for,
    interests_of,
    listed_profiles,
    profile_of,
    purpose_labels,
)


@dataclass(frozen=True)
class Fit:
    shared_themes: list[str]
    you_offer_they_seek: list[str]
    they_offer_you_seek: list[str]
    both_seek: list[str]

    def __bool__(self) -> bool:
        return bool(self.shared_themes or self.you_offer_they_seek or self.they_offer_you_seek or self.both_seek)

    @property
    def rank(self) -> tuple[int, int, int]:
        """Larger is a better fit: complementary purposes first, then shared themes, then shared needs."""
        complementary = len(self.you_offer_they_seek) + len(self.they_offer_you_seek)
        return (complementary, len(self.shared_themes), len(self.both_seek))

    @property
    def reasons(self) -> list[str]:
        """The fit in words, in the current language."""
        reasons = []
        if self.shared_themes:
            reasons.append(gettext("shared themes: %(items)s") % {"items": ", ".join(self.shared_themes)})
        if self.you_offer_they_seek:
            reasons.append(gettext("you offer, they seek: %(items)s") % {"items": ", ".join(self.you_offer_they_seek)})
        if self.they_offer_you_seek:
            reasons.append(gettext("they offer, you seek: %(items)s") % {"items": ", ".join(self.they_offer_you_seek)})
        if self.both_seek:
            reasons.append(gettext("both seek: %(items)s") % {"items": ", ".join(self.both_seek)})
        return reasons

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def fit_between(mine: Interests, theirs: Interests) -> Fit:
    """How ``theirs`` fits ``mine``, from my side ("you offer, they seek")."""
    shared = sorted((mine.themes[pk] for pk in set(mine.themes) & set(theirs.themes)), key=str.casefold)
    return Fit(
        shared_themes=shared,
        you_offer_they_seek=purpose_labels(mine.offers & theirs.seeks),
        they_offer_you_seek=purpose_labels(theirs.offers & mine.seeks),
        both_seek=purpose_labels(mine.seeks & theirs.seeks),
    )


@dataclass(frozen=True)
class Recommendation:
    entry: DirectoryEntry
    fit: Fit


def hidden_pairs(*, event: Event) -> set[frozenset[int]]:
    """Pairs of accounts one of whom said "not interested" in the other."""
    rows = NotInterested.objects.filter(event=event).values_list("user_id", "other_id")
    return {frozenset(row) for row in rows}


def recommendations(*, event: Event, by: AnyUser, limit: int = 20) -> list[Recommendation]:
    """Listed participants who fit the viewer's interests best, with the reasons; none until the
    viewer has a profile. Pairs marked "not interested" by either side are left out."""
    account = require_participant(event=event, user=by)
    mine = profile_of(event=event, user=account)
    if mine is None:
        return []
    my_interests = interests_of(mine)
    hidden = {pair for pair in hidden_pairs(event=event) if account.pk in pair}
    others = [profile for profile in listed_profiles(event=event) if profile.user_id != account.pk]
    found = []
    for entry in entries_for(event=event, profiles=others):
        if frozenset({account.pk, entry.user_id}) in hidden:
            continue
        fit = fit_between(my_interests, entry.interests)
        if fit:
            found.append(Recommendation(entry=entry, fit=fit))
    found.sort(key=lambda item: (tuple(-n for n in item.fit.rank), item.entry.name.casefold()))
    return found[:limit]


def mark_not_interested(*, event: Event, by: AnyUser, other_id: int) -> None:
    """Hide the pair (the viewer and ``other_id``) from both people's recommendations."""
    account = require_participant(event=event, user=by)
    # Only someone listed can be recommended; any other id is ignored (and tells nothing about it).
    listed = NetworkingProfile.objects.filter(event=event, user_id=other_id, is_listed=True).exists()
    if other_id != account.pk and listed:
        NotInterested.objects.get_or_create(event=event, user=account, other_id=other_id)


def undo_not_interested(*, event: Event, by: AnyUser, other_id: int) -> None:
    """Take back one's own "not interested" (the other person's, if any, still holds)."""
    account = require_participant(event=event, user=by)
    with transaction.atomic():
        NotInterested.objects.filter(event=event, user=account, other_id=other_id).delete()


def is_hidden_pair(*, event: Event, first_id: int, second_id: int) -> bool:
    return NotInterested.objects.filter(
        Q(user_id=first_id, other_id=second_id) | Q(user_id=second_id, other_id=first_id), event=event
    ).exists()
