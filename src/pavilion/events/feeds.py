"""Calendar feeds (.ics) to subscribe to: an event's public schedule, and personal feeds by secret token.

Calendar applications fetch these addresses without a session cookie, so a personal feed is
identified by the token in its address (``CalendarToken``); resetting the token revokes it.
Which sessions appear is decided by ``events.access`` only, exactly as on the pages.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext, override
from django.views.decorators.http import require_safe

from pavilion.accounts.models import User
from pavilion.events.access import get_visible_event, viewer_for, visible_sessions
from pavilion.events.agenda_entries import AgendaEntry, agenda_entries
from pavilion.events.calendar import build_calendar
from pavilion.events.models import AccessLevel, CalendarToken, Event, Session
from pavilion.events.services import agenda_sessions

CONTENT_TYPE = "text/calendar; charset=utf-8"


def feed_language(*, request: HttpRequest, user: User | None) -> str:
    """``?lang=`` when it is a UI language, else the person's first preferred language, else English."""
    codes = {code for code, _name in settings.LANGUAGES}
    requested = request.GET.get("lang", "")
    if requested in codes:
        return requested
    preferred = user.preferred_languages if user is not None else []
    if preferred and preferred[0] in codes:
        return str(preferred[0])
    return "en"


def _owner_of(token: str) -> User:
    """The active account whose calendar address holds ``token``; 404 for any other token."""
    try:
        owner = CalendarToken.objects.select_related("user").get(token=token).user
    except CalendarToken.DoesNotExist:
        raise Http404("No such calendar.") from None
    if not owner.is_active:
        raise Http404("No such calendar.")
    return owner


def _event_name(event: Event, language: str) -> str:
    return str(event.name.localize(language))


def _calendar_response(
    *, filename: str, name: str, sessions: Iterable[Session], language: str, entries: Iterable[AgendaEntry] = ()
) -> HttpResponse:
    body = build_calendar(
        name=name, sessions=sessions, language=language, site_url=settings.PAVILION_SITE_URL, entries=entries
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _private(response: HttpResponse) -> HttpResponse:
    """Personal feeds must not be kept by shared caches, nor indexed if their address leaks."""
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def event_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's sessions as an anonymous visitor sees them (public sessions of a published event)."""
    event = get_visible_event(slug=slug, user=None)
    viewer = viewer_for(event=event, user=None)
    language = feed_language(request=request, user=None)
    sessions = visible_sessions(event=event, viewer=viewer).select_related("event", "room")
    return _calendar_response(
        filename=f"{event.slug}.ics", name=_event_name(event, language), sessions=sessions, language=language
    )


@require_safe
def personal_event_feed(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    """The whole event as the token's owner may see it (closed sessions included when they may)."""
    owner = _owner_of(token)
    event = get_visible_event(slug=slug, user=owner)
    viewer = viewer_for(event=event, user=owner)
    language = feed_language(request=request, user=owner)
    sessions = visible_sessions(event=event, viewer=viewer).select_related("event", "room")
    with override(language):
        entries = agenda_entries(user=owner, event=event)
    return _private(
        _calendar_response(
            filename=f"{event.slug}.ics",
            name=_event_name(event, language),
            sessions=sessions,
            language=language,
            entries=entries,
        )
    )


@require_safe
def agenda_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's personal agenda: bookmarked sessions, across events, that they may still see, and
    what other apps add to it (meetings: ``events.agenda_entries``)."""
    owner = _owner_of(token)
    language = feed_language(request=request, user=owner)
    bookmarked = [session.pk for session in agenda_sessions(user=owner)]
    sessions = Session.objects.filter(pk__in=bookmarked).select_related("event", "room").order_by("starts_at", "slug")
    with override(language):
        # Translators: the name of a person's agenda in their calendar application.
        name = gettext("My agenda (Pavilion)")
        entries = agenda_entries(user=owner)
    return _private(
        _calendar_response(filename="agenda.ics", name=name, sessions=sessions, language=language, entries=entries)
    )


@require_safe
def session_file(request: HttpRequest, slug: str, session_slug: str) -> HttpResponse:
    """One session as an .ics file to add to a calendar, for whoever may see it (404 otherwise)."""
    event = get_visible_event(slug=slug, user=request.user)
    viewer = viewer_for(event=event, user=request.user)
    sessions = visible_sessions(event=event, viewer=viewer).select_related("event", "room")
    session = get_object_or_404(sessions, slug=session_slug)
    language = get_language() or "en"
    body = build_calendar(
        name=str(session.title.localize(language)),
        sessions=[session],
        language=language,
        site_url=settings.PAVILION_SITE_URL,
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{session.slug}.ics"'
    if session.access_level != AccessLevel.PUBLIC:
        patch_cache_control(response, private=True)
    return response
