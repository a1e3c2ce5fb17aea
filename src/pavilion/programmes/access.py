"""Who may see and do what in a programme. Every door (pages, API, feeds, downloads, live) asks here.

Roles, worked out once per request by ``viewer_for``:

- platform admin (superuser) and the programme's secretariat: everything in the programme;
- member delegate: holds an approved registration, at one of the programme's meetings, for a
  delegation (country, economy or organisation) that is a member of the programme;
- meeting participant: holds an approved registration at one of the programme's meetings, or is
  one of its organisers;
- anyone else, signed in or not (a delegate of another programme included): the public.

A document's record is listed to those who may open its files, or to everyone who may see the
programme when it is "listed publicly"; its files follow ``Document.access`` only. What a person
may not see does not exist for them: callers answer 404, never 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.accreditation.models import Registration, Status
from pavilion.events.access import AnyUser
from pavilion.events.models import Event
from pavilion.programmes.models import Document, DocumentAccess, Programme, TrackerAccess


@dataclass(frozen=True)
class ProgrammeViewer:
    """What one person is in one programme."""

    user: User | None
    is_secretariat: bool = False  # the programme's secretariat, or a platform admin
    is_member: bool = False  # a delegate of a member delegation
    meeting_ids: frozenset[int] = field(default_factory=frozenset)  # meetings with an approved registration
    #: (country, organisation id) of the member delegations this person belongs to.
    delegations: tuple[tuple[str, int | None], ...] = ()

    def may_open(self, *, access: str, meeting_id: int | None) -> bool:
        """Whether this person may open a file (or see a record) of this access class and meeting."""
        if self.is_secretariat or access == DocumentAccess.PUBLIC:
            return True
        if access == DocumentAccess.MEMBERS:
            return self.is_member
        if access == DocumentAccess.PARTICIPANTS:
            return self.is_member or (meeting_id is not None and meeting_id in self.meeting_ids)
        return False


def is_secretariat(*, programme: Programme, user: AnyUser) -> bool:
    account = account_of(user)
    if account is None:
        return False
    return account.is_superuser or programme.secretariat.filter(pk=account.pk).exists()


def viewer_for(*, programme: Programme, user: AnyUser) -> ProgrammeViewer:
    account = account_of(user)
    if account is None:
        return ProgrammeViewer(user=None)
    registrations = Registration.objects.filter(
        user=account, status=Status.APPROVED, event__in=programme.meetings.all()
    ).values_list("event_id", "country", "organisation_id")
    members = set(programme.memberships.values_list("country", "organisation_id"))
    # A meeting's organisers count as its participants (they follow its closed sessions anyway).
    meeting_ids: set[int] = set(programme.meetings.filter(organising_team=account).values_list("pk", flat=True))
    delegations: set[tuple[str, int | None]] = set()
    for event_id, country, organisation_id in registrations:
        meeting_ids.add(event_id)
        delegation = (str(country or ""), organisation_id)
        if delegation in members:
            delegations.add(delegation)
    return ProgrammeViewer(
        user=account,
        is_secretariat=is_secretariat(programme=programme, user=account),
        is_member=bool(delegations),
        meeting_ids=frozenset(meeting_ids),
        delegations=tuple(sorted(delegations, key=lambda pair: (pair[0], pair[1] or 0))),
    )


def visible_programmes(*, user: AnyUser) -> QuerySet[Programme]:
    """Published programmes, plus the unpublished ones this person is the secretariat of."""
    account = account_of(user)
    if account is not None and account.is_superuser:
        return Programme.objects.all()
    if account is not None:
        return Programme.objects.filter(Q(is_published=True) | Q(secretariat=account)).distinct()
    return Programme.objects.filter(is_published=True)


def get_visible_programme(*, slug: str, user: AnyUser) -> Programme:
    try:
        return visible_programmes(user=user).get(slug=slug)
    except Programme.DoesNotExist:
        raise Http404("No such programme.") from None


def _openable(viewer: ProgrammeViewer) -> Q:
    """Documents whose files this viewer may open (as a filter; the secretariat opens all)."""
    allowed = Q(access=DocumentAccess.PUBLIC)
    if viewer.is_member:
        allowed |= Q(access__in=[DocumentAccess.MEMBERS, DocumentAccess.PARTICIPANTS])
    elif viewer.meeting_ids:
        allowed |= Q(access=DocumentAccess.PARTICIPANTS, meeting_id__in=viewer.meeting_ids)
    return allowed


def listed_documents(*, programme: Programme, viewer: ProgrammeViewer) -> QuerySet[Document]:
    """The programme's documents whose records this viewer may see."""
    if viewer.is_secretariat:
        return Document.objects.filter(programme=programme)
    return Document.objects.filter(programme=programme).filter(_openable(viewer) | Q(listed_publicly=True))


