"""The organiser area: thin views over events/organising.py, organising/services.py and events/transfer.py.

Every page of an event answers 404 to anyone who does not organise it, so that an unpublished event
does not leak its existence; signed-out visitors are sent to the sign-in page first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.accounts.models import User
from pavilion.accreditation.models import ParticipantCategory
from pavilion.core.forms import INVALID, CaptionsUploadForm, add_service_error
from pavilion.events.models import Event, InterpretationChannel, Room, Session, SessionSpeaker
from pavilion.events.organising import can_create_events, delete_session, set_schedule_published
from pavilion.events.services import find_conflicts, group_by_day, schedule_queryset
from pavilion.events.transfer import ImportRejected, export_sessions_csv, export_sessions_json, import_sessions
from pavilion.organising import services
from pavilion.organising.area import managed_event
from pavilion.organising.forms import (
    CategoryForm,
    EventForm,
    EventItemForm,
    ImportForm,
    InterpretationChannelForm,
    RoomForm,
    SessionForm,
    SpeakerForm,
    SubGroupForm,
    ThemeForm,
    session_parts_formset,
)


def _saved(request: HttpRequest, item: object) -> None:
    messages.success(request, _("“%(name)s” has been saved.") % {"name": item})


# --- Events -------------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The events I organise, and a way to create one when I may."""
    user = signed_in_account(request)
    events = services.managed_events(user=user).order_by("-start_date", "slug")
    return render(request, "organising/index.html", {"events": events, "can_create": can_create_events(user)})


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request)
    if not can_create_events(user):
        raise PermissionDenied("You may not create events.")
    form = EventForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.save_event(
                by=user,
                organising_bodies=form.chosen_bodies(),
                logo=form.logo_change(),
                banner=form.banner_change(),
                **form.event_values(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The event has been created."))
            return redirect("organising:dashboard", slug=event.slug)
    status = INVALID if form.is_bound else 200
    return render(request, "organising/event_form.html", {"form": form, "event": None}, status=status)


@managed_event
def event_edit(request: HttpRequest, event: Event) -> HttpResponse:
    # The form works on its own copy, so a refused change never shows in the page's header.
    form = EventForm(request.POST or None, request.FILES or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_event(
                by=signed_in_account(request),
                event=form.instance,
                organising_bodies=form.chosen_bodies(),
                logo=form.logo_change(),
                banner=form.banner_change(),
                **form.event_values(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("organising:dashboard", slug=event.slug)
    status = INVALID if form.is_bound else 200
    return render(request, "organising/event_form.html", {"form": form, "event": event}, status=status)


@managed_event
def dashboard(request: HttpRequest, event: Event) -> HttpResponse:
    """An event's overview, with the way to each part of it."""
    counts = [
        (gettext_lazy("Sessions"), event.sessions.count(), "organising:sessions"),
        (gettext_lazy("Speakers"), event.speakers.count(), "organising:speakers"),
        (gettext_lazy("Rooms"), event.rooms.count(), "organising:rooms"),
        (gettext_lazy("Themes"), event.tracks.count(), "organising:themes"),
        (gettext_lazy("Sub-groups"), event.subgroups.count(), "organising:subgroups"),
        (gettext_lazy("Participant categories"), event.participant_categories.count(), "organising:categories"),
    ]
    return render(request, "organising/dashboard.html", {"event": event, "counts": counts, "section": "dashboard"})


@managed_event
@require_POST
def schedule_publish(request: HttpRequest, event: Event) -> HttpResponse:
    """Publish (``published=1``) or hide (``published=0``) the whole schedule."""
    published = request.POST.get("published") == "1"
    set_schedule_published(event=event, by=signed_in_account(request), published=published)
    if published:
        messages.success(request, _("The schedule is published: attendees can see the sessions."))
    else:
        messages.success(request, _("The schedule is hidden: only organisers can see the sessions."))
    return redirect("organising:sessions", slug=event.slug)


# --- Sessions -----------------------------------------------------------------------------------


@managed_event
def session_list(request: HttpRequest, event: Event) -> HttpResponse:
    """The sessions day by day, with rooms and speakers booked twice at the same time."""
    sessions = list(schedule_queryset(Session.objects.filter(event=event)))
    conflicts = find_conflicts(event=event)
    in_conflict = {conflict.first.pk for conflict in conflicts} | {conflict.second.pk for conflict in conflicts}
    return render(
        request,
        "organising/sessions.html",
        {
            "event": event,
            "section": "sessions",
            "days": group_by_day(event=event, sessions=sessions),
            "conflicts": conflicts,
            "in_conflict": in_conflict,
        },
    )


def _session_form(request: HttpRequest, event: Event, session: Session | None) -> HttpResponse:
    speakers = list(event.speakers.all())
    data = request.POST if request.method == "POST" else None
    # The form works on its own copy, so a refused change never shows in the page's heading.
    instance = Session.objects.get(pk=session.pk) if session else Session(event=event)
    form = SessionForm(data, event=event, instance=instance)
    parts = session_parts_formset(session=session, speakers=speakers, data=data)
    if request.method == "POST" and form.is_valid() and parts.is_valid():
        try:
            saved = services.save_session(
                event=event,
                by=signed_in_account(request),
                session=session,
                parts=parts.parts(),
                invitees=form.invitees(),
                **form.session_values(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            _saved(request, saved)
            return redirect("organising:sessions", slug=event.slug)
    context = {"event": event, "section": "sessions", "form": form, "parts": parts, "session": session}
    return render(request, "organising/session_form.html", context, status=INVALID if form.is_bound else 200)


@managed_event
def session_create(request: HttpRequest, event: Event) -> HttpResponse:
    return _session_form(request, event, None)


def _event_session(event: Event, session_slug: str) -> Session:
    speakers = SessionSpeaker.objects.select_related("speaker")
    sessions = Session.objects.filter(event=event).prefetch_related(Prefetch("session_speakers", queryset=speakers))
    return get_object_or_404(sessions, slug=session_slug)


@managed_event
def session_edit(request: HttpRequest, event: Event, session_slug: str) -> HttpResponse:
    return _session_form(request, event, _event_session(event, session_slug))


@managed_event
def session_delete(request: HttpRequest, event: Event, session_slug: str) -> HttpResponse:
    session = _event_session(event, session_slug)
    if request.method == "POST":
        delete_session(session=session, by=signed_in_account(request))
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": session})
        return redirect("organising:sessions", slug=event.slug)
    return render(
        request,
        "organising/confirm_delete.html",
        {
            "event": event,
            "section": "sessions",
            "item": session,
            "back_url": "organising:sessions",
            "consequence": _("Its speakers stay in the event; bookmarks of the session are removed."),
        },
    )


# --- Import and export --------------------------------------------------------------------------


@managed_event
def transfer(request: HttpRequest, event: Event) -> HttpResponse:
    """Import sessions from a CSV or JSON file (all rows or none); links to the exports."""
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_sessions(
                event=event, by=signed_in_account(request), data=form.data_bytes(), format=form.cleaned_data["format"]
            )
        except ImportRejected as rejected:
            row_errors = rejected.errors
            form.add_error(None, _("Nothing was imported: correct these rows and upload the file again."))
        else:
            messages.success(
                request,
                _("Import complete: %(created)d created, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("organising:transfer", slug=event.slug)
    return render(
        request,
        "organising/transfer.html",
        {"event": event, "section": "transfer", "form": form, "row_errors": row_errors},
        status=INVALID if form.is_bound else 200,
    )


def _download(content: str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@managed_event
def export_csv(request: HttpRequest, event: Event) -> HttpResponse:
    return _download(
        export_sessions_csv(event=event),
        content_type="text/csv; charset=utf-8",
        filename=f"{event.slug}-sessions.csv",
    )


@managed_event
def export_json(request: HttpRequest, event: Event) -> HttpResponse:
    return _download(
        export_sessions_json(event=event),
        content_type="application/json; charset=utf-8",
        filename=f"{event.slug}-sessions.json",
    )


# --- Themes, sub-groups, rooms, speakers, participant categories ----------------------------------


@dataclass(frozen=True)
class Catalogue:
    """One kind of thing an event lists, with its form and the services that write it."""

    key: str  # URL part, URL-name prefix, template name and navigation key
    title: Promise
    form_class: type[EventItemForm]
    items: Callable[[Event], QuerySet[Any]]
    create: Callable[[Event, User, dict[str, Any]], Model]
    update: Callable[[Any, User, dict[str, Any]], Model]
    delete: Callable[[Any, User], None]
    consequence: Promise

    @property
    def list_url(self) -> str:
        return f"organising:{self.key}"

    @property
    def edit_url(self) -> str:
        return f"organising:{self.key}_edit"

    @property
    def delete_url(self) -> str:
        return f"organising:{self.key}_delete"


CATALOGUES = {
    catalogue.key: catalogue
    for catalogue in [
        Catalogue(
            key="themes",
            title=gettext_lazy("Themes"),
            form_class=ThemeForm,
            items=lambda event: event.tracks.all(),
            create=lambda event, by, values: services.create_theme(event=event, by=by, **values),
            update=lambda item, by, values: services.update_theme(theme=item, by=by, **values),
            delete=lambda item, by: services.delete_theme(theme=item, by=by),
            consequence=gettext_lazy("Its sessions stay, without a theme."),
        ),
        Catalogue(
            key="subgroups",
            title=gettext_lazy("Sub-groups"),
            form_class=SubGroupForm,
            items=lambda event: event.subgroups.all(),
            create=lambda event, by, values: services.create_subgroup(event=event, by=by, **values),
            update=lambda item, by, values: services.update_subgroup(subgroup=item, by=by, **values),
            delete=lambda item, by: services.delete_subgroup(subgroup=item, by=by),
            consequence=gettext_lazy("Its sessions stay, without a sub-group."),
        ),
        Catalogue(
            key="rooms",
            title=gettext_lazy("Rooms"),
            form_class=RoomForm,
            items=lambda event: event.rooms.prefetch_related("interpretation_channels"),
            create=lambda event, by, values: services.create_room(event=event, by=by, **values),
            update=lambda item, by, values: services.update_room(room=item, by=by, **values),
            delete=lambda item, by: services.delete_room(room=item, by=by),
            consequence=gettext_lazy("Its interpretation channels go too; its sessions stay, without a room."),
        ),
        Catalogue(
            key="speakers",
            title=gettext_lazy("Speakers"),
            form_class=SpeakerForm,
            items=lambda event: event.speakers.all(),
            create=lambda event, by, values: services.create_speaker(event=event, by=by, **values),
            update=lambda item, by, values: services.update_speaker(speaker=item, by=by, **values),
            delete=lambda item, by: services.delete_speaker(speaker=item, by=by),
            consequence=gettext_lazy("The speaker is also removed from every session."),
        ),
        Catalogue(
            key="categories",
            title=gettext_lazy("Participant categories"),
            form_class=CategoryForm,
            items=lambda event: ParticipantCategory.objects.filter(event=event),
            create=lambda event, by, values: services.create_category(event=event, by=by, **values),
            update=lambda item, by, values: services.update_category(category=item, by=by, **values),
            delete=lambda item, by: services.delete_category(category=item, by=by),
            consequence=gettext_lazy("Only a category nobody has registered in can be deleted."),
        ),
    ]
}


def _item(catalogue: Catalogue, event: Event, pk: int) -> Any:
    return get_object_or_404(catalogue.items(event), pk=pk)


@managed_event
def catalogue_list(request: HttpRequest, event: Event, key: str) -> HttpResponse:
    """The event's themes (or rooms, speakers …) and a form to add one."""
    catalogue = CATALOGUES[key]
    form = catalogue.form_class(request.POST or None, request.FILES or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            item = catalogue.create(event, signed_in_account(request), form.service_values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            _saved(request, item)
            return redirect(catalogue.list_url, slug=event.slug)
    context = {"event": event, "section": key, "catalogue": catalogue, "items": catalogue.items(event), "form": form}
    return render(request, f"organising/{key}.html", context, status=INVALID if form.is_bound else 200)


@managed_event
def catalogue_edit(request: HttpRequest, event: Event, key: str, pk: int) -> HttpResponse:
    catalogue = CATALOGUES[key]
    item = _item(catalogue, event, pk)
    # The form works on its own copy, so a refused change never shows in the page's heading.
    form = catalogue.form_class(
        request.POST or None, request.FILES or None, event=event, instance=_item(catalogue, event, pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = catalogue.update(form.instance, signed_in_account(request), form.service_values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            _saved(request, saved)
            return redirect(catalogue.list_url, slug=event.slug)
    context: dict[str, Any] = {"event": event, "section": key, "catalogue": catalogue, "item": item, "form": form}
    if key == "rooms":
        context["channel_form"] = InterpretationChannelForm(room=item)
        context["captions_form"] = CaptionsUploadForm(prefix="captions")
    template = "organising/room_form.html" if key == "rooms" else "organising/item_form.html"
    return render(request, template, context, status=INVALID if form.is_bound else 200)


@managed_event
def catalogue_delete(request: HttpRequest, event: Event, key: str, pk: int) -> HttpResponse:
    catalogue = CATALOGUES[key]
    item = _item(catalogue, event, pk)
    error = ""
    if request.method == "POST":
        name = str(item)
        try:
            catalogue.delete(item, signed_in_account(request))
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("“%(name)s” has been deleted.") % {"name": name})
            return redirect(catalogue.list_url, slug=event.slug)
    context = {
        "event": event,
        "section": key,
        "item": item,
        "back_url": catalogue.list_url,
        "consequence": catalogue.consequence,
        "error": error,
    }
    return render(request, "organising/confirm_delete.html", context, status=INVALID if error else 200)


# --- Interpretation channels of a room ------------------------------------------------------------


@managed_event
@require_POST
def channel_add(request: HttpRequest, event: Event, pk: int) -> HttpResponse:
    room = get_object_or_404(Room.objects.filter(event=event), pk=pk)
    channel_form = InterpretationChannelForm(request.POST, room=room)
    if channel_form.is_valid():
        try:
            channel = services.add_interpretation_channel(
                room=room,
                by=signed_in_account(request),
                language=channel_form.cleaned_data["language"],
                kind=channel_form.cleaned_data["kind"],
                stream_url=channel_form.cleaned_data["stream_url"],
            )
        except ValidationError as error:
            add_service_error(channel_form, error)
        else:
            messages.success(
                request, _("Interpretation into %(language)s added.") % {"language": channel.get_language_display()}
            )
            return redirect("organising:rooms_edit", slug=event.slug, pk=room.pk)
    return _room_refused(request, event, room, channel_form=channel_form)


def _room_refused(
    request: HttpRequest,
    event: Event,
    room: Room,
    *,
    channel_form: InterpretationChannelForm | None = None,
    captions_form: CaptionsUploadForm | None = None,
) -> HttpResponse:
    """The room's page again, with the refused channel or captions form and its messages."""
    context = {
        "event": event,
        "section": "rooms",
        "catalogue": CATALOGUES["rooms"],
        "item": room,
        "form": RoomForm(event=event, instance=room),
        "channel_form": channel_form or InterpretationChannelForm(room=room),
        "captions_form": captions_form or CaptionsUploadForm(prefix="captions"),
    }
    return render(request, "organising/room_form.html", context, status=INVALID)


@managed_event
@require_POST
def room_captions_add(request: HttpRequest, event: Event, pk: int) -> HttpResponse:
    """Upload a WebVTT file as the captions in one language of the room's video."""
    room = get_object_or_404(Room.objects.filter(event=event), pk=pk)
    form = CaptionsUploadForm(request.POST, request.FILES, prefix="captions")
    if form.is_valid():
        try:
            services.add_room_captions(
                room=room,
                by=signed_in_account(request),
                language=form.cleaned_data["language"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Captions in %(language)s added.") % {"language": _language(form)})
            return redirect("organising:rooms_edit", slug=event.slug, pk=room.pk)
    return _room_refused(request, event, room, captions_form=form)


def _language(form: CaptionsUploadForm) -> str:
    return str(dict(form.fields["language"].choices)[form.cleaned_data["language"]])  # type: ignore[attr-defined]


@managed_event
@require_POST
def room_captions_remove(request: HttpRequest, event: Event, pk: int, language: str) -> HttpResponse:
    room = get_object_or_404(Room.objects.filter(event=event), pk=pk)
    services.remove_room_captions(room=room, by=signed_in_account(request), language=language)
    messages.success(request, _("The captions have been removed."))
    return redirect("organising:rooms_edit", slug=event.slug, pk=room.pk)


@managed_event
@require_POST
def channel_remove(request: HttpRequest, event: Event, pk: int, channel_pk: int) -> HttpResponse:
    channel = get_object_or_404(InterpretationChannel.objects.filter(room__event=event, room__pk=pk), pk=channel_pk)
    services.remove_interpretation_channel(channel=channel, by=signed_in_account(request))
    messages.success(
        request, _("Interpretation into %(language)s removed.") % {"language": channel.get_language_display()}
    )
    return redirect("organising:rooms_edit", slug=event.slug, pk=pk)
