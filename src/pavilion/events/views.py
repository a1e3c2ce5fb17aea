"""Attendee pages: the schedule (by day, by room, as a list), sessions, speakers and the personal agenda.

Every page asks ``events.access`` what the viewer may see; a session they may not see does not exist
for them (404, never 403, never counted, never offered as a filter).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.core.public_cache import remember
from pavilion.events.access import Viewer, get_visible_event, get_visible_session, viewer_for, visible_sessions
from pavilion.events.agenda_entries import agenda_entries
from pavilion.events.calendar import calendar_links
from pavilion.events.models import (
    AgendaItem,
    Event,
    SessionSpeaker,
    Speaker,
)
from pavilion.events.panels import TABS, UNDER_STREAM, session_panels
from pavilion.events.reminders import REMINDER_MINUTES, reminders_on, set_reminders
from pavilion.events.schedule import (
    SCHEDULE_CACHE_SECONDS,
    SCHEDULE_VIEWS,
    ScheduleFilters,
    entry_days,
    filter_choices,
    room_grid,
    schedule_cache_key,
    schedule_entry,
    schedule_variant,
    stage_for,
)
from pavilion.events.services import (
    add_to_agenda,
    agenda_sessions,
    calendar_token_for,
    published_events,
    remove_from_agenda,
    reset_calendar_token,
    schedule_queryset,
)


def _account(request: HttpRequest) -> User | None:
    return account_of(request.user)


# --- Languages ----------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """The front page: every published event."""
    events = published_events().prefetch_related("organising_bodies")
    return render(request, "events/home.html", {"events": events})


def _render_schedule(*, event: Event, viewer: Viewer, requested: ScheduleFilters) -> str:
    """The schedule part of the event page, rendered without the request: it holds no CSRF token and
    nothing of the account beyond what ``schedule_variant`` names (the sessions it may see, the menu
    its roles open, through ``menu_user``), so one copy serves everyone alike."""
    sessions = list(schedule_queryset(visible_sessions(event=event, viewer=viewer)))
    choices = filter_choices(sessions)
    filters = requested.within(choices)
    entries = [schedule_entry(session) for session in sessions if filters.matches(session)]
    context = {
        "event": event,
        "is_organiser": viewer.is_organiser,
        "has_sessions": bool(sessions),
        "choices": choices,
        "filters": filters,
        "view_links": [(view, filters.query(view=view)) for view in SCHEDULE_VIEWS],
        "clear_filters": filters.query(filters=False),
        "count": len(entries),
        "entries": entries,
        "days": entry_days(event=event, entries=entries) if filters.view == "day" else [],
        "grid": room_grid(event=event, entries=entries) if filters.view == "rooms" else [],
    }
    return render_to_string("events/_schedule.html", {**context, "menu_user": viewer.user})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's schedule by day, by room or as a list, filtered, in the event's and the viewer's zones.

    The schedule part is rendered once per copy that differs and kept in the cache: one for every
    anonymous visitor, one per kind of signed-in viewer (``schedule_variant``), each retired when
    the event's version changes.
    """
    event = get_visible_event(slug=slug, user=request.user)
    requested = ScheduleFilters.requested(request.GET)
    viewer = viewer_for(event=event, user=request.user)
    signed_in = viewer.user is not None
    variant = schedule_variant(event=event, viewer=viewer) if signed_in else ""
    key = schedule_cache_key(event=event, filters=requested, viewer_variant=variant)
    schedule = cache.get(key)
    if schedule is None:
        schedule = _render_schedule(event=event, viewer=viewer, requested=requested)
        cache.set(key, schedule, SCHEDULE_CACHE_SECONDS)
    # Our own template's output, escaped when it was rendered.
    context = {"event": event, "schedule": mark_safe(schedule)}  # noqa: S308
    response = render(request, "events/event_detail.html", context)
    remember(request=request, response=response, event_id=event.pk)  # replayed by the ASGI router
    return response


def session_detail(request: HttpRequest, slug: str, session_slug: str) -> HttpResponse:
    """A session: when and where, who speaks, the stage with its stream and interpretation."""
    event = get_visible_event(slug=slug, user=request.user)
    viewer = viewer_for(event=event, user=request.user)
    # visible_sessions, not get_visible_session, so the page's relations load in a fixed number of queries.
    sessions = schedule_queryset(visible_sessions(event=event, viewer=viewer)).prefetch_related(
        "room__interpretation_channels"
    )
    session = get_object_or_404(sessions, slug=session_slug)
    session.event = event  # the panels read it; no need to load the event again
    account = _account(request)
    in_agenda = account is not None and AgendaItem.objects.filter(user=account, session=session).exists()
    stage = stage_for(session=session, now=timezone.now())
    context = {
        "event": event,
        "session": session,
        "entry": schedule_entry(session),
        "stage": stage,
        "session_has_ended": stage.has_ended,
        "in_agenda": in_agenda,
        "viewer": viewer,
        "panels": session_panels(),
        "under_stream_panels": session_panels(UNDER_STREAM),
        "tab_panels": session_panels(TABS),
        "live_topic": f"session:{session.pk}",
        "calendar_links": calendar_links(
            session=session, language=get_language() or "en", site_url=settings.PAVILION_SITE_URL
        ),
    }
    return render(request, "events/session_detail.html", context)


