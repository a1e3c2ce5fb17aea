"""Caption pages: the captioner's push form (for browsers without the live connection), the transcript
(a page and a .txt download), and the organisers' captioner page. Thin adapters over services.py.

Session views answer 404 for a session the viewer may not see (as the session page does); the
organisers' page answers 404 to anyone who does not organise the event. Writes are POST only and
CSRF-protected by Django's middleware.
"""

from __future__ import annotations

import zoneinfo
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pavilion.accounts.models import User
from pavilion.captions import services
from pavilion.captions.forms import CaptionerForm, CaptionForm
from pavilion.captions.models import Captioner, CaptionLine
from pavilion.core.forms import INVALID
from pavilion.events.channels import FLOOR, channel_recordings
from pavilion.events.models import Event, Session
from pavilion.events.panels import panel_session, submit_panel_form
from pavilion.events.schedule import language as named
from pavilion.organising.area import managed_event


def captions_url(event: Event, session: Session, caption_language: str = "") -> str:
    """The session page at its captions, showing them in ``caption_language`` when given."""
    page = reverse("events:session", kwargs={"slug": event.slug, "session_slug": session.slug})
    query = f"?{urlencode({'captions': caption_language})}" if caption_language else ""
    return f"{page}{query}#captions"


@require_POST
def push(request: HttpRequest, event_slug: str, session_slug: str) -> HttpResponse:
    """Send a caption line; back to the captions (in its language) on success, else the form again with the reason."""
    event, session = panel_session(request, event_slug, session_slug)
    if not request.user.is_authenticated:
        return redirect_to_login(captions_url(event, session))
    languages = services.captioning_languages(session=session, user=request.user)
    form = CaptionForm(request.POST)
    return submit_panel_form(
        request,
        form=form,
        write=lambda: services.push_caption(
            session=session, by=request.user, language=form.cleaned_data["language"], text=form.cleaned_data["text"]
        ),
        done=lambda _line: captions_url(event, session, form.cleaned_data["language"]),
        refused_template="captions/caption_refused.html",
        context={
            "event": event,
            "session": session,
            "languages": [named(code) for code in languages],
            "captions_url": captions_url(event, session),
        },
    )


def _transcript(
    request: HttpRequest, event_slug: str, session_slug: str, code: str
) -> tuple[Event, Session, list[CaptionLine]]:
    event, session = panel_session(request, event_slug, session_slug)
    if code not in services.transcript_languages(session=session):
        raise Http404("No captions in this language.")
    return event, session, services.transcript(session=session, language=code)


def transcript(request: HttpRequest, event_slug: str, session_slug: str, language: str) -> HttpResponse:
    """Every caption line of the session in one language, in order, with its time: readable, printable."""
    code = language
    event, session, lines = _transcript(request, event_slug, session_slug, code)
    context = {
        "event": event,
        "session": session,
        "language": named(code),
        "lines": lines,
        "other_languages": [named(other) for other in services.transcript_languages(session=session) if other != code],
        "captions_url": captions_url(event, session, code),
        # The recordings of the session's channels (the floor and each interpretation), where organisers gave them.
        "recordings": [
            (item, None if item.language == FLOOR else named(item.language)) for item in channel_recordings(session)
        ],
    }
    return render(request, "captions/transcript.html", context)


def transcript_as_text(event: Event, session: Session, code: str, lines: list[CaptionLine]) -> str:
    """The .txt transcript: title, language and time zone, a blank line, then ``HH:MM:SS  text`` per line."""
    zone = zoneinfo.ZoneInfo(event.time_zone)
    heading = [
        f"{session.title} — {event.name}",
        _("Transcript of the captions in %(language)s") % {"language": named(code).name},
        _("Times are in %(zone)s.") % {"zone": event.time_zone},
        "",
    ]
    body = [f"{line.created_at.astimezone(zone):%H:%M:%S}  {line.text}" for line in lines]
    return "\n".join([*heading, *body]) + "\n"


def transcript_text(request: HttpRequest, event_slug: str, session_slug: str, language: str) -> HttpResponse:
    """The transcript as a UTF-8 text file to download: a heading, then one line per caption with its time."""
    code = language
    event, session, lines = _transcript(request, event_slug, session_slug, code)
    response = HttpResponse(transcript_as_text(event, session, code, lines), content_type="text/plain; charset=utf-8")
    filename = f"{event.slug}-{session.slug}-captions-{code}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The organisers' captioner page ---------------------------------------------------------------


def _organiser(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # managed_event requires a signed-in organiser
    return user


@managed_event
def captioners(request: HttpRequest, event: Event) -> HttpResponse:
    """Who captions the event's sessions, and the form to ask someone else."""
    form = CaptionerForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            captioner = services.add_captioner(
                event=event,
                by=_organiser(request),
                user=form.cleaned_data["email"],
                session=form.cleaned_data["session"],
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("%(name)s may now caption.") % {"name": captioner.user.display_name})
            return redirect("captions_manage:captioners", slug=event.slug)
    context = {
        "event": event,
        "section": "captioners",
        "captioners": services.event_captioners(event=event),
        "form": form,
    }
    return render(request, "captions/captioners.html", context, status=INVALID if form.is_bound else 200)


@managed_event
@require_POST
def captioner_remove(request: HttpRequest, event: Event, pk: int) -> HttpResponse:
    captioner = get_object_or_404(Captioner.objects.select_related("event", "user"), event=event, pk=pk)
    services.remove_captioner(captioner=captioner, by=_organiser(request))
    messages.success(request, _("%(name)s no longer captions.") % {"name": captioner.user.display_name})
    return redirect("captions_manage:captioners", slug=event.slug)
