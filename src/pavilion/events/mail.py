"""E-mails about an event, through Django's mail backend, in the recipient's language.

Every e-mail is plain text first: its template's first line is the subject, the rest the body, and
that is what any mail program shows. An HTML version goes along, in the event's own colours: its
accent colour as the band at the top and bottom, its logo (once the event is published, since the
logo is public from then on) and its name linking to the event's page. The HTML holds the same
words as the text, nothing more, so nothing is lost to a reader who blocks images or HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from pavilion.accounts.languages import language_of
from pavilion.accounts.models import User
from pavilion.events.models import Event

#: The band's colour when the organisers chose none (Pavilion's own blue, 7.2:1 against white).
DEFAULT_ACCENT = "#0b57a4"


def send_event_mail(
    *,
    to: User,
    template: str,
    context: Mapping[str, object],
    attachments: Iterable[tuple[str, bytes, str]] = (),
    language: str | None = None,
) -> None:
    """Render ``template`` (a .txt: subject line, blank line, body) in ``language`` (default: the
    recipient's) and send it, with the branded HTML version when the context names the ``event``."""
    language = language or language_of(to)
    site_url = settings.PAVILION_SITE_URL.rstrip("/")
    with translation.override(language):
        text = render_to_string(template, {**context, "language": language, "site_url": settings.PAVILION_SITE_URL})
        subject, _blank, body = text.strip().partition("\n")
        subject, body = subject.strip(), body.strip()
        event = context.get("event")
        html = (
            branded_html(event=event, subject=subject, body=body, site_url=site_url)
            if isinstance(event, Event)
            else None
        )
    message = EmailMultiAlternatives(f"[Pavilion] {subject}", body + "\n", None, [to.email])
    if html is not None:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def branded_html(*, event: Event, subject: str, body: str, site_url: str) -> str:
    """The HTML version of an e-mail about ``event``, in the active language (inline styles only:
    mail programs drop style sheets)."""
    logo_url = f"{site_url}{event.logo.url}" if event.logo and event.is_published else ""
    context = {
        "event": event,
        "event_name": str(event.name),
        "event_url": f"{site_url}{reverse('events:detail', kwargs={'slug': event.slug})}",
        "logo_url": logo_url,
        "accent": event.accent_colour or DEFAULT_ACCENT,
        "subject": subject,
        "body": body,
        "language": translation.get_language(),
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
    }
    return render_to_string("events/email/branded.html", context)
