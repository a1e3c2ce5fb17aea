"""Registering for an event and deciding registrations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.accounts.models import User
from pavilion.accreditation.models import FocalPoint, Function, ParticipantCategory, Registration, Status
from pavilion.core.fixed_queries import FixedQuery
from pavilion.core.request_memo import memoized
from pavilion.core.spreadsheets import csv_document
from pavilion.directory.memberships import event_member_codes
from pavilion.directory.models import Organisation
from pavilion.events.access import is_organiser, registration_standing
from pavilion.events.mail import send_event_mail
from pavilion.events.models import Event, RegisteredAccess


def focal_points_of(*, event: Event, country: str, organisation: Organisation | None) -> QuerySet[FocalPoint]:
    """The focal points designated for one delegation at one event."""
    points = FocalPoint.objects.filter(event=event).select_related("user")
    if country:
        return points.filter(country=country)
    return points.filter(organisation=organisation)


def can_decide(*, registration: Registration, user: User) -> bool:
    """Organisers decide any registration; a focal point decides only their own delegation's."""
    if is_organiser(event=registration.event, user=user):
        return True
    return (
        focal_points_of(
            event=registration.event, country=str(registration.country), organisation=registration.organisation
        )
        .filter(user=user)
        .exists()
    )


def registrations_to_decide(*, event: Event, user: User) -> QuerySet[Registration]:
    """The registrations this person may see and decide: all for organisers, their delegations' for focal points."""
    registrations = Registration.objects.filter(event=event).select_related("user", "category", "organisation")
    if is_organiser(event=event, user=user):
        return registrations
    delegations = Q(pk__in=[])
    for point in FocalPoint.objects.filter(event=event, user=user):
        if point.country:
            delegations |= Q(country=str(point.country))
        else:
            delegations |= Q(organisation=point.organisation_id)
    return registrations.filter(delegations)


def _notify_submitted(registration: Registration) -> None:
    context = {
        "registration": registration,
        "event": registration.event,
        "site_url": settings.PAVILION_SITE_URL,
        "registered_sessions_closed": registration.status == Status.APPROVED
        and not opens_registered_sessions(registration=registration),
    }
    send_event_mail(to=registration.user, template="accreditation/email/submitted.txt", context=context)
    if registration.status == Status.PENDING:
        event, organisation = registration.event, registration.organisation
        points = list(focal_points_of(event=event, country=str(registration.country), organisation=organisation))
        for point in points:
            send_event_mail(to=point.user, template="accreditation/email/to_decide.txt", context=context)
        if not points:
            # A delegation without a focal point is decided by the organisers; tell them.
            for organiser in event.organising_team.all():
                send_event_mail(to=organiser, template="accreditation/email/to_decide_organiser.txt", context=context)


def _notify_decided(registration: Registration) -> None:
    context = {"registration": registration, "event": registration.event, "site_url": settings.PAVILION_SITE_URL}
    send_event_mail(to=registration.user, template="accreditation/email/decided.txt", context=context)


