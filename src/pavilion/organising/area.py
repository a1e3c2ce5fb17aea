"""What every page of the organiser area shares, whichever app serves it.

An app adds organiser pages for one event by registering its URLs and its entry in the area's
navigation in its AppConfig.ready (``core.navigation.add_manage_pages`` and ``add_nav_entry`` with
``ORGANISER_PAGES``), and wraps each view in ``managed_event``. Every such page answers 404 to
anyone who does not organise the event, so that an unpublished event does not leak its existence;
signed-out visitors are sent to the sign-in page first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from pavilion.events.access import is_organiser
from pavilion.events.models import Event

EventView = Callable[..., HttpResponse]


def managed_event(view: EventView) -> EventView:
    """Resolve ``slug`` to an event this person organises, else 404 (signed-out: sign in first)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
        event = Event.objects.filter(slug=slug).first()
        if event is None or not is_organiser(event=event, user=request.user):
            raise Http404("No such event.")
        return view(request, event, **kwargs)

    return wrapper
