"""Panels that features add to the session page (chat, questions, polls, the floor …).

A feature registers a template in its AppConfig.ready (or its live.py); the session page includes
each one in order with the context ``event``, ``session``, ``viewer``, ``live_topic``
(``"session:<id>"``) and ``session_has_ended``: once a session has ended its panels show their
record, without forms or live script (events/lifecycle.py; the services refuse new input then too).
A panel goes in one of three slots: ``STAGE`` (the default, after the interpretation channels),
``UNDER_STREAM`` (directly under the stream's player, for what belongs to the picture, such as
captions) or ``TABS`` (beside the stage on wide screens and below it on phones, one tab each, named
by the panel's first heading: chat, questions, polls, the floor). Panels must work without
JavaScript (forms that post) and are enhanced by the live client (frontend/src/live.js) when it is
available.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from pavilion.core.forms import INVALID, ServiceErrors
from pavilion.events.access import get_visible_event, get_visible_session, viewer_for
from pavilion.events.models import Event, Session

#: The slots of the session page's stage a panel can go in.
STAGE = "stage"
UNDER_STREAM = "under_stream"
TABS = "tabs"
SLOTS = (STAGE, UNDER_STREAM, TABS)


@dataclass(frozen=True)
class Panel:
    template: str
    order: int
    slot: str = STAGE


_panels: list[Panel] = []


def add_session_panel(template: str, *, order: int = 100, slot: str = STAGE) -> None:
    if slot not in SLOTS:
        raise ValueError(f"Unknown session panel slot {slot!r}; use one of {SLOTS}.")
    if all(panel.template != template for panel in _panels):
        _panels.append(Panel(template=template, order=order, slot=slot))


def session_panels(slot: str = STAGE) -> list[str]:
    """The templates of one slot's panels, in order."""
    chosen = [panel for panel in _panels if panel.slot == slot]
    return [panel.template for panel in sorted(chosen, key=lambda panel: (panel.order, panel.template))]


def panel_session(request: HttpRequest, event_slug: str, session_slug: str) -> tuple[Event, Session]:
    """The event and session a panel's form posts to, or 404 when this person may not see them."""
    event = get_visible_event(slug=event_slug, user=request.user)
    session = get_visible_session(event=event, slug=session_slug, viewer=viewer_for(event=event, user=request.user))
    return event, session


def session_page_url(event: Event, session: Session, anchor: str = "") -> str:
    """The session page, at a panel's anchor (e.g. "chat") when given."""
    page = reverse("events:session", kwargs={"slug": event.slug, "session_slug": session.slug})
    return f"{page}#{anchor}" if anchor else page


def submit_panel_form(
    request: HttpRequest,
    *,
    form: ServiceErrors,
    write: Callable[[], Any],
    done: Callable[[Any], str],
    refused_template: str,
    context: dict[str, Any],
    success: str = "",
) -> HttpResponse:
    """A panel's form posted without JavaScript: validate it, ``write`` through the service, then back to
    ``done(what write returned)``.

    On success the ``success`` message (if any) is shown; a refusal renders ``refused_template`` with
    the form and its reasons (400 for bad input, 403 when the service refused the person).
    """
    status = INVALID
    if form.is_valid():
        try:
            written = write()
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            if success:
                messages.success(request, success)
            return redirect(done(written))
    return render(request, refused_template, {**context, "form": form}, status=status)
