"""The participants' networking pages: thin adapters over profiles.py, matching.py and meetings.py.

Open to the event's approved participants and organisers only: signed-out visitors are sent to sign
in, anyone else gets 403 with the reason (the event itself is public, its directory is not).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.accounts.models import User
from pavilion.core.forms import INVALID
from pavilion.events.access import get_visible_event
from pavilion.events.models import Event
from pavilion.exhibition.access import get_visible_booth
from pavilion.exhibition.models import Booth, BoothStatus
from pavilion.networking import booth_times, booths, matching, meetings, profiles
from pavilion.networking.access import may_network
from pavilion.networking.agenda import text_of
from pavilion.networking.forms import (
    AcceptTimeForm,
    BoothInterestsForm,
    BoothTimesForm,
    DeclineForm,
    DirectoryFilterForm,
    ProfileForm,
    ProposeForm,
    ProposeTimeForm,
    RequestForm,
)
from pavilion.networking.models import MAX_NOTE_LENGTH, Meeting, MeetingStatus, NetworkingProfile
from pavilion.networking.times import meeting_time_html

ParticipantView = Callable[..., HttpResponse]


def participant_page(view: ParticipantView) -> ParticipantView:
    """Resolve ``event_slug`` to a visible event whose networking this person may use, else 403/404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, event_slug: str, **kwargs: Any) -> HttpResponse:
        event = get_visible_event(slug=event_slug, user=request.user)
        if not may_network(event=event, user=request.user):
            raise PermissionDenied(_("Networking is open to the event's approved participants only."))
        return view(request, event, signed_in_account(request), **kwargs)

    return wrapper


def meetings_page(view: ParticipantView) -> ParticipantView:
    """Like ``participant_page``, and open to the staff of the event's booths too (they answer for their
    booth even without a registration of their own) and to visitors who asked a booth for a meeting."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, event_slug: str, **kwargs: Any) -> HttpResponse:
        event = get_visible_event(slug=event_slug, user=request.user)
        account = signed_in_account(request)
        if not meetings.may_open_meetings(event=event, user=account):
            raise PermissionDenied(_("Networking is open to the event's approved participants only."))
        return view(request, event, account, **kwargs)

    return wrapper


def _context(event: Event, user: User, section: str, **extra: Any) -> dict[str, Any]:
    profile = profiles.profile_of(event=event, user=user)
    staffed = list(Booth.objects.filter(event=event, staff=user).order_by("position", "slug"))
    staffed_ids = {booth.pk for booth in staffed}
    waiting = sum(
        1
        for meeting in meetings.meetings_of(event=event, user=user).filter(status=MeetingStatus.PENDING)
        if meetings.must_answer(meeting=meeting, user=user, staffed=staffed_ids)
    )
    return {
        "event": event,
        "section": section,
        "my_profile": profile,
        "waiting": waiting,
        "staffed_booths": staffed,
        "may_network": may_network(event=event, user=user),
        **extra,
    }


@participant_page
def directory(request: HttpRequest, event: Event, user: User) -> HttpResponse:
    """The participants who opted in, by delegation in protocol order, with filters (GET)."""
    form = DirectoryFilterForm(request.GET or None, choices=profiles.filter_choices(event=event))
    filters = profiles.DirectoryFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = profiles.DirectoryFilters(
            text=data["q"].strip(),
            country=data["country"],
            organisation_kind=data["kind"],
            function=data["function"],
            theme=data["theme"],
            purpose=data["purpose"],
        )
    groups = profiles.directory(event=event, by=user, filters=filters)
    context = _context(
        event, user, "directory", form=form, groups=groups, count=sum(len(group.entries) for group in groups)
    )
    return render(request, "networking/directory.html", context)


@participant_page
def recommendations(request: HttpRequest, event: Event, user: User) -> HttpResponse:
    """Participants who fit the viewer's interests, best first, each with the reasons in words."""
    found = matching.recommendations(event=event, by=user)
    return render(request, "networking/recommendations.html", _context(event, user, "recommendations", found=found))


