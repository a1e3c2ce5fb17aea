"""Registering for an event, reviewing registrations and delegation lists: thin adapters over services.py.

Review and delegation pages answer 404 to anyone who is neither an organiser nor a focal point of the
event, and a focal point gets 404 for another delegation's registration, so nothing leaks its existence.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.accreditation.forms import Decision, DecisionForm, RegistrationForm
from pavilion.accreditation.models import Registration, Status
from pavilion.accreditation.services import (
    count_by_status,
    decide_registration,
    decide_registrations,
    delegation_lists,
    focal_points_of,
    is_reviewer,
    opens_registered_sessions,
    registration_of,
    registrations_csv,
    registrations_for_review,
    registrations_to_decide,
    search_registrations,
    submit_registration,
)
from pavilion.events.access import get_visible_event
from pavilion.events.models import Event

ALL = "all"
REVIEW_FILTERS = [Status.PENDING.value, Status.APPROVED.value, Status.REJECTED.value, ALL]


def _reviewed_event(request: HttpRequest, event_slug: str) -> Event:
    """The event, for its organisers and focal points only; 404 for everyone else."""
    event = get_visible_event(slug=event_slug, user=request.user)
    if not is_reviewer(event=event, user=signed_in_account(request)):
        raise Http404("No such page.")
    return event


@login_required
def register(request: HttpRequest, event_slug: str) -> HttpResponse:
    """My registration for the event: its status when I have one, otherwise the registration form."""
    event = get_visible_event(slug=event_slug, user=request.user)
    user = signed_in_account(request)
    form = RegistrationForm(request.POST or None, event=event, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = submit_registration(
                event=event,
                user=user,
                category=data["category"],
                country=data["country"],
                organisation=data["organisation"],
                function=data["function"],
                is_head_of_delegation=data["is_head_of_delegation"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _submitted_message(registration))
            return redirect("accreditation:register", event_slug=event.slug)
    current = registration_of(event=event, user=user)
    context = {
        "event": event,
        "registration": current,
        # Approved at once in a category no one vouches for: say that "registered" sessions stay closed.
        "registered_sessions_closed": current is not None
        and current.status == Status.APPROVED
        and not opens_registered_sessions(registration=current),
        "form": form,
        "has_categories": event.participant_categories.exists(),
        "is_reviewer": is_reviewer(event=event, user=user),
    }
    return render(request, "accreditation/register.html", context, status=400 if form.errors else 200)


def _submitted_message(registration: Registration) -> str:
    if registration.status == Status.APPROVED and not opens_registered_sessions(registration=registration):
        return _(
            "You are registered for %(event)s as %(category)s. This registration does not open the sessions "
            "for registered participants."
        ) % {"event": registration.event.name, "category": registration.category.name}
    if registration.status == Status.APPROVED:
        return _("You are registered for %(event)s.") % {"event": registration.event.name}
    focal_points = focal_points_of(
        event=registration.event, country=str(registration.country), organisation=registration.organisation
    )
    if focal_points.exists():
        return _("Registration received; the focal point of %(delegation)s will review it.") % {
            "delegation": registration.delegation_name
        }
    return _("Registration received; the organisers will review it.")


def _review_page(
    request: HttpRequest,
    event: Event,
    status: str,
    *,
    decision_form: DecisionForm | None = None,
    failed: Registration | None = None,
    bulk_problem: str = "",
) -> HttpResponse:
    user = signed_in_account(request)
    query = _query(request)
    counts = count_by_status(
        registrations=search_registrations(registrations=registrations_to_decide(event=event, user=user), query=query)
    )
    counts[ALL] = sum(counts.values())
    labels = [*((value, str(label)) for value, label in Status.choices), (ALL, _("All"))]
    searched = {"q": query} if query else {}
    filters = [(value, label, counts[value], urlencode({"status": value, **searched})) for value, label in labels]
    registrations = search_registrations(
        registrations=registrations_for_review(event=event, user=user, status=status), query=query
    )
    context: dict[str, Any] = {
        "event": event,
        "status": status,
        "query": query,
        "filters": filters,
        "registrations": registrations.select_related("user", "category", "organisation"),
        "export_query": urlencode({"status": status, **searched}),
        "decision_form": decision_form,
        "failed": failed,
        "bulk_problem": bulk_problem,
        "is_reviewer": True,
    }
    status_code = 400 if failed or bulk_problem else 200
    return render(request, "accreditation/review.html", context, status=status_code)


def _query(request: HttpRequest) -> str:
    """The search text of the review page (GET, or the hidden field of a posted form)."""
    return " ".join(str(request.GET.get("q") or request.POST.get("q") or "").split())[:200]


def _review_url(event: Event, status: str, query: str) -> str:
    review_url = reverse("accreditation:review", kwargs={"event_slug": event.slug})
    return f"{review_url}?{urlencode({'status': status, 'q': query} if query else {'status': status})}"


def _status_filter(value: str | None) -> str:
    return value if value in REVIEW_FILTERS else Status.PENDING.value


@login_required
def review(request: HttpRequest, event_slug: str) -> HttpResponse:
    """Registrations to decide: all for organisers, their delegations' for focal points; awaiting approval first."""
    event = _reviewed_event(request, event_slug)
    return _review_page(request, event, _status_filter(request.GET.get("status")))


