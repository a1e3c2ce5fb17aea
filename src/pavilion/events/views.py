from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pavilion.events.access import get_visible_event, viewer_for
from pavilion.events.services import published_events, schedule_by_day


def home(request: HttpRequest) -> HttpResponse:
    """The front page: every published event."""
    events = published_events().prefetch_related("organisers")
    return render(request, "events/home.html", {"events": events})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's page with the sessions this viewer may see, in the event's and the viewer's time zones."""
    event = get_visible_event(slug=slug, user=request.user)
    viewer = viewer_for(event=event, user=request.user)
    return render(
        request,
        "events/event_detail.html",
        {"event": event, "viewer": viewer, "schedule": schedule_by_day(event=event, viewer=viewer)},
    )
