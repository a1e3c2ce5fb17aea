"""Organisers' exhibition pages under /<lang>/manage/<event>/exhibition/: the booths and their review
(approve, return with a note, publish, unpublish), their pavilion and staff, new booths, and the
halls and pavilions of the layout. Anyone who does not organise the event gets 404, as in the rest
of the organiser area (``organising.area.managed_event``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.core.forms import INVALID, add_service_error
from pavilion.events.models import Event
from pavilion.exhibition import services
from pavilion.exhibition.forms import (
    BoothAssignForm,
    BoothCreateForm,
    BoothStaffForm,
    HallForm,
    PavilionForm,
    ReturnForm,
)
from pavilion.exhibition.models import Booth, BoothStatus, Hall, Pavilion
from pavilion.organising.area import managed_event


@managed_event
def booths(request: HttpRequest, event: Event) -> HttpResponse:
    """Every booth of the event with its status, pavilion and owner; ``?status=`` narrows the list."""
    status = request.GET.get("status", "")
    listed = Booth.objects.filter(event=event).select_related("pavilion", "owner").order_by("status", "slug")
    if status in BoothStatus.values:
        listed = listed.filter(status=status)
    counts = dict(
        Booth.objects.filter(event=event).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    statuses = [(value, label, counts.get(value, 0)) for value, label in BoothStatus.choices]
    context = {"event": event, "booths": listed, "status": status, "statuses": statuses, "section": "exhibition"}
    return render(request, "exhibition/manage/booths.html", context)


@managed_event
def booth_create(request: HttpRequest, event: Event) -> HttpResponse:
    form = BoothCreateForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booth = services.create_booth(
                event=event,
                by=signed_in_account(request),
                owner=data["owner"],
                slug=data["slug"],
                name=data["name"],
                staff=data["staff"],
                pavilion=data["pavilion"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The booth has been opened; its staff can fill it in now."))
            return redirect("exhibition_manage:booth", slug=event.slug, booth_slug=booth.slug)
    status = INVALID if form.errors else 200
    return render(
        request,
        "exhibition/manage/booth_create.html",
        {"event": event, "form": form, "section": "exhibition"},
        status=status,
    )


def _booth_page(request: HttpRequest, event: Event, booth: Booth, **forms: Any) -> HttpResponse:
    assign = forms.get("assign") or BoothAssignForm(
        event=event, initial={"pavilion": booth.pavilion, "position": booth.position}
    )
    staff = forms.get("staff") or BoothStaffForm(
        initial={"staff": "\n".join(booth.staff.values_list("email", flat=True))}
    )
    returned = forms.get("returned") or ReturnForm()
    context = {
        "event": event,
        "booth": booth,
        "assign_form": assign,
        "staff_form": staff,
        "return_form": returned,
        "products": booth.products.all(),
        "section": "exhibition",
    }
    status = INVALID if any(form.errors for form in forms.values()) else 200
    return render(request, "exhibition/manage/booth.html", context, status=status)


def _managed_booth(event: Event, booth_slug: str) -> Booth:
    booth = get_object_or_404(Booth.objects.select_related("pavilion", "owner"), event=event, slug=booth_slug)
    booth.event = event
    return booth


@managed_event
def booth_review(request: HttpRequest, event: Event, booth_slug: str) -> HttpResponse:
    """One booth: its status and the organisers' actions, its pavilion and its staff."""
    return _booth_page(request, event, _managed_booth(event, booth_slug))


