"""E-mails about an event go in its colours: plain text first, and an HTML version with the event's
accent colour, its logo once it is published and its name linking to its page (events/mail.py)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from PIL import Image

from pavilion.events.mail import DEFAULT_ACCENT, send_event_mail
from pavilion.events.reminders import send_session_reminders
from pavilion.events.services import add_to_agenda
from tests.factories import EventFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db
NOTE = "tests/email/note.txt"  # a subject line, a blank line, a body naming {{ title }} and {{ url }}
SOON = (timezone.now() + timedelta(days=2)).replace(hour=12, minute=0, second=0, microsecond=0)


def logo() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (96, 96), (122, 31, 92)).save(output, format="PNG")
    return SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png")


def html_of(message: object) -> str:
    assert isinstance(message, EmailMultiAlternatives)
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return str(html)


def test_a_reminder_goes_as_text_and_in_the_events_colours() -> None:
    name = {"en": "Digital World", "ar": "العالم الرقمي"}
    event = EventFactory.create(name=name, accent_colour="#7a1f5c", logo=logo())
    session = SessionFactory.create(
        event=event, starts_at=SOON + timedelta(minutes=30), ends_at=SOON + timedelta(minutes=90),
        title={"en": "Closing the broadband gap"},
    )  # fmt: skip
    reader = UserFactory.create(preferred_languages=["ar"])
    add_to_agenda(user=reader, session=session)
    assert send_session_reminders(now=SOON, minutes=60) == 1
    [message] = mail.outbox
    html = html_of(message)
    site = settings.PAVILION_SITE_URL.rstrip("/")
    assert '<html lang="ar" dir="rtl">' in html
    assert "background:#7a1f5c;" in html
    assert f'<img src="{site}{event.logo.url}" alt=' in html
    assert f'<a href="{site}/ar/events/{event.slug}/" style="color:#7a1f5c;">العالم الرقمي</a>' in html
    heading = message.subject.removeprefix("[Pavilion] ")
    assert f'<h1 style="font-size:20px;line-height:1.3;margin:0 0 16px;">{heading}</h1>' in html
    # The same words as the text: each line of the body is in the HTML, its address a link.
    url = f"{site}/ar/events/{event.slug}/sessions/{session.slug}/"
    assert url in message.body
    assert f'<a href="{url}"' in html


def test_an_unpublished_events_logo_stays_out_and_the_default_colour_is_pavilions() -> None:
    event = EventFactory.create(is_published=False, logo=logo())
    user = UserFactory.create()
    send_event_mail(to=user, template=NOTE, context={"event": event, "title": "Opening", "url": "https://x.example/"})
    html = html_of(mail.outbox[0])
    assert "<img" not in html  # its logo is not public yet: a mail program could not fetch it
    assert f"background:{DEFAULT_ACCENT};" in html


def test_what_people_wrote_is_escaped_in_the_html() -> None:
    event = EventFactory.create(name={"en": "Summit <b>2026</b>"})
    user = UserFactory.create()
    send_event_mail(
        to=user,
        template=NOTE,
        context={"event": event, "title": "<script>alert(1)</script>", "url": "https://x.example/"},
    )
    [message] = mail.outbox
    html = html_of(message)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Summit &lt;b&gt;2026&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" in message.subject  # plain text stays as written


def test_mail_without_an_event_is_plain_text_only() -> None:
    send_event_mail(to=UserFactory.create(), template=NOTE, context={"title": "Opening", "url": "https://x.example/"})
    [message] = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives == []
    assert (message.subject, message.body) == (
        "[Pavilion] About Opening",
        "Dear reader,\n\nOpening starts soon. Follow it here: https://x.example/\n",
    )
