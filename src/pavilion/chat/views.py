"""The chat's forms on the session page, for browsers without the live connection: thin adapters over services.py.

Every view answers 404 for a session the viewer may not see (as the session page does), accepts POST
only, and is CSRF-protected by Django's middleware.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.models import User
from pavilion.chat import services
from pavilion.chat.forms import ChatMessageForm
from pavilion.chat.models import ChatMessage
from pavilion.events.panels import panel_session, session_page_url, submit_panel_form


@require_POST
def send(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Post a message; back to the chat on success, else the form again with the reason."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(session_page_url(event, session, "chat"))
    form = ChatMessageForm(request.POST)
    chat_url = session_page_url(event, session, "chat")
    return submit_panel_form(
        request,
        form=form,
        write=lambda: services.post_message(session=session, by=request.user, text=form.cleaned_data["text"]),
        success=_("Your message was sent."),
        done=lambda _message: chat_url,
        refused_template="chat/message_refused.html",
        context={"event": event, "session": session, "chat_url": chat_url},
    )


@require_POST
def delete(request: HttpRequest, event_slug: str, session_slug: str, message_id: int) -> HttpResponse:
    """Hide a message (moderators; others get 403)."""
    event, session = panel_session(request, event_slug, session_slug)
    services.require_moderator(session=session, user=request.user)  # before saying which messages exist
    message = get_object_or_404(ChatMessage.objects.select_related("session__event"), pk=message_id, session=session)
    services.delete_message(message=message, by=request.user)
    messages.success(request, _("The message was deleted."))
    return redirect(session_page_url(event, session, "chat"))


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
    event, session = panel_session(request, event_slug, session_slug)
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
        name = person.display_name
        if muting:
            messages.success(request, _("%(name)s is muted in this chat.") % {"name": name})
        else:
            messages.success(request, _("%(name)s may write in this chat again.") % {"name": name})
    return redirect(session_page_url(event, session, "chat"))
