"""The registration part of the JSON API: registering for an event and deciding registrations.

Thin adapters over ``pavilion.accreditation.services``. A registration the caller may not decide
does not exist for them (404), so a focal point of one delegation learns nothing of another's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from pavilion.accreditation.models import Function, ParticipantCategory, Registration
from pavilion.accreditation.services import decide_registration, registrations_to_decide, submit_registration
from pavilion.directory.models import Organisation
from pavilion.events.access import get_visible_event
from pavilion.events.schemas import (
    WRITE_ERRORS,
    ErrorOut,
    OrganisationOut,
    Translations,
    UtcDateTime,
    one_of,
    organisation_out,
    signed_in,
    translations,
)

router = Router(tags=["registrations"])


class CategoryOut(Schema):
    slug: str
    name: Translations
    is_accredited: bool


class RegistrationOut(Schema):
    id: int
    event: str
    category: CategoryOut
    country: str
    organisation: OrganisationOut | None
    function: str
    is_head_of_delegation: bool
    status: str
    decision_reason: str
    created_at: UtcDateTime
    decided_at: UtcDateTime | None


class RegistrantOut(Schema):
    full_name: str
    email: str


class RegistrationToDecideOut(RegistrationOut):
    user: RegistrantOut


class RegistrationIn(Schema):
    category: str = Field(description="The participant category's slug.")
    country: str = Field("", description="ISO 3166 code of the delegation's country or economy.")
    organisation: str | None = Field(None, description="The delegation's organisation slug (instead of a country).")
    function: str = Field(Function.DELEGATE.value, json_schema_extra=one_of(Function.values))
    is_head_of_delegation: bool = False


class DecisionIn(Schema):
    approve: bool
    reason: str = Field("", description="Required for a rejection; the registrant receives it.")


def registration_out(registration: Registration, *, event_slug: str) -> RegistrationOut:
    """Expects ``category`` and ``organisation`` loaded with the registration."""
    return RegistrationOut(**_registration_fields(registration, event_slug=event_slug))


def _registration_fields(registration: Registration, *, event_slug: str) -> dict[str, Any]:
    category = registration.category
    return {
        "id": registration.pk,
        "event": event_slug,
        "category": CategoryOut(
            slug=category.slug, name=translations(category.name), is_accredited=category.is_accredited
        ),
        "country": str(registration.country or ""),
        "organisation": organisation_out(registration.organisation) if registration.organisation else None,
        "function": registration.function,
        "is_head_of_delegation": registration.is_head_of_delegation,
        "status": registration.status,
        "decision_reason": registration.decision_reason,
        "created_at": registration.created_at,
        "decided_at": registration.decided_at,
    }


def registration_to_decide_out(registration: Registration, *, event_slug: str) -> RegistrationToDecideOut:
    """Expects ``user``, ``category`` and ``organisation`` loaded with the registration."""
    return RegistrationToDecideOut(
        **_registration_fields(registration, event_slug=event_slug),
        user=RegistrantOut(full_name=registration.user.full_name, email=registration.user.email),
    )


@router.get("me/registrations/", response={200: list[RegistrationOut], 401: ErrorOut}, auth=django_auth)
def my_registrations(request: HttpRequest) -> list[RegistrationOut]:
    """The caller's own registrations, in every event, oldest first."""
    registrations = Registration.objects.filter(user=signed_in(request)).select_related(
        "event", "category", "organisation"
    )
    return [registration_out(each, event_slug=each.event.slug) for each in registrations]


@router.post(
    "events/{slug}/registrations/",
    response={201: RegistrationOut, **WRITE_ERRORS},
    auth=django_auth,
    summary="Register yourself",
)
def register(request: HttpRequest, slug: str, payload: RegistrationIn) -> Status[RegistrationOut]:
    """Register for the event in a delegation: a country or economy, or an organisation.

    Approved at once when the category needs no approval or the caller is that delegation's focal
    point; otherwise it waits for a focal point or an organiser.
    """
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    errors: dict[str, str] = {}
    category = ParticipantCategory.objects.filter(event=event, slug=payload.category).first()
    if category is None:
        errors["category"] = _("This event has no participant category with this short name.")
    country = countries.alpha2(payload.country) if payload.country else ""
    if payload.country and not country:
        errors["country"] = _("This is not a known country or economy code.")
    organisation = None
    if payload.organisation is not None:
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
        if organisation is None:
            errors["organisation"] = _("No organisation has this short name.")
    if errors:
        raise ValidationError(errors)
    assert category is not None
    registration = submit_registration(
        event=event,
        user=user,
        category=category,
        country=country,
        organisation=organisation,
        function=payload.function,
        is_head_of_delegation=payload.is_head_of_delegation,
    )
    return Status(201, registration_out(registration, event_slug=event.slug))


@router.get(
    "events/{slug}/registrations/",
    response={200: list[RegistrationToDecideOut], 401: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    summary="Registrations you may decide",
)
def list_registrations_to_decide(request: HttpRequest, slug: str) -> list[RegistrationToDecideOut]:
    """All of the event's registrations for organisers, their delegations' for focal points, none for others."""
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    return [
        registration_to_decide_out(each, event_slug=event.slug)
        for each in registrations_to_decide(event=event, user=user)
    ]


@router.post(
    "events/{slug}/registrations/{registration_id}/decision/",
    response={200: RegistrationToDecideOut, **WRITE_ERRORS},
    auth=django_auth,
    summary="Approve or reject a registration",
)
def decide(request: HttpRequest, slug: str, registration_id: int, payload: DecisionIn) -> RegistrationToDecideOut:
    user = signed_in(request)
    event = get_visible_event(slug=slug, user=user)
    registration = registrations_to_decide(event=event, user=user).filter(pk=registration_id).first()
    if registration is None:
        # Another delegation's registration does not exist for this caller.
        raise Http404
    registration = decide_registration(
        registration=registration, by=user, approve=payload.approve, reason=payload.reason
    )
    return registration_to_decide_out(registration, event_slug=event.slug)
