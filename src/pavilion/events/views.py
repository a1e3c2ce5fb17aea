from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pavilion.events.services import published_events, schedule_by_day


def home(request: HttpRequest) -> HttpResponse:
    """The front page: every published event."""
    events = published_events().prefetch_related("organisers")
    return render(request, "events/home.html", {"events": events})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event's page with its schedule in the event's and the viewer's time zones."""
    event = get_object_or_404(published_events().prefetch_related("organisers", "subgroups"), slug=slug)
    return render(request, "events/event_detail.html", {"event": event, "schedule": schedule_by_day(event=event)})