@login_required
@require_POST
def decide(request: HttpRequest, event_slug: str, registration_id: int) -> HttpResponse:
    """Approve or reject one registration; a registration this person may not decide does not exist for them."""
    event = _reviewed_event(request, event_slug)
    user = signed_in_account(request)
    registration = get_object_or_404(registrations_to_decide(event=event, user=user), pk=registration_id)
    status = _status_filter(request.POST.get("status"))
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == Decision.APPROVE
        if not approve and form.cleaned_data["reason"].strip() and request.POST.get("confirmed") != "1":
            # A rejection is final for the person and mailed at once: ask once more (without JavaScript).
            context = {"event": event, "registration": registration, "form": form, "status": status}
            return render(request, "accreditation/confirm_reject.html", context)
        try:
            decide_registration(registration=registration, by=user, approve=approve, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            name = registration.user.display_name
            if approve:
                messages.success(request, _("The registration of %(name)s is approved.") % {"name": name})
            else:
                messages.success(
                    request,
                    _("The registration of %(name)s is rejected; they will receive the reason by e-mail.")
                    % {"name": name},
                )
            return redirect(_review_url(event, status, _query(request)))
    return _review_page(request, event, status, decision_form=form, failed=registration)


@login_required
def export(request: HttpRequest, event_slug: str) -> HttpResponse:
    """The registrations of the review page (its status filter and search) as CSV."""
    event = _reviewed_event(request, event_slug)
    user = signed_in_account(request)
    status = request.GET.get("status") if request.GET.get("status") in REVIEW_FILTERS else ALL
    registrations = search_registrations(
        registrations=registrations_for_review(event=event, user=user, status=str(status)), query=_query(request)
    )
    response = HttpResponse(registrations_csv(registrations=registrations), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}-{status}.csv"'
    return response


@login_required
@require_POST
def decide_many(request: HttpRequest, event_slug: str) -> HttpResponse:
    """Approve or reject the ticked registrations, after a confirmation page that names each of them."""
    event = _reviewed_event(request, event_slug)
    user = signed_in_account(request)
    status = _status_filter(request.POST.get("status"))
    query = _query(request)
    try:
        ids = sorted({int(value) for value in request.POST.getlist("ids")})
    except ValueError:
        raise Http404("No such registration.") from None
    if request.POST.get("all") == "1":
        # "Tick all": every registration the page showed (its status filter and search); the next
        # page still names each one before anything is decided.
        shown = search_registrations(
            registrations=registrations_for_review(event=event, user=user, status=status), query=query
        )
        ids = sorted(set(ids) | set(shown.values_list("pk", flat=True)))
    decision = request.POST.get("decision")
    reason = " ".join(request.POST.get("reason", "").split())[:2000]
    if not ids:
        return _review_page(request, event, status, bulk_problem=_("Tick the registrations to decide first."))
    if decision not in (Decision.APPROVE, Decision.REJECT):
        return _review_page(request, event, status, bulk_problem=_("Choose approve or reject."))
    approve = decision == Decision.APPROVE
    if not approve and not reason:
        problem = _("Give a reason for the rejection; the registrants will receive it.")
        return _review_page(request, event, status, bulk_problem=problem)
    chosen = list(registrations_to_decide(event=event, user=user).filter(pk__in=ids).select_related("user"))
    if len(chosen) != len(ids):  # one this person may not decide does not exist for them
        raise Http404("No such registration.")
    if request.POST.get("confirmed") != "1":
        context = {
            "event": event,
            "registrations": chosen,
            "approve": approve,
            "reason": reason,
            "status": status,
            "query": query,
            "review_url": _review_url(event, status, query),
        }
        return render(request, "accreditation/confirm_bulk.html", context)
    decide_registrations(registrations=chosen, by=user, approve=approve, reason=reason)
    count = len(chosen)
    if approve:
        text = ngettext("%(count)d registration is approved.", "%(count)d registrations are approved.", count)
    else:
        text = ngettext(
            "%(count)d registration is rejected; they will receive the reason by e-mail.",
            "%(count)d registrations are rejected; each registrant will receive the reason by e-mail.",
            count,
        )
    messages.success(request, text % {"count": count})
    return redirect(_review_url(event, status, query))


@login_required
def delegations(request: HttpRequest, event_slug: str) -> HttpResponse:
    """Approved participants by delegation, in protocol order: all for organisers, their own for focal points."""
    event = _reviewed_event(request, event_slug)
    context = {
        "event": event,
        "delegations": delegation_lists(event=event, user=signed_in_account(request)),
        "is_reviewer": True,
    }
    return render(request, "accreditation/delegations.html", context)
