"""Joining an event's directory and reading it.

A participant's entry shows their name and interests, and of the rest only what they chose to show
(``ShownField``); filters only ever look at shown fields, so filtering by country cannot find someone
who hid theirs. People who have not opted in are never read here at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries

from pavilion.accounts.models import User
from pavilion.accreditation.models import Function, Registration, Status
from pavilion.directory.models import OrganisationKind
from pavilion.events.access import AnyUser
from pavilion.events.models import Event, Track
from pavilion.networking.access import require_participant
from pavilion.networking.models import MeetingSlot, NetworkingProfile, Purpose, ShownField

#: Functions in protocol order (``Function`` is declared in that order); unknown or hidden ones last.
PROTOCOL_ORDER = list(Function.values)


@dataclass(frozen=True)
class Interests:
    """Themes (id → name in the current language) and the purposes sought and offered."""

    themes: dict[int, str]
    seeks: frozenset[str]
    offers: frozenset[str]


@dataclass(frozen=True)
class DirectoryEntry:
    """One listed participant as others see them: "" for every field they did not choose to show."""

    user_id: int
    name: str
    position: str
    organisation: str
    organisation_kind: str
    country: str
    function: str
    is_head_of_delegation: bool
    interests: Interests

    @property
    def country_name(self) -> str:
        return str(countries.name(self.country)) if self.country else ""

    @property
    def function_label(self) -> str:
        return str(Function(self.function).label) if self.function in Function.values else ""

    @property
    def organisation_kind_label(self) -> str:
        return str(OrganisationKind(self.organisation_kind).label) if self.organisation_kind else ""

    @property
    def theme_names(self) -> list[str]:
        return sorted(self.interests.themes.values(), key=str.casefold)

    @property
    def seek_labels(self) -> list[str]:
        return purpose_labels(self.interests.seeks)

    @property
    def offer_labels(self) -> list[str]:
        return purpose_labels(self.interests.offers)

    @property
    def delegation(self) -> str:
        """The delegation a reader may know: the shown country, else the shown organisation, else ""."""
        return self.country_name or self.organisation


@dataclass(frozen=True)
class DirectoryFilters:
    text: str = ""
    country: str = ""
    organisation_kind: str = ""
    function: str = ""
    theme: str = ""  # a theme's slug
    purpose: str = ""  # sought or offered


@dataclass
class DelegationGroup:
    name: str  # "" for the participants who show neither a country nor an organisation
    entries: list[DirectoryEntry] = field(default_factory=list)


def purpose_labels(values: Iterable[str]) -> list[str]:
    """Purposes in their declared order, as words in the current language."""
    return [str(label) for value, label in Purpose.choices if value in values]


def profile_of(*, event: Event, user: User) -> NetworkingProfile | None:
    return NetworkingProfile.objects.filter(event=event, user=user).first()


def _clean_choices(values: Iterable[str], allowed: Sequence[str], field_name: str) -> list[str]:
    chosen = list(dict.fromkeys(values))
    if any(value not in allowed for value in chosen):
        raise ValidationError({field_name: gettext("Choose from the list.")})
    return [value for value in allowed if value in chosen]


def save_profile(
    *,
    event: Event,
    by: AnyUser,
    is_listed: bool,
    shown_fields: Iterable[str] = (),
    themes: Iterable[Track] = (),
    seeks: Iterable[str] = (),
    offers: Iterable[str] = (),
    available_slots: Iterable[MeetingSlot] = (),
) -> NetworkingProfile:
    """Join or leave the directory, and say what is shown, what interests you and when you can meet.

    Approved participants and organisers only. Opting in records the time of consent; opting out
    removes the entry from the directory and recommendations at once (meetings already agreed stay).
    """
    account = require_participant(event=event, user=by)
    shown = _clean_choices(shown_fields, ShownField.values, "shown_fields")
    sought = _clean_choices(seeks, Purpose.values, "seeks")
    offered = _clean_choices(offers, Purpose.values, "offers")
    theme_list = list(themes)
    if any(theme.event_id != event.pk for theme in theme_list):
        raise ValidationError({"themes": gettext("Choose themes of this event.")})
    slot_list = list(available_slots)
    if any(slot.event_id != event.pk for slot in slot_list):
        raise ValidationError({"available_slots": gettext("Choose meeting slots of this event.")})
    with transaction.atomic():
        profile, _created = NetworkingProfile.objects.select_for_update().get_or_create(event=event, user=account)
        if is_listed and not profile.is_listed:
            profile.consented_at = timezone.now()
        elif not is_listed:
            profile.consented_at = None
        profile.is_listed = is_listed
        profile.shown_fields = shown
        profile.seeks = sought
        profile.offers = offered
        profile.save()
        profile.themes.set(theme_list)
        profile.available_slots.set(slot_list)
    return profile


def listed_profiles(*, event: Event) -> list[NetworkingProfile]:
    """The profiles of people who opted in and still hold an approved registration (or organise the event)."""
    profiles = (
        NetworkingProfile.objects.filter(event=event, is_listed=True, user__is_active=True)
        .select_related("user__organisation")
        .prefetch_related("themes")
    )
    return list(profiles)


def entries_for(*, event: Event, profiles: Sequence[NetworkingProfile]) -> list[DirectoryEntry]:
    """Directory entries of these profiles (one query for their registrations)."""
    registrations = {
        registration.user_id: registration
        for registration in Registration.objects.filter(
            event=event, status=Status.APPROVED, user_id__in=[profile.user_id for profile in profiles]
        ).select_related("organisation")
    }
    organisers = set(event.organising_team.values_list("pk", flat=True))
    entries = []
    for profile in profiles:
        registration = registrations.get(profile.user_id)
        user = profile.user
        if registration is None and user.pk not in organisers and not user.is_superuser:
            continue  # their registration was withdrawn since they opted in
        entries.append(_entry(profile, registration))
    return entries


def _entry(profile: NetworkingProfile, registration: Registration | None) -> DirectoryEntry:
    user = profile.user
    shown = set(profile.shown_fields)
    organisation = (registration.organisation if registration else None) or user.organisation
    country = str(registration.country if registration and registration.country else user.country or "")
    show_organisation = ShownField.ORGANISATION in shown and organisation is not None
    return DirectoryEntry(
        user_id=user.pk,
        name=user.display_name,
        position=user.job_title if ShownField.POSITION in shown else "",
        organisation=str(organisation) if show_organisation else "",
        organisation_kind=organisation.kind if show_organisation and organisation is not None else "",
        country=country if ShownField.COUNTRY in shown else "",
        function=registration.function if registration and ShownField.FUNCTION in shown else "",
        is_head_of_delegation=bool(
            registration and registration.is_head_of_delegation and ShownField.FUNCTION in shown
        ),
        interests=interests_of(profile),
    )


def interests_of(profile: NetworkingProfile) -> Interests:
    return Interests(
        themes={theme.pk: str(theme.name) for theme in profile.themes.all()},
        seeks=frozenset(profile.seeks),
        offers=frozenset(profile.offers),
    )


def _matches(entry: DirectoryEntry, filters: DirectoryFilters, theme_ids: set[int]) -> bool:
    if filters.text:
        haystack = " ".join([entry.name, entry.position, entry.organisation, entry.country_name]).casefold()
        if filters.text.casefold() not in haystack:
            return False
    if filters.country and entry.country != filters.country:
        return False
    if filters.organisation_kind and entry.organisation_kind != filters.organisation_kind:
        return False
    if filters.function and entry.function != filters.function:
        return False
    if filters.theme and not theme_ids & set(entry.interests.themes):
        return False
    return not filters.purpose or filters.purpose in entry.interests.seeks | entry.interests.offers


def protocol_key(entry: DirectoryEntry) -> tuple[int, bool, str]:
    """Protocol order: the function's rank (hidden last), the head of delegation first, then the name."""
    rank = PROTOCOL_ORDER.index(entry.function) if entry.function in PROTOCOL_ORDER else len(PROTOCOL_ORDER)
    return (rank, not entry.is_head_of_delegation, entry.name.casefold())