@participant_page
def my_profile(request: HttpRequest, event: Event, user: User) -> HttpResponse:
    """Join or leave the directory; what is shown, interests and availability."""
    profile = profiles.profile_of(event=event, user=user)
    initial: dict[str, Any] = {"shown_fields": ["position", "organisation", "country", "function"]}
    if profile is not None:
        initial = {
            "is_listed": profile.is_listed,
            "shown_fields": profile.shown_fields,
            "themes": list(profile.themes.all()),
            "seeks": profile.seeks,
            "offers": profile.offers,
            "available_slots": list(profile.available_slots.all()),
        }
    form = ProfileForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profiles.save_profile(
                event=event,
                by=user,
                is_listed=data["is_listed"],
                shown_fields=data["shown_fields"],
                themes=data["themes"],
                seeks=data["seeks"],
                offers=data["offers"],
                available_slots=data["available_slots"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if data["is_listed"]:
                messages.success(request, _("Your directory entry has been saved."))
            else:
                messages.success(request, _("You are not listed in the directory."))
            return redirect("networking:profile", event_slug=event.slug)
    status = INVALID if form.is_bound else 200
    return render(request, "networking/profile.html", _context(event, user, "profile", form=form), status=status)


@require_POST
@participant_page
def not_interested(request: HttpRequest, event: Event, user: User, user_id: int) -> HttpResponse:
    """Hide this pair from both people's recommendations."""
    matching.mark_not_interested(event=event, by=user, other_id=user_id)
    messages.success(request, _("You will not be recommended to each other any more."))
    return redirect("networking:recommendations", event_slug=event.slug)


def _listed_person(event: Event, user_id: int) -> User:
    profile = NetworkingProfile.objects.filter(event=event, user_id=user_id, is_listed=True).select_related("user")
    found = profile.first()
    if found is None:
        raise Http404("No such participant.")
    return found.user


@participant_page
def request_meeting(request: HttpRequest, event: Event, user: User, user_id: int) -> HttpResponse:
    """Ask a listed participant for a meeting in a slot you both marked free, with a reason."""
    invitee = _listed_person(event, user_id)
    slots = meetings.free_slots(event=event, requester=user, invitee=invitee)
    form = RequestForm(request.POST or None, slots=slots, zone_name=event.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            meetings.request_meeting(
                event=event,
                by=user,
                invitee=invitee,
                slot=form.cleaned_data["slot"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Your request has been sent. The slot is held for both of you until an answer.")
            )
            return redirect("networking:meetings", event_slug=event.slug)
    context = _context(event, user, "directory", form=form, invitee=invitee, slots=slots)
    return render(request, "networking/request.html", context, status=INVALID if form.is_bound else 200)


def _viewer_zone(request: HttpRequest, event: Event) -> str:
    """The reader's zone when known (profile, else the browser's), else the event's."""
    if getattr(request, "viewer_timezone_known", False):
        return str(timezone.get_current_timezone())
    return event.time_zone


def _row(request: HttpRequest, event: Event, user: User, meeting: Meeting, staffed: set[int]) -> dict[str, Any]:
    """One meeting as the reader sees it, with the answer forms when they are the side to answer."""
    answer = meetings.must_answer(meeting=meeting, user=user, staffed=staffed)
    row: dict[str, Any] = {
        "meeting": meeting,
        "with_name": meetings.other_side_name(meeting, user),
        "location": meetings.location_of(meeting),
        "must_answer": answer,
        "is_open": meeting.status in (MeetingStatus.PENDING, MeetingStatus.ACCEPTED),
        "propose": None,
    }
    if meeting.slot is None:
        also = meeting.time_zone
        row["agreed"] = meeting_time_html(meeting.starts_at, event.time_zone, also) if meeting.starts_at else ""
        row["proposed"] = [
            meeting_time_html(time.starts_at, event.time_zone, also) for time in meeting.proposed_times.all()
        ]
        if answer:
            row["accept_form"] = AcceptTimeForm(meeting=meeting, event_zone=event.time_zone)
            row["decline_form"] = DeclineForm(meeting=meeting)
            row["propose_time"] = ProposeTimeForm(meeting=meeting, time_zone=_viewer_zone(request, event))
    elif answer:
        requester = meeting.requester
        slots = meetings.free_slots(event=event, requester=requester, invitee=meeting.invitee, booth=meeting.booth)
        row["propose"] = ProposeForm(
            slots=[slot for slot in slots if slot.pk != meeting.slot_id], zone_name=event.time_zone
        )
    return row


def _staffed_booths(event: Event, user: User) -> set[int]:
    return set(Booth.objects.filter(event=event, staff=user).values_list("pk", flat=True))


@meetings_page
def my_meetings(request: HttpRequest, event: Event, user: User) -> HttpResponse:
    """Requests to answer, requests sent, and agreed meetings."""
    staffed = _staffed_booths(event, user)
    rows = [_row(request, event, user, meeting, staffed) for meeting in meetings.meetings_of(event=event, user=user)]
    return render(request, "networking/meetings.html", _context(event, user, "meetings", rows=rows))


def _meeting_of(event: Event, user: User, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("slot", "requester", "invitee", "booth", "event"),
        pk=meeting_id,
        event=event,
    )
    if meeting.status == MeetingStatus.DRAFT or not meetings.is_party(meeting=meeting, user=user):
        raise Http404("No such meeting.")
    return meeting


def _back(request: HttpRequest, event: Event) -> str:
    """Where an answer returns: the page it came from on this site (a booth's meetings), else My meetings."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        return back
    return reverse("networking:meetings", kwargs={"event_slug": event.slug})


def _answer(request: HttpRequest, event: Event, action: Callable[[], object], done: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(_back(request, event))


def _refuse(request: HttpRequest, event: Event, problem: str) -> HttpResponse:
    messages.error(request, problem)
    return redirect(_back(request, event))


@require_POST
@meetings_page
def accept(request: HttpRequest, event: Event, user: User, meeting_id: int) -> HttpResponse:
    meeting = _meeting_of(event, user, meeting_id)
    done = _("Meeting accepted. It is in your agenda.")
    if meeting.slot_id is not None:
        return _answer(request, event, lambda: meetings.accept_meeting(meeting=meeting, by=user), done)
    form = AcceptTimeForm(request.POST, meeting=meeting, event_zone=event.time_zone)
    if not form.is_valid():
        return _refuse(request, event, _("Choose one of the times proposed."))
    data = form.cleaned_data
    return _answer(
        request,
        event,
        lambda: booth_times.accept_time(meeting=meeting, by=user, starts_at=form.chosen().starts_at, note=data["note"]),
        done,
    )


@require_POST
@meetings_page
def decline(request: HttpRequest, event: Event, user: User, meeting_id: int) -> HttpResponse:
    meeting = _meeting_of(event, user, meeting_id)
    form = DeclineForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _refuse(request, event, _("A note can have at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH})
    note = form.cleaned_data["note"]
    return _answer(
        request, event, lambda: meetings.decline_meeting(meeting=meeting, by=user, note=note), _("Request declined.")
    )


@require_POST
@meetings_page
def cancel(request: HttpRequest, event: Event, user: User, meeting_id: int) -> HttpResponse:
    meeting = _meeting_of(event, user, meeting_id)
    return _answer(request, event, lambda: meetings.cancel_meeting(meeting=meeting, by=user), _("Meeting cancelled."))


@require_POST
@meetings_page
def propose(request: HttpRequest, event: Event, user: User, meeting_id: int) -> HttpResponse:
    meeting = _meeting_of(event, user, meeting_id)
    if meeting.slot_id is None:
        time_form = ProposeTimeForm(request.POST, meeting=meeting, time_zone=event.time_zone)
        if not time_form.is_valid():
            return _refuse(request, event, _("Enter a date and time, e.g. 2020-10-21 14:30."))
        data = time_form.cleaned_data
        return _answer(
            request,
            event,
            lambda: booth_times.propose_time(meeting=meeting, by=user, starts_at=time_form.time(), note=data["note"]),
            _("Another time has been proposed; the other side answers next."),
        )
    slots = meetings.free_slots(event=event, requester=meeting.requester, invitee=meeting.invitee, booth=meeting.booth)
    form = ProposeForm(request.POST, slots=slots, zone_name=event.time_zone)
    if not form.is_valid():
        return _refuse(request, event, _("Choose one of the slots offered."))
    slot = form.cleaned_data["slot"]
    return _answer(
        request,
        event,
        lambda: meetings.propose_slot(meeting=meeting, by=user, slot=slot),
        _("Another slot has been proposed; the other side answers next."),
    )


# --- Booths ------------------------------------------------------------------------------------------


@participant_page
def booth_list(request: HttpRequest, event: Event, user: User) -> HttpResponse:
    """Booths that take meeting requests, best fit first, each with the reasons."""
    found = booths.booths_taking_requests(event=event, by=user)
    return render(request, "networking/booths.html", _context(event, user, "booths", found=found))


def _booth_taking_requests(event: Event, booth_slug: str) -> Booth:
    booth = get_object_or_404(Booth, event=event, slug=booth_slug, status=BoothStatus.PUBLISHED)
    interests = getattr(booth, "networking", None)
    if interests is None or not interests.accepts_meetings:
        raise Http404("This booth does not take meeting requests.")
    return booth


@participant_page
def request_booth_meeting(request: HttpRequest, event: Event, user: User, booth_slug: str) -> HttpResponse:
    """Ask a booth's staff for a meeting in a slot you marked free and the booth holds free, with a reason."""
    booth = _booth_taking_requests(event, booth_slug)
    slots = meetings.free_slots(event=event, requester=user, booth=booth)
    form = RequestForm(request.POST or None, slots=slots, zone_name=event.time_zone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meetings.request_meeting(event=event, by=user, booth=booth, slot=data["slot"], reason=data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your request has been sent. The slot is held until the booth answers."))
            return redirect("networking:meetings", event_slug=event.slug)
    context = _context(event, user, "booths", form=form, slots=slots, booth_name=text_of(booth.name))
    return render(request, "networking/request.html", context, status=INVALID if form.is_bound else 200)


@login_required
def booth_settings(request: HttpRequest, event_slug: str, booth_slug: str) -> HttpResponse:
    """The booth's staff (and the organisers) say whether it takes meeting requests, and its interests."""
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_object_or_404(Booth, event=event, slug=booth_slug)
    user = signed_in_account(request)
    if not booths.answers_for(booth=booth, user=user):
        raise Http404("No such booth.")
    current = getattr(booth, "networking", None)
    initial: dict[str, Any] = {"accepts_meetings": True}
    if current is not None:
        initial = {
            "accepts_meetings": current.accepts_meetings,
            "themes": list(current.themes.all()),
            "seeks": current.seeks,
            "offers": current.offers,
        }
    form = BoothInterestsForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booths.save_booth_interests(
                booth=booth,
                by=user,
                accepts_meetings=data["accepts_meetings"],
                themes=data["themes"],
                seeks=data["seeks"],
                offers=data["offers"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The booth's meeting settings have been saved."))
            return redirect("networking:booth_settings", event_slug=event.slug, booth_slug=booth.slug)
    context = _context(event, user, "meetings", form=form, booth_name=text_of(booth.name))
    return render(request, "networking/booth_settings.html", context, status=INVALID if form.is_bound else 200)


@login_required
def request_booth_times(request: HttpRequest, event_slug: str, booth_slug: str) -> HttpResponse:
    """Ask a booth's staff for a meeting at one to three times of your own (any signed-in visitor of the booth)."""
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_visible_booth(event=event, slug=booth_slug, user=request.user)
    booth.event = event
    user = signed_in_account(request)
    if booth.staff.filter(pk=user.pk).exists():
        raise PermissionDenied(_("You answer for this booth; its visitors' requests come to you."))
    if not booth_times.takes_requests(booth):
        raise Http404("This booth does not take meeting requests.")
    form = BoothTimesForm(request.POST or None, time_zone=_viewer_zone(request, event))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booth_times.request_at_times(
                booth=booth,
                by=user,
                reason=data["reason"],
                times=form.times(),
                time_zone=data["time_zone"],
                length=data["length"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Your request has been sent. The times are held for you and the booth until it answers.")
            )
            return redirect("networking:meetings", event_slug=event.slug)
    context = _context(event, user, "meetings", form=form, booth=booth, booth_name=text_of(booth.name))
    return render(request, "networking/request_times.html", context, status=INVALID if form.is_bound else 200)


@login_required
def booth_meetings(request: HttpRequest, event_slug: str, booth_slug: str) -> HttpResponse:
    """A booth's meeting requests and meetings for its staff (404 for anyone else), by status (``?status=``)."""
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_object_or_404(Booth, event=event, slug=booth_slug)
    user = signed_in_account(request)
    if not booth.staff.filter(pk=user.pk).exists():
        raise Http404("No such booth.")
    everything = booth_times.booth_meetings(booth=booth)
    status = request.GET.get("status", "")
    if status not in MeetingStatus.values or status == MeetingStatus.DRAFT:
        status = ""
    shown = [meeting for meeting in everything if not status or meeting.status == status]
    statuses = [
        (value, label, sum(1 for meeting in everything if meeting.status == value))
        for value, label in MeetingStatus.choices
        if value != MeetingStatus.DRAFT
    ]
    context = _context(
        event,
        user,
        "meetings",
        booth=booth,
        booth_name=text_of(booth.name),
        rows=[_row(request, event, user, meeting, {booth.pk}) for meeting in shown],
        status=status,
        statuses=statuses,
    )
    return render(request, "networking/booth_meetings.html", context)
