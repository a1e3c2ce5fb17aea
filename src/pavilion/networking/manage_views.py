"""The organisers' meeting pages under /<lang>/manage/<event>/meetings/ (organisers only: others get 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.core.charts import chart_csv
from pavilion.core.forms import INVALID
from pavilion.events.models import Event
from pavilion.networking import meetings, organiser
from pavilion.networking.forms import PlaceForm, RequestCapForm, SlotSeriesForm, slot_label
from pavilion.networking.models import Meeting, MeetingPlace, MeetingSlot, MeetingStatus, NetworkingProfile
from pavilion.organising.area import managed_event


def _page(request: HttpRequest, event: Event, status: int = 200, **forms: Any) -> HttpResponse:
    slots = list(MeetingSlot.objects.filter(event=event).order_by("starts_at"))
    drafts = Meeting.objects.filter(event=event, status=MeetingStatus.DRAFT).select_related(
        "slot", "place", "requester", "invitee"
    )
    context = {
        "event": event,
        "section": "meetings",
        "slots": [(slot, slot_label(slot, event.time_zone)) for slot in slots],
        "places": MeetingPlace.objects.filter(event=event),
        "drafts": [(draft, slot_label(draft.slot, event.time_zone)) for draft in drafts if draft.slot is not None],
        "listed": NetworkingProfile.objects.filter(event=event, is_listed=True).count(),
        "charts": organiser.networking_charts(event=event),
        "slot_form": forms.get("slot_form") or SlotSeriesForm(event=event),
        "place_form": forms.get("place_form") or PlaceForm(),
        "cap_form": forms.get("cap_form")
        or RequestCapForm(initial={"max_open_requests": meetings.open_request_cap(event=event)}),
    }
    return render(request, "networking/manage.html", context, status=status)


@managed_event
def index(request: HttpRequest, event: Event) -> HttpResponse:
    """Slots, places, the matching pass's draft and the figures."""
    return _page(request, event)


@require_POST
@managed_event
def add_slots(request: HttpRequest, event: Event) -> HttpResponse:
    form = SlotSeriesForm(request.POST, event=event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = organiser.open_slots(
                event=event,
                by=signed_in_account(request),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                length=data["length"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(count)d slots opened.") % {"count": added})
            return redirect("networking_manage:index", slug=event.slug)
    return _page(request, event, status=INVALID, slot_form=form)


@require_POST
@managed_event
def remove_slot(request: HttpRequest, event: Event, slot_id: int) -> HttpResponse:
    slot = get_object_or_404(MeetingSlot, pk=slot_id, event=event)
    try:
        organiser.remove_slot(slot=slot, by=signed_in_account(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Slot removed."))
    return redirect("networking_manage:index", slug=event.slug)


@require_POST
@managed_event
def add_place(request: HttpRequest, event: Event) -> HttpResponse:
    form = PlaceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            organiser.add_place(
                event=event,
                by=signed_in_account(request),
                name=data["name"],
                kind=data["kind"],
                video_url=data["video_url"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Place added."))
            return redirect("networking_manage:index", slug=event.slug)
    return _page(request, event, status=INVALID, place_form=form)


@require_POST
@managed_event
def set_request_cap(request: HttpRequest, event: Event) -> HttpResponse:
    """The event's cap of requests waiting per person."""
    form = RequestCapForm(request.POST)
    if form.is_valid():
        try:
            organiser.set_open_request_cap(
                event=event, by=signed_in_account(request), cap=form.cleaned_data["max_open_requests"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The number of requests waiting per person has been saved."))
            return redirect("networking_manage:index", slug=event.slug)
    return _page(request, event, status=INVALID, cap_form=form)


@require_POST
@managed_event
def remove_place(request: HttpRequest, event: Event, place_id: int) -> HttpResponse:
    place = get_object_or_404(MeetingPlace, pk=place_id, event=event)
    organiser.remove_place(place=place, by=signed_in_account(request))
    messages.success(request, _("Place removed."))
    return redirect("networking_manage:index", slug=event.slug)


@require_POST
@managed_event
def run_matching(request: HttpRequest, event: Event) -> HttpResponse:
    drafts = organiser.draft_matches(event=event, by=signed_in_account(request))
    messages.success(
        request, _("The matching pass proposes %(count)d meetings. Review them, then publish.") % {"count": len(drafts)}
    )
    return redirect("networking_manage:index", slug=event.slug)


@require_POST
@managed_event
def discard_draft(request: HttpRequest, event: Event, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=meeting_id, event=event, status=MeetingStatus.DRAFT)
    organiser.discard_draft(meeting=meeting, by=signed_in_account(request))
    messages.success(request, _("Meeting taken out of the draft."))
    return redirect("networking_manage:index", slug=event.slug)


@require_POST
@managed_event
def publish(request: HttpRequest, event: Event) -> HttpResponse:
    result = organiser.publish_drafts(event=event, by=signed_in_account(request))
    messages.success(
        request,
        _("%(published)d meetings published; %(dropped)d dropped because a slot or place was taken meanwhile.")
        % {"published": result.published, "dropped": result.dropped},
    )
    return redirect("networking_manage:index", slug=event.slug)


@managed_event
def export(request: HttpRequest, event: Event, chart_slug: str) -> HttpResponse:
    """One of the figures' tables as CSV (core.spreadsheets escapes formulas)."""
    for chart in organiser.networking_charts(event=event):
        if chart.slug == chart_slug:
            response = HttpResponse(chart_csv(chart), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{event.slug}-{chart.slug}.csv"'
            return response
    raise Http404("No such table.")