def may_open_document(*, document: Document, viewer: ProgrammeViewer) -> bool:
    return viewer.may_open(access=document.access, meeting_id=document.meeting_id)


def get_listed_document(*, programme: Programme, number: str, viewer: ProgrammeViewer) -> Document:
    try:
        return listed_documents(programme=programme, viewer=viewer).get(number=number)
    except Document.DoesNotExist:
        raise Http404("No such document.") from None


def may_see_tracker(*, programme: Programme, viewer: ProgrammeViewer) -> bool:
    """The commitment tracker: public, or for members and the secretariat only."""
    return programme.tracker_access == TrackerAccess.PUBLIC or viewer.is_secretariat or viewer.is_member


def may_propose_amendments(*, viewer: ProgrammeViewer) -> bool:
    """Member delegations propose amendments to outcome texts under negotiation."""
    return viewer.is_member


def require_secretariat(*, viewer: ProgrammeViewer) -> None:
    """404 unless this person is the programme's secretariat (the managing pages do not exist for others)."""
    if not viewer.is_secretariat:
        raise Http404("No such page.")


def viewers_for(*, programme: Programme, users: Sequence[User | None]) -> list[ProgrammeViewer]:
    """``viewer_for`` for many people at once (live joins come in crowds): four queries in all."""
    accounts = [account_of(user) for user in users]
    ids = {account.pk for account in accounts if account is not None}
    meetings = list(programme.meetings.values_list("pk", flat=True))
    members = set(programme.memberships.values_list("country", "organisation_id"))
    secretariat = set(programme.secretariat.filter(pk__in=ids).values_list("pk", flat=True))
    organised: dict[int, set[int]] = {}
    for event_id, user_id in Event.organising_team.through.objects.filter(
        event_id__in=meetings, user_id__in=ids
    ).values_list("event_id", "user_id"):
        organised.setdefault(user_id, set()).add(event_id)
    registered: dict[int, list[tuple[int, str, int | None]]] = {}
    for user_id, event_id, country, organisation_id in Registration.objects.filter(
        user_id__in=ids, status=Status.APPROVED, event_id__in=meetings
    ).values_list("user_id", "event_id", "country", "organisation_id"):
        registered.setdefault(user_id, []).append((event_id, str(country or ""), organisation_id))
    result = []
    for account in accounts:
        if account is None:
            result.append(ProgrammeViewer(user=None))
            continue
        meeting_ids = set(organised.get(account.pk, set()))
        delegations: set[tuple[str, int | None]] = set()
        for meeting_id, delegation_country, delegation_organisation in registered.get(account.pk, []):
            meeting_ids.add(meeting_id)
            if (delegation_country, delegation_organisation) in members:
                delegations.add((delegation_country, delegation_organisation))
        result.append(
            ProgrammeViewer(
                user=account,
                is_secretariat=account.is_superuser or account.pk in secretariat,
                is_member=bool(delegations),
                meeting_ids=frozenset(meeting_ids),
                delegations=tuple(sorted(delegations, key=lambda pair: (pair[0], pair[1] or 0))),
            )
        )
    return result


def statement_meetings(*, programme: Programme, user: AnyUser) -> list[Event] | None:
    """The meetings whose statements this person may write: None for all (the secretariat, who may also
    write statements of no meeting, like a world day's message), else the meetings they organise (maybe none)."""
    account = account_of(user)
    if account is None:
        return []
    if is_secretariat(programme=programme, user=account):
        return None
    return list(programme.meetings.filter(organising_team=account).order_by("start_date", "pk"))


def may_write_statement(*, programme: Programme, user: AnyUser, meeting: Event | None) -> bool:
    """The secretariat writes any statement of the programme; a meeting's organisers those of their meeting."""
    allowed = statement_meetings(programme=programme, user=user)
    return allowed is None or (meeting is not None and meeting in allowed)
