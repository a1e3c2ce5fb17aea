"""Visitors' side of talking with a booth: the booth chat's forms (for pages without the live
connection; the booth's team answers through them too), leaving a contact, and "My contacts and
meetings" (whose meetings with booths are networking's "My meetings"). Thin adapters over the services.

Every view answers 404 for an event or booth the person may not see, as the booth page does.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.identity import signed_in_account
from pavilion.boothtalk import contacts, conversations
from pavilion.boothtalk.forms import BoothMessageForm, ContactForm
from pavilion.boothtalk.models import BoothMessage, ContactRequest
from pavilion.boothtalk.services import answers_for_booth, require_team
from pavilion.core.forms import INVALID
from pavilion.events.access import get_visible_event
from pavilion.events.models import Event
from pavilion.events.panels import submit_panel_form
from pavilion.exhibition.access import get_visible_booth
from pavilion.exhibition.models import Booth


def _booth(request: HttpRequest, event_slug: str, booth_slug: str) -> tuple[Event, Booth]:
    event = get_visible_event(slug=event_slug, user=request.user)
    booth = get_visible_booth(event=event, slug=booth_slug, user=request.user)
    booth.event = event
    return event, booth


def booth_page_url(event: Event, booth: Booth, anchor: str = "") -> str:
    page = reverse("exhibition:booth", kwargs={"event_slug": event.slug, "booth_slug": booth.slug})
    return f"{page}#{anchor}" if anchor else page


@require_POST
def chat_send(request: HttpRequest, event_slug: str, booth_slug: str) -> HttpResponse:
    """Write to the booth (a visitor) or answer a conversation (the booth's team); back to the chat."""
    event, booth = _booth(request, event_slug, booth_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(booth_page_url(event, booth, "booth-chat"))
    form = BoothMessageForm(request.POST, conversation=None)

    def write() -> BoothMessage:
        conversation = None
        if form.cleaned_data["conversation"]:
            require_team(booth=booth, user=request.user)  # before saying which conversations exist
            conversation = conversations.find_conversation(
                booth=booth, conversation_id=form.cleaned_data["conversation"]
            )
        return conversations.post_message(
            booth=booth, by=request.user, text=form.cleaned_data["text"], conversation=conversation
        )

    return submit_panel_form(
        request,
        form=form,
        write=write,
        success=_("Your message was sent."),
        done=lambda message: booth_page_url(event, booth, f"conversation-{message.conversation_id}"),
        refused_template="boothtalk/message_refused.html",
        context={"event": event, "booth": booth, "chat_url": booth_page_url(event, booth, "booth-chat")},
    )


@require_POST
def chat_delete(request: HttpRequest, event_slug: str, booth_slug: str, message_id: int) -> HttpResponse:
    """Hide a message (the booth's team; others get 403)."""
    event, booth = _booth(request, event_slug, booth_slug)
    require_team(booth=booth, user=request.user)  # before saying which messages exist
    try:
        message = conversations.find_message(booth=booth, message_id=message_id)
    except ValidationError:
        raise Http404("No such message.") from None
    conversations.delete_message(message=message, by=request.user)
    messages.success(request, _("The message was deleted."))
    return redirect(booth_page_url(event, booth, f"conversation-{message.conversation_id}"))


def _visitor_page(
    request: HttpRequest, event: Event, booth: Booth, template: str, context: dict[str, object]
) -> HttpResponse | None:
    """The page explaining why the booth's team or an unpublished booth takes no request, else None."""
    if answers_for_booth(booth=booth, user=request.user) or not booth.is_published:
        return render(request, template, {**context, "event": event, "booth": booth, "not_for_you": True})
    return None


@login_required
def contact(request: HttpRequest, event_slug: str, booth_slug: str) -> HttpResponse:
    """Leave my contact: choose the details to share, add a message, agree; nothing is stored without consent."""
    event, booth = _booth(request, event_slug, booth_slug)
    user = signed_in_account(request)
    form = ContactForm(request.POST or None, user=user, booth=booth)
    refused = _visitor_page(request, event, booth, "boothtalk/contact_form.html", {"form": form})
    if refused is not None:
        return refused
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contacts.leave_contact(
                    booth=booth,
                    by=user,
                    fields=form.cleaned_data["fields_to_share"],
                    consent=form.cleaned_data["consent"],
                    phone=form.cleaned_data["phone"],
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, _("Your contact was sent to %(booth)s. Its staff will get back to you.") % {"booth": booth}
                )
                return redirect("boothtalk:my_contacts", event_slug=event.slug)
        status = INVALID
    open_request = contacts.open_request(booth=booth, visitor=user)
    context = {"event": event, "booth": booth, "form": form, "open_request": open_request}
    return render(request, "boothtalk/contact_form.html", context, status=status)


@login_required
def my_contacts(request: HttpRequest, event_slug: str) -> HttpResponse:
    """The visitor's contact requests and conversations at this event's booths (meetings: networking)."""
    event = get_visible_event(slug=event_slug, user=request.user)
    user = signed_in_account(request)
    context = {
        "event": event,
        "contact_requests": ContactRequest.objects.filter(visitor=user, booth__event=event)
        .select_related("booth")
        .order_by("-created_at", "-pk"),
        "conversations": conversations.visitor_conversations(user=user, event_id=event.pk),
    }
    return render(request, "boothtalk/my_contacts.html", context)
