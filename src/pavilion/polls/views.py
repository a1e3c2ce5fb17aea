"""The poll forms on the session page, for browsers without the live connection: thin adapters over services.py.

Every view answers 404 for a session the viewer may not see (as the session page does), and for a
draft poll to anyone but its moderators; accepts POST only, and is CSRF-protected by Django's middleware.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.events.models import Event, Session
from pavilion.events.panels import panel_session, session_page_url
from pavilion.polls import services
from pavilion.polls.forms import PollForm
from pavilion.polls.models import Poll, PollStatus, ShowResults


def _polls_url(event: Event, session: Session, poll: Poll | None = None) -> str:
    return session_page_url(event, session, f"poll-{poll.pk}" if poll is not None else "polls")


def _poll(session: Session, poll_id: int, *, moderator: bool) -> Poll:
    polls = Poll.objects.select_related("session__event").filter(session=session)
    if not moderator:
        polls = polls.exclude(status=PollStatus.DRAFT)
    return get_object_or_404(polls, pk=poll_id)


@require_POST
def create(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Create a draft poll (moderators; others get 403); back to it, else the form again with the reasons."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(_polls_url(event, session))
    services.require_moderator(session=session, user=request.user)
    form = PollForm(request.POST)
    if form.is_valid():
        try:
            poll = services.create_poll(
                session=session,
                by=request.user,
                question=form.cleaned_data["question"],
                kind=form.cleaned_data["kind"],
                options=form.options(),
                show_results=form.cleaned_data["show_results"] or ShowResults.AFTER_VOTING,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The poll was created. Open it when voting should begin."))
            return redirect(_polls_url(event, session, poll))
    context = {"event": event, "session": session, "form": form, "polls_url": _polls_url(event, session)}
    return render(request, "polls/poll_refused.html", context, status=400)


@require_POST
def open_poll(request: HttpRequest, event_slug: str, session_slug: str, poll_id: int) -> HttpResponse:
    """Open a draft poll for voting (moderators; others get 403)."""
    return _change_status(request, event_slug, session_slug, poll_id, opening=True)


@require_POST
def close_poll(request: HttpRequest, event_slug: str, session_slug: str, poll_id: int) -> HttpResponse:
    """Close an open poll (moderators; others get 403)."""
    return _change_status(request, event_slug, session_slug, poll_id, opening=False)


def _change_status(
    request: HttpRequest, event_slug: str, session_slug: str, poll_id: int, *, opening: bool
) -> HttpResponse:
    event, session = panel_session(request, event_slug, session_slug)
    services.require_moderator(session=session, user=request.user)  # before saying which polls exist
    poll = _poll(session, poll_id, moderator=True)
    try:
        if opening:
            services.open_poll(poll=poll, by=request.user)
        else:
            services.close_poll(poll=poll, by=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The poll is open.") if opening else _("The poll is closed."))
    return redirect(_polls_url(event, session, poll))


@require_POST
def show_results(request: HttpRequest, event_slug: str, session_slug: str, poll_id: int) -> HttpResponse:
    """Change when a draft or open poll's results are shown (moderators; others get 403)."""
    event, session = panel_session(request, event_slug, session_slug)
    services.require_moderator(session=session, user=request.user)  # before saying which polls exist
    poll = _poll(session, poll_id, moderator=True)
    try:
        services.change_show_results(poll=poll, by=request.user, show_results=request.POST.get("show_results", ""))
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("When the results are shown was changed."))
    return redirect(_polls_url(event, session, poll))


@require_POST
def vote(request: HttpRequest, event_slug: str, session_slug: str, poll_id: int) -> HttpResponse:
    """Cast a ballot; back to the poll on success, else a page saying why it was refused."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(_polls_url(event, session))
    poll = _poll(session, poll_id, moderator=services.is_moderator(session=session, user=request.user))
    status = 400
    try:
        option_ids = [int(value) for value in request.POST.getlist("options")]
    except ValueError:
        problems = [_("Choose among this poll's options.")]
    else:
        try:
            services.vote(poll=poll, by=request.user, option_ids=option_ids)
        except ValidationError as error:
            problems = error.messages
        except PermissionDenied as error:
            problems, status = [str(error)], 403
        else:
            messages.success(request, _("Your vote was counted."))
            return redirect(_polls_url(event, session, poll))
    context = {
        "event": event,
        "session": session,
        "poll": poll,
        "problems": problems,
        "poll_url": _polls_url(event, session, poll),
    }
    return render(request, "polls/vote_refused.html", context, status=status)