def directory(*, event: Event, by: AnyUser, filters: DirectoryFilters | None = None) -> list[DelegationGroup]:
    """The listed participants matching ``filters``, by delegation (named by the current language),
    each in protocol order; those who show no delegation come last. Participants only."""
    require_participant(event=event, user=by)
    filters = filters or DirectoryFilters()
    theme_ids = set(Track.objects.filter(event=event, slug=filters.theme).values_list("pk", flat=True))
    entries = [
        entry
        for entry in entries_for(event=event, profiles=listed_profiles(event=event))
        if _matches(entry, filters, theme_ids)
    ]
    groups: dict[str, DelegationGroup] = {}
    for entry in entries:
        groups.setdefault(entry.delegation, DelegationGroup(name=entry.delegation)).entries.append(entry)
    for group in groups.values():
        group.entries.sort(key=protocol_key)
    return sorted(groups.values(), key=lambda group: (group.name == "", group.name.casefold()))


def filter_choices(*, event: Event) -> dict[str, list[tuple[str, str]]]:
    """What the directory's filters offer: only values some listed participant shows."""
    entries = entries_for(event=event, profiles=listed_profiles(event=event))
    country_codes = sorted({entry.country for entry in entries if entry.country})
    kinds = {entry.organisation_kind for entry in entries if entry.organisation_kind}
    functions = {entry.function for entry in entries if entry.function}
    return {
        "countries": sorted(((code, str(countries.name(code))) for code in country_codes), key=lambda c: c[1]),
        "kinds": [(value, str(label)) for value, label in OrganisationKind.choices if value in kinds],
        "functions": [(value, str(label)) for value, label in Function.choices if value in functions],
        "themes": [(track.slug, str(track.name)) for track in Track.objects.filter(event=event)],
        "purposes": [(value, str(label)) for value, label in Purpose.choices],
    }
