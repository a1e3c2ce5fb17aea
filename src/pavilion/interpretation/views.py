"""Interpretation pages: the interpreter's on-air switch and the listener's kept choice (posted from the
session page), and the organisers' pages (a session's channel changes and interpreters). Thin adapters
over services.py.

The session views answer 404 for a session the viewer may not see (as the session page does); the
organisers' pages answer 404 to anyone who does not organise the event.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.core.forms import INVALID
from pavilion.events.channels import CHANNEL_PREFETCH, FLOOR, Channel
from pavilion.events.models import ChannelKind, ChannelRecording, Event, Session, SessionChannel
from pavilion.events.panels import panel_session, session_page_url
from pavilion.events.schemas import channel_label
from pavilion.interpretation import services, team
from pavilion.interpretation.forms import (
    ChoiceForm,
    InterpreterForm,
    OnAirForm,
    RecordingForm,
    SessionChannelForm,
    TeamLineForm,
)
from pavilion.interpretation.models import Interpreter
from pavilion.organising.area import managed_event


@require_POST
def on_air(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Put a channel on or off air from the session page without JavaScript; back to the page."""
    event, session = panel_session(request, event_slug, session_slug)
    back = session_page_url(event, session, "interpretation")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = OnAirForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a channel."), status=INVALID, content_type="text/plain; charset=utf-8")
    try:
        services.set_on_air(
            session=session, by=request.user, channel=form.cleaned_data["channel"], on=form.cleaned_data["on"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@require_POST
def team_line(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """A line in the interpreters' chat without JavaScript; back to the page's chat (403 for anyone off the team)."""
    event, session = panel_session(request, event_slug, session_slug)
    back = session_page_url(event, session, "interpreters-chat")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = TeamLineForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Write a message first."), status=INVALID, content_type="text/plain; charset=utf-8")
    try:
        team.post_line(session=session, by=request.user, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@require_POST
def remember_choice(request: HttpRequest) -> HttpResponse:
    """Keep the signed-in listener's channel (the player posts it when they switch): 204, or 403 signed out."""
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Sign in to keep your choice."))
    form = ChoiceForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=INVALID)
    try:
        services.remember_choice(user=request.user, channel=form.cleaned_data["channel"])
    except ValidationError:
        return HttpResponse(status=INVALID)
    return HttpResponse(status=204)


# --- The organisers' pages ----------------------------------------------------------------------------


@managed_event
def sessions(request: HttpRequest, event: Event) -> HttpResponse:
    """The event's sessions with their channels and interpreters, each linking to its page."""
    listed = (
        Session.objects.filter(event=event)
        .select_related("room")
        .prefetch_related(*CHANNEL_PREFETCH, "interpreters")
        .order_by("starts_at", "slug")
    )
    rows = [(session, _labelled(session), len(session.interpreters.all())) for session in listed]
    return render(
        request, "interpretation/manage_sessions.html", {"event": event, "section": "interpretation", "rows": rows}
    )


def _session(event: Event, session_slug: str) -> Session:
    return get_object_or_404(
        Session.objects.select_related("room", "event").prefetch_related(*CHANNEL_PREFETCH),
        event=event,
        slug=session_slug,
    )


def _labelled(session: Session) -> list[tuple[Channel, str]]:
    """The session's interpretation channels with their names in the page's language."""
    language = get_language() or "en"
    return [
        (
            channel,
            f"{channel_label(channel.language, channel.kind).get(language, channel.language)}"
            f" · {ChannelKind(channel.kind).label}",
        )
        for channel in services.interpretation_channels(session=session)
    ]


def _recording_choices(channels: list[tuple[Channel, str]]) -> list[tuple[str, str]]:
    """The floor, then the session's channels: what a recording may be of."""
    return [(FLOOR, _("Original (the floor)")), *((channel.key, label) for channel, label in channels)]


def _page(
    request: HttpRequest,
    event: Event,
    session: Session,
    *,
    channel_form: SessionChannelForm | None = None,
    interpreter_form: InterpreterForm | None = None,
    recording_form: RecordingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    channels = _labelled(session)
    recording_channels = _recording_choices(channels)
    labels = dict(recording_channels)
    context = {
        "event": event,
        "section": "interpretation",
        "session": session,
        "channels": channels,
        "changes": session.channel_overrides.all(),
        "interpreters": services.session_interpreters(session=session),
        "channel_form": channel_form or SessionChannelForm(),
        "interpreter_form": interpreter_form or InterpreterForm(event=event, channels=channels),
        "recordings": [
            (labels.get(item.channel, item.channel), item) for item in ChannelRecording.objects.filter(session=session)
        ],
        "recording_form": recording_form or RecordingForm(channels=recording_channels),
    }
    return render(request, "interpretation/manage_session.html", context, status=status)


@managed_event
def session_page(request: HttpRequest, event: Event, session_slug: str) -> HttpResponse:
    """One session's channels (the room's as the session changes them) and interpreters, with the forms."""
    return _page(request, event, _session(event, session_slug))


@managed_event
@require_POST
def channel_change(request: HttpRequest, event: Event, session_slug: str) -> HttpResponse:
    session = _session(event, session_slug)
    form = SessionChannelForm(request.POST)
    if form.is_valid():
        values = form.cleaned_data
        try:
            if values["change"] == SessionChannelForm.HIDE:
                services.hide_room_channel(
                    session=session, by=signed_in_account(request), language=values["language"], kind=values["kind"]
                )
            else:
                services.add_session_channel(
                    session=session,
                    by=signed_in_account(request),
                    language=values["language"],
                    kind=values["kind"],
                    stream_url=values["stream_url"],
                )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The session's channels have been changed."))
            return redirect("interpretation_manage:session", slug=event.slug, session_slug=session.slug)
    return _page(request, event, session, channel_form=form, status=INVALID)


@managed_event
@require_POST
def channel_undo(request: HttpRequest, event: Event, session_slug: str, pk: int) -> HttpResponse:
    change = get_object_or_404(
        SessionChannel.objects.select_related("session__event"), session__event=event, session__slug=session_slug, pk=pk
    )
    services.remove_session_channel(change=change, by=signed_in_account(request))
    messages.success(request, _("The session's change has been undone."))
    return redirect("interpretation_manage:session", slug=event.slug, session_slug=session_slug)


@managed_event
@require_POST
def interpreter_add(request: HttpRequest, event: Event, session_slug: str) -> HttpResponse:
    session = _session(event, session_slug)
    form = InterpreterForm(request.POST, event=event, channels=_labelled(session))
    if form.is_valid():
        values = form.cleaned_data
        language, _sep, kind = values["channel"].partition(":")
        try:
            interpreter = services.add_interpreter(
                session=session,
                by=signed_in_account(request),
                user=values["email"],
                language=language,
                kind=kind,
                starts_at=values["starts_at"],
                ends_at=values["ends_at"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s may now interpret.") % {"name": interpreter.user.display_name})
            return redirect("interpretation_manage:session", slug=event.slug, session_slug=session.slug)
    return _page(request, event, session, interpreter_form=form, status=INVALID)


@managed_event
@require_POST
def interpreter_remove(request: HttpRequest, event: Event, session_slug: str, pk: int) -> HttpResponse:
    interpreter = get_object_or_404(
        Interpreter.objects.select_related("session__event", "user"),
        session__event=event,
        session__slug=session_slug,
        pk=pk,
    )
    services.remove_interpreter(interpreter=interpreter, by=signed_in_account(request))
    messages.success(request, _("%(name)s no longer interprets.") % {"name": interpreter.user.display_name})
    return redirect("interpretation_manage:session", slug=event.slug, session_slug=session_slug)


@managed_event
@require_POST
def recording_set(request: HttpRequest, event: Event, session_slug: str) -> HttpResponse:
    session = _session(event, session_slug)
    form = RecordingForm(request.POST, channels=_recording_choices(_labelled(session)))
    if form.is_valid():
        try:
            services.set_recording(
                session=session,
                by=signed_in_account(request),
                channel=form.cleaned_data["channel"],
                url=form.cleaned_data["url"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The recording's address has been saved."))
            return redirect("interpretation_manage:session", slug=event.slug, session_slug=session.slug)
    return _page(request, event, session, recording_form=form, status=INVALID)


@managed_event
@require_POST
def recording_remove(request: HttpRequest, event: Event, session_slug: str, pk: int) -> HttpResponse:
    recording = get_object_or_404(
        ChannelRecording.objects.select_related("session__event"),
        session__event=event,
        session__slug=session_slug,
        pk=pk,
    )
    services.remove_recording(recording=recording, by=signed_in_account(request))
    messages.success(request, _("The recording's address has been removed."))
    return redirect("interpretation_manage:session", slug=event.slug, session_slug=session_slug)