@require_POST
@managed_event
def booth_assign(request: HttpRequest, event: Event, booth_slug: str) -> HttpResponse:
    booth = _managed_booth(event, booth_slug)
    form = BoothAssignForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.assign_booth(
                booth=booth,
                by=signed_in_account(request),
                pavilion=form.cleaned_data["pavilion"],
                position=form.cleaned_data["position"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The booth's place has been saved."))
            return redirect("exhibition_manage:booth", slug=event.slug, booth_slug=booth.slug)
    return _booth_page(request, event, booth, assign=form)


@require_POST
@managed_event
def booth_staff(request: HttpRequest, event: Event, booth_slug: str) -> HttpResponse:
    booth = _managed_booth(event, booth_slug)
    form = BoothStaffForm(request.POST)
    if form.is_valid():
        services.set_booth_staff(booth=booth, by=signed_in_account(request), staff=form.cleaned_data["staff"])
        messages.success(request, _("The booth's staff have been saved."))
        return redirect("exhibition_manage:booth", slug=event.slug, booth_slug=booth.slug)
    return _booth_page(request, event, booth, staff=form)


REVIEW_ACTIONS = {
    "approve": (services.approve_booth, _("The booth has been approved.")),
    "publish": (services.publish_booth, _("The booth has been published.")),
    "unpublish": (services.unpublish_booth, _("The booth has been unpublished.")),
}


@require_POST
@managed_event
def booth_decide(request: HttpRequest, event: Event, booth_slug: str, action: str) -> HttpResponse:
    """Approve, publish or unpublish a booth, or return it to its staff with a note."""
    booth = _managed_booth(event, booth_slug)
    user = signed_in_account(request)
    if action == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return _booth_page(request, event, booth, returned=form)
        try:
            services.return_booth(booth=booth, by=user, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_error(form, error)
            return _booth_page(request, event, booth, returned=form)
        messages.success(request, _("The booth has been returned to its staff."))
    elif action in REVIEW_ACTIONS:
        decide, done = REVIEW_ACTIONS[action]
        try:
            decide(booth=booth, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, str(done))
    else:
        raise Http404("No such action.")
    return redirect("exhibition_manage:booth", slug=event.slug, booth_slug=booth.slug)


# --- Halls and pavilions ------------------------------------------------------------------------------


LAYOUT: dict[str, tuple[Any, Any, Any, str, Any]] = {
    "halls": (Hall, HallForm, services.save_hall, "hall", services.delete_hall),
    "pavilions": (Pavilion, PavilionForm, services.save_pavilion, "pavilion", services.delete_pavilion),
}


@managed_event
def layout_list(request: HttpRequest, event: Event, key: str) -> HttpResponse:
    """The halls (or pavilions) of the exhibition, with a form to add one."""
    model, form_class, save, _argument, _delete = LAYOUT[key]
    form = form_class(request.POST or None, event=event, instance=model(event=event))
    if request.method == "POST" and form.is_valid():
        try:
            save(event=event, by=signed_in_account(request), **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("“%(name)s” has been saved.") % {"name": form.instance})
            return redirect(f"exhibition_manage:{key}", slug=event.slug)
    items = model.objects.filter(event=event)
    if model is Pavilion:
        items = items.select_related("hall", "organisation").annotate(booth_count=Count("booths"))
    context = {"event": event, "items": items, "form": form, "key": key, "section": "exhibition"}
    return render(request, f"exhibition/manage/{key}.html", context, status=INVALID if form.errors else 200)


@managed_event
def layout_edit(request: HttpRequest, event: Event, key: str, pk: int) -> HttpResponse:
    model, form_class, save, argument, _delete = LAYOUT[key]
    item = get_object_or_404(model, event=event, pk=pk)
    form = form_class(request.POST or None, event=event, instance=model.objects.get(pk=item.pk))
    if request.method == "POST" and form.is_valid():
        try:
            save(event=event, by=signed_in_account(request), **{argument: item}, **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("“%(name)s” has been saved.") % {"name": item})
            return redirect(f"exhibition_manage:{key}", slug=event.slug)
    context = {"event": event, "item": item, "form": form, "key": key, "section": "exhibition"}
    return render(request, "exhibition/manage/layout_form.html", context, status=INVALID if form.errors else 200)


@require_POST
@managed_event
def layout_delete(request: HttpRequest, event: Event, key: str, pk: int) -> HttpResponse:
    model, _form_class, _save, argument, delete = LAYOUT[key]
    item = get_object_or_404(model, event=event, pk=pk)
    delete(**{argument: item, "by": signed_in_account(request)})
    messages.success(request, _("“%(name)s” has been deleted.") % {"name": item})
    return redirect(f"exhibition_manage:{key}", slug=event.slug)
