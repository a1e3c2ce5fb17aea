"""The floor's forms on the session page, for browsers without the live connection: thin adapters over services.py.

Every view answers 404 for a session the viewer may not see (as the session page does), accepts POST
only, is CSRF-protected by Django's middleware, and goes back to the panel (``#floor``) with a
message saying what happened or why not. The chair's doors answer 403 to anyone who does not chair.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.events.models import Event, Session
from pavilion.events.panels import panel_session, session_page_url
from pavilion.floor import services
from pavilion.floor.forms import SpeakingTimeForm, minutes_and_seconds
from pavilion.floor.models import FloorRequest, RequestStatus


def _floor_url(event: Event, session: Session) -> str:
    return session_page_url(event, session, "floor")


def _refused(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    problems = error.messages if isinstance(error, ValidationError) else [str(error)]
    for problem in problems:
        messages.error(request, problem)


@require_POST
def request_floor(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Ask for the floor; back to the panel, which shows the place on the list of speakers."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(_floor_url(event, session))
    try:
        services.request_floor(session=session, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, _("You are on the list of speakers."))
    return redirect(_floor_url(event, session))


@require_POST
def withdraw(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Withdraw one's request, or end one's own turn when one has the floor."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(_floor_url(event, session))
    try:
        withdrawn = services.withdraw(session=session, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        if withdrawn.status == RequestStatus.DONE:
            messages.success(request, _("Your turn has ended."))
        else:
            messages.success(request, _("Your request for the floor was withdrawn."))
    return redirect(_floor_url(event, session))


def _chair_action(
    request: HttpRequest, event_slug: str, session_slug: str, action: Callable[[Session], str]
) -> HttpResponse:
    """Check that the person chairs (403 otherwise), run ``action`` and show the message it returns."""
    event, session = panel_session(request, event_slug, session_slug)
    services.require_chair(session=session, user=request.user)
    try:
        done = action(session)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return redirect(_floor_url(event, session))


@require_POST
def give(request: HttpRequest, event_slug: str, session_slug: str, request_id: int) -> HttpResponse:
    """Give the floor to someone on the list of speakers (chairs; others get 403)."""

    def action(session: Session) -> str:
        # Looked up after the chair check, so that others do not learn which requests exist.
        requests = FloorRequest.objects.select_related("session__event", "user")
        waiting = get_object_or_404(requests, pk=request_id, session=session)
        given = services.give_floor(request=waiting, by=request.user)
        return _("%(name)s has the floor.") % {"name": given.user.display_name}

    return _chair_action(request, event_slug, session_slug, action)


@require_POST
def next_speaker(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """End the current turn and give the floor to the first on the list (chairs; others get 403)."""

    def action(session: Session) -> str:
        speaker = services.next_speaker(session=session, by=request.user)
        if speaker is None:
            return _("The turn has ended. No one else is waiting: the floor is free.")
        return _("%(name)s has the floor.") % {"name": speaker.user.display_name}

    return _chair_action(request, event_slug, session_slug, action)


@require_POST
def end_turn(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """End the current turn without calling the next speaker (chairs; others get 403)."""

    def action(session: Session) -> str:
        services.end_turn(session=session, by=request.user)
        return _("The turn has ended.")

    return _chair_action(request, event_slug, session_slug, action)


@require_POST
def set_time(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Set the speaking time from minutes and seconds (chairs; others get 403)."""

    def action(session: Session) -> str:
        form = SpeakingTimeForm(request.POST)
        if not form.is_valid():
            raise ValidationError({"seconds": _("Give the speaking time in whole minutes and seconds (0 to 59).")})
        floor = services.set_speaking_time(session=session, by=request.user, seconds=form.total_seconds())
        return _("The speaking time is %(time)s.") % {"time": minutes_and_seconds(floor.speaking_time)}

    return _chair_action(request, event_slug, session_slug, action)


@require_POST
def timer(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Restart, pause or resume the speaker's timer: ``action`` in the form (chairs; others get 403)."""
    actions = {
        "restart": (services.restart_timer, _("The timer started again.")),
        "pause": (services.pause_timer, _("The timer is paused.")),
        "resume": (services.resume_timer, _("The timer is running.")),
    }

    def action(session: Session) -> str:
        chosen = actions.get(request.POST.get("action", ""))
        if chosen is None:
            raise ValidationError({"action": _("Choose to restart, pause or resume the timer.")})
        change, done = chosen
        change(session=session, by=request.user)
        return done

    return _chair_action(request, event_slug, session_slug, action)
