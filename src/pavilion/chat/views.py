"""The chat's forms on the session page, for browsers without the live connection: thin adapters over services.py.

Every view answers 404 for a session the viewer may not see (as the session page does), accepts POST
only, and is CSRF-protected by Django's middleware.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.models import User
from pavilion.chat import services
from pavilion.chat.forms import ChatMessageForm
from pavilion.chat.models import ChatMessage
from pavilion.events.access import get_visible_event, get_visible_session, viewer_for
from pavilion.events.models import Event, Session


def _visible_session(request: HttpRequest, event_slug: str, session_slug: str) -> tuple[Event, Session]:
    event = get_visible_event(slug=event_slug, user=request.user)
    session = get_visible_session(event=event, slug=session_slug, viewer=viewer_for(event=event, user=request.user))
    return event, session


def _chat_url(event: Event, session: Session) -> str:
    return reverse("events:session", kwargs={"slug": event.slug, "session_slug": session.slug}) + "#chat"


@require_POST
def send(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Post a message; back to the chat on success, else the form again with the reason."""
    event, session = _visible_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(_chat_url(event, session))
    form = ChatMessageForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.post_message(session=session, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(request, _("Your message was sent."))
            return redirect(_chat_url(event, session))
    context = {"event": event, "session": session, "form": form, "chat_url": _chat_url(event, session)}
    return render(request, "chat/message_refused.html", context, status=status)


@require_POST
def delete(request: HttpRequest, event_slug: str, session_slug: str, message_id: int) -> HttpResponse:
    """Hide a message (moderators; others get 403)."""
    event, session = _visible_session(request, event_slug, session_slug)
    services.require_moderator(session=session, user=request.user)  # before saying which messages exist
    message = get_object_or_404(ChatMessage.objects.select_related("session__event"), pk=message_id, session=session)
    services.delete_message(message=message, by=request.user)
    messages.success(request, _("The message was deleted."))
    return redirect(_chat_url(event, session))


@require_POST
def mute(request: HttpRequest, event_slug: str, session_slug: str, user_id: int) -> HttpResponse:
    """Stop someone writing in this chat (moderators; others get 403)."""
    return _change_mute(request, event_slug, session_slug, user_id, muting=True)


@require_POST
def unmute(request: HttpRequest, event_slug: str, session_slug: str, user_id: int) -> HttpResponse:
    """Let someone write in this chat again (moderators; others get 403)."""
    return _change_mute(request, event_slug, session_slug, user_id, muting=False)


def _change_mute(
    request: HttpRequest, event_slug: str, session_slug: str, user_id: int, *, muting: bool
) -> HttpResponse:
    event, session = _visible_session(request, event_slug, session_slug)
    services.require_moderator(session=session, user=request.user)  # before saying which accounts exist
    person = get_object_or_404(User, pk=user_id)
    try:
        if muting:
            services.mute(session=session, user=person, by=request.user)
        else:
            services.unmute(session=session, user=person, by=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        name = services.author_name(person)
        if muting:
            messages.success(request, _("%(name)s is muted in this chat.") % {"name": name})
        else:
            messages.success(request, _("%(name)s may write in this chat again.") % {"name": name})
    return redirect(_chat_url(event, session))