def brand_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's accent colour as a style sheet (the Content-Security-Policy allows no inline style).

    The colour was checked when saved (``#rrggbb``, core/colours.py); pages link it with the colour in
    the address, so a new colour is a new address and this one may be kept for a day.
    """
    event = get_visible_event(slug=slug, user=request.user)
    body = f":root {{ --accent: {event.accent_colour}; }}\n" if event.accent_colour else ""
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def speakers(request: HttpRequest, slug: str) -> HttpResponse:
    """The speakers of the sessions this viewer may see, each with those sessions only."""
    event = get_visible_event(slug=slug, user=request.user)
    sessions = visible_sessions(event=event, viewer=viewer_for(event=event, user=request.user))
    parts = SessionSpeaker.objects.filter(session__in=sessions).select_related("session").order_by("session__starts_at")
    people = (
        Speaker.objects.filter(event=event, session_speakers__session__in=sessions)
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("session_speakers", queryset=parts, to_attr="visible_parts"))
    )
    return render(request, "events/speakers.html", {"event": event, "speakers": people})


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure())
    return candidate if candidate and allowed else default


@require_POST
def agenda_add(request: HttpRequest, slug: str, session_slug: str) -> HttpResponse:
    """Bookmark a session the viewer may see."""
    return _change_agenda(request, slug, session_slug, add=True)


@require_POST
def agenda_remove(request: HttpRequest, slug: str, session_slug: str) -> HttpResponse:
    """Take a session out of the viewer's agenda."""
    return _change_agenda(request, slug, session_slug, add=False)


def _change_agenda(request: HttpRequest, slug: str, session_slug: str, *, add: bool) -> HttpResponse:
    event = get_visible_event(slug=slug, user=request.user)
    session = get_visible_session(event=event, slug=session_slug, viewer=viewer_for(event=event, user=request.user))
    session_url = reverse("events:session", kwargs={"slug": event.slug, "session_slug": session.slug})
    account = _account(request)
    if account is None:
        return redirect_to_login(session_url)
    if add:
        add_to_agenda(user=account, session=session)
        messages.success(request, _("Added to your agenda."))
    else:
        remove_from_agenda(user=account, session=session)
        messages.success(request, _("Removed from your agenda."))
    return redirect(_safe_next(request, session_url))


def _feed_address(request: HttpRequest, name: str, **kwargs: str) -> str:
    """The absolute address of a calendar feed, or "" while the calendar app does not offer it."""
    try:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))
    except NoReverseMatch:
        return ""


def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The viewer's bookmarked sessions of this event, what other apps add to the agenda (meetings),
    and their personal calendar addresses."""
    account = _account(request)
    if account is None:
        return redirect_to_login(request.get_full_path())
    event = get_visible_event(slug=slug, user=account)
    sessions = agenda_sessions(user=account, event=event)
    prefetch_related_objects(
        sessions,
        "room",
        "track",
        "subgroup",
        Prefetch("session_speakers", queryset=SessionSpeaker.objects.select_related("speaker")),
    )
    token = calendar_token_for(user=account)
    context = {
        "event": event,
        "days": entry_days(event=event, entries=[schedule_entry(session) for session in sessions]),
        "count": len(sessions),
        "other_entries": agenda_entries(user=account, event=event),
        "agenda_feed": _feed_address(request, "calendar:agenda_feed", token=token),
        "event_feed": _feed_address(request, "calendar:personal_event_feed", token=token, slug=event.slug),
        "reminders_on": reminders_on(user=account, event=event),
        "reminder_minutes": REMINDER_MINUTES,
    }
    return render(request, "events/agenda.html", context)


@require_POST
def agenda_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    """Turn the e-mail reminders of this event's agenda sessions on or off."""
    account = _account(request)
    if account is None:
        return redirect_to_login(request.get_full_path())
    event = get_visible_event(slug=slug, user=account)
    remind = request.POST.get("remind") == "1"
    set_reminders(user=account, event=event, remind=remind)
    messages.success(
        request,
        _("You will get an e-mail before each session of your agenda.")
        if remind
        else _("You will get no e-mail reminders for this event's sessions."),
    )
    return redirect(reverse("events:agenda", kwargs={"slug": event.slug}))


@require_POST
def agenda_reset_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Replace the viewer's calendar addresses; the old ones stop working at once."""
    event = get_visible_event(slug=slug, user=request.user)
    agenda_url = reverse("events:agenda", kwargs={"slug": event.slug})
    account = _account(request)
    if account is None:
        return redirect_to_login(agenda_url)
    reset_calendar_token(user=account)
    messages.success(
        request,
        _(
            "Your calendar addresses have been reset. The old addresses no longer work: "
            "subscribe again with the new ones below."
        ),
    )
    return redirect(agenda_url)