def submit_registration(
    *,
    event: Event,
    user: User,
    category: ParticipantCategory,
    country: str = "",
    organisation: Organisation | None = None,
    function: str = Function.DELEGATE,
    is_head_of_delegation: bool = False,
) -> Registration:
    """Register ``user`` for ``event`` in one delegation (a country or economy, or an organisation).

    Approved at once when the category needs no approval or the person is a focal point of that
    delegation; otherwise it waits for a focal point. E-mails go out after the commit.
    """
    errors: dict[str, str] = {}
    if category.event_id != event.pk:
        errors["category"] = str(_("This category belongs to another event."))
    if bool(country) == bool(organisation):
        errors["country"] = str(_("Choose either a country or economy, or an organisation."))
    if function not in Function.values:
        errors["function"] = str(_("Choose a function from the list."))
    members = event_member_codes(event)
    if country and members is not None and country not in members:
        errors["country"] = str(_("This event takes the delegations of its members only; choose one of them."))
    if errors:
        raise ValidationError(errors)
    self_vouched = focal_points_of(event=event, country=country, organisation=organisation).filter(user=user).exists()
    approved = not category.requires_approval or self_vouched
    registration = Registration(
        event=event,
        user=user,
        category=category,
        country=country,
        organisation=organisation,
        function=function,
        is_head_of_delegation=is_head_of_delegation,
        status=Status.APPROVED if approved else Status.PENDING,
        decided_at=timezone.now() if approved else None,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError({"__all__": str(_("You are already registered for this event."))}) from None
    transaction.on_commit(lambda: _notify_submitted(registration))
    return registration


def decide_registration(*, registration: Registration, by: User, approve: bool, reason: str = "") -> Registration:
    """Approve or reject a registration; a rejection needs a reason, which the registrant receives."""
    if not can_decide(registration=registration, user=by):
        raise PermissionDenied("Only organisers and this delegation's focal points may decide.")
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": str(_("Give a reason for the rejection; the registrant will receive it."))})
    registration.status = Status.APPROVED if approve else Status.REJECTED
    registration.decision_reason = reason
    registration.decided_by = by
    registration.decided_at = timezone.now()
    registration.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    transaction.on_commit(lambda: _notify_decided(registration))
    return registration


def registration_of(*, event: Event, user: User) -> Registration | None:
    """This person's registration for the event, if they have one (there is at most one)."""
    return Registration.objects.filter(event=event, user=user).select_related("category", "organisation").first()


@registration_standing
def standing(event: Event, user_ids: Sequence[int]) -> dict[int, tuple[bool, bool]]:
    """{account id: (holds an approved registration, in a category for accredited delegates)} for those
    of these accounts with an approved registration: what events.access asks, in one query.

    Unless the event's organisers chose to count every registration (``Event.registered_access``),
    only registrations a person vouched for count: in a category that needs approval, or decided by
    a focal point or an organiser. A category that needs no approval would otherwise make
    "registered" sessions open to anyone who signs up.
    """
    approved = Registration.objects.filter(event=event, user_id__in=user_ids, status=Status.APPROVED)
    if event.registered_access != RegisteredAccess.ANY:
        approved = approved.filter(Q(category__requires_approval=True) | Q(decided_by__isnull=False))
    return {
        registration.user_id: (True, registration.category.is_accredited)
        for registration in approved.select_related("category")
    }


def opens_registered_sessions(*, registration: Registration) -> bool:
    """Whether this registration lets its person into the event's sessions for registered participants:
    the rule ``standing`` applies for every door, said of one registration for its own page."""
    if registration.status != Status.APPROVED:
        return False
    if registration.event.registered_access == RegisteredAccess.ANY:
        return True
    return registration.category.requires_approval or registration.decided_by_id is not None


#: "Is this account a focal point of the event?" (the menu asks it on every event page; core/fixed_queries.py).
_FOCAL_POINT = FixedQuery(
    lambda event_id, account_id: FocalPoint.objects.filter(event_id=event_id, user_id=account_id).values_list("pk")[:1]
)


def is_reviewer(*, event: Event, user: User) -> bool:
    """Organisers and the event's focal points review registrations; for anyone else the pages do not exist."""
    return is_organiser(event=event, user=user) or memoized(
        ("focal-point", event.pk, user.pk), lambda: _FOCAL_POINT.exists(event.pk, user.pk)
    )


def registrations_for_review(*, event: Event, user: User, status: str = "") -> QuerySet[Registration]:
    """The registrations this person may decide with one status, or all of them (awaiting approval first)."""
    registrations = registrations_to_decide(event=event, user=user)
    if status in Status.values:
        return registrations.filter(status=status)
    pending_first = Case(When(status=Status.PENDING, then=Value(0)), default=Value(1))
    return registrations.order_by(pending_first, "created_at", "pk")


def search_registrations(*, registrations: QuerySet[Registration], query: str) -> QuerySet[Registration]:
    """These registrations whose person (name or e-mail), organisation or country or economy matches.

    Case-insensitive; a country or economy matches by its name in the page's language or in English.
    """
    query = " ".join(query.split())
    if not query:
        return registrations
    wanted = query.casefold()
    with translation.override("en"):
        english = {code: str(name) for code, name in countries}
    codes = {code for code, name in countries if wanted in str(name).casefold()}
    codes |= {code for code, name in english.items() if wanted in name.casefold()}
    return registrations.filter(
        Q(user__full_name__icontains=query)
        | Q(user__email__icontains=query)
        | Q(organisation__name__icontains=query)
        | Q(country__in=codes)
    )


def decide_registrations(
    *, registrations: Sequence[Registration], by: User, approve: bool, reason: str = ""
) -> list[Registration]:
    """Approve or reject several registrations at once, all or none (each as ``decide_registration``).

    Each must be one this person may decide; each registrant gets their own e-mail.
    """
    if not registrations:
        raise ValidationError({"ids": str(_("Choose at least one registration."))})
    with transaction.atomic():
        return [
            decide_registration(registration=registration, by=by, approve=approve, reason=reason)
            for registration in registrations
        ]


def _utc(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def registrations_csv(*, registrations: QuerySet[Registration]) -> str:
    """The registrations as CSV (core.spreadsheets: a byte-order mark, formula-like cells escaped)."""
    header = [
        _("Name"),
        _("E-mail"),
        _("Delegation"),
        _("Category"),
        _("Function"),
        _("Head of delegation"),
        _("Submitted"),
        _("Status"),
        _("Reason"),
        _("Decided"),
    ]
    rows: list[list[object]] = [[str(title) for title in header]]
    for registration in registrations.select_related("user", "category", "organisation"):
        rows.append(
            [
                registration.user.full_name,
                registration.user.email,
                registration.delegation_name,
                str(registration.category.name),
                str(registration.get_function_display()),
                str(_("Yes") if registration.is_head_of_delegation else _("No")),
                _utc(registration.created_at),
                str(registration.get_status_display()),
                registration.decision_reason,
                registration.decided_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
                if registration.decided_at
                else "",
            ]
        )
    return csv_document(rows)


def count_by_status(*, registrations: QuerySet[Registration]) -> dict[str, int]:
    """How many of these registrations have each status (every status present, zero when none)."""
    counts = dict.fromkeys(Status.values, 0)
    # order_by() clears the model's ordering, which would otherwise split the groups.
    for row in registrations.order_by().values("status").annotate(number=Count("pk")):
        counts[row["status"]] = row["number"]
    return counts


@dataclass(frozen=True)
class Delegation:
    """The approved participants of one country, economy or organisation, in protocol order."""

    name: str
    members: list[Registration]


def _protocol_rank(registration: Registration) -> tuple[int, bool, str]:
    order = Function.values
    rank = order.index(registration.function) if registration.function in order else len(order)
    return (rank, not registration.is_head_of_delegation, registration.user.display_name.casefold())


def delegation_lists(*, event: Event, user: User) -> list[Delegation]:
    """Approved participants grouped by delegation, for organisers (all) and focal points (theirs).

    Members follow the protocol order of their function (``Function``'s order); within one function the
    head of delegation comes first, then names alphabetically. Delegations are sorted by their name in
    the current UI language.
    """
    approved = registrations_to_decide(event=event, user=user).filter(status=Status.APPROVED)
    groups: dict[tuple[str, int], list[Registration]] = {}
    for registration in approved:
        # A country's code, or an organisation's id: one key per delegation.
        key = (str(registration.country), 0) if registration.country else ("", registration.organisation_id or 0)
        groups.setdefault(key, []).append(registration)
    delegations = [
        Delegation(name=members[0].delegation_name, members=sorted(members, key=_protocol_rank))
        for members in groups.values()
    ]
    return sorted(delegations, key=lambda delegation: delegation.name.casefold())
