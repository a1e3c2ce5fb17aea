"""An event's branding — logo, banner and accent colour (refused below WCAG AA contrast) — set by its
organisers and shown on the event's pages; speakers' photos uploaded, re-encoded and sized."""

from __future__ import annotations

import io
import mimetypes

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from pavilion.core.colours import check_accent_colour, contrast_ratio
from pavilion.events.models import Event, Speaker
from tests.factories import EventFactory, SessionFactory, SessionSpeakerFactory, SpeakerFactory
from tests.organising.test_views import event_data, organiser_of, texts

pytestmark = pytest.mark.django_db


def picture(name: str, size: tuple[int, int]) -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", size, (122, 31, 92)).save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def test_contrast_follows_wcag_and_low_contrast_accents_are_refused() -> None:
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast_ratio("#0b57a4", "#ffffff"), 2) == 7.21  # Pavilion's own blue
    assert check_accent_colour(" #7A1F5C ") == "#7a1f5c"
    assert check_accent_colour("") == ""
    with pytest.raises(ValidationError) as yellow:
        check_accent_colour("#ffcc00")
    assert yellow.value.messages == [
        "This colour has a contrast of 1.51:1 with white; text needs at least 4.5:1 (WCAG 2.1 AA). "
        "Choose a darker colour."
    ]
    with pytest.raises(ValidationError) as named:
        check_accent_colour("red")
    assert named.value.messages == ["Write the colour as # and six hexadecimal digits, e.g. #0b57a4."]
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes
    assert check_accent_colour("#767676") == "#767676"


def test_organiser_brands_the_event_and_its_pages_show_it(client: Client) -> None:
    event = EventFactory.create(content_locales=["en", "vi"])
    session = SessionFactory.create(event=event)
    organiser_of(client, event)
    data = event_data(**texts("name", en="Digital World", vi="Thế giới Số"), accent_colour="#7A1F5C", is_published="on")
    del data["slug"]
    data["logo"] = picture("logo.png", (900, 900))
    data["banner"] = picture("banner.png", (3200, 800))
    response = client.post(f"/en/manage/{event.slug}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert event.accent_colour == "#7a1f5c"
    assert str(event.banner.name).startswith("events/banners/")
    with event.banner.open("rb") as handle:
        assert Image.open(handle).size == (1600, 400)  # re-encoded, no wider than shown
    with event.logo.open("rb") as handle:
        assert Image.open(handle).size == (480, 480)
    client.logout()
    html = client.get(f"/en/events/{event.slug}/").content.decode()
    brand = f"/en/events/{event.slug}/brand.css"
    assert f'<link rel="stylesheet" href="{brand}?v=7a1f5c">' in html
    css = client.get(brand)
    assert (css["Content-Type"], css.content) == ("text/css; charset=utf-8", b":root { --accent: #7a1f5c; }\n")
    assert f'<img class="event-banner" src="{event.banner.url}" alt="" width="1600" height="400"' in html
    assert 'alt="Logo of Digital World" width="96" height="96"' in html
    for image in (event.banner, event.logo):  # served to anyone once the event is published
        served = client.get(image.url)
        assert (served.status_code, served["Content-Type"]) == (200, mimetypes.guess_type(str(image.name))[0]), (
            image.url
        )
    session_page = client.get(f"/en/events/{event.slug}/sessions/{session.slug}/").content.decode()
    assert f'href="{brand}?v=7a1f5c"' in session_page
    assert f'<img class="event-logo small" src="{event.logo.url}"' in session_page
    other = EventFactory.create()
    assert (
        "--accent"
        not in client.get(f"/en/events/{other.slug}/").content.decode().split("</head>")[0].split("app.css")[1]
    )


def test_a_low_contrast_accent_is_refused_and_nothing_changes(client: Client) -> None:
    event = EventFactory.create(accent_colour="#0b57a4")
    organiser_of(client, event)
    data = event_data(accent_colour="#ffcc00")
    del data["slug"]
    response = client.post(f"/en/manage/{event.slug}/edit/", data)
    assert response.status_code == 400
    assert "This colour has a contrast of 1.51:1 with white" in response.content.decode()
    assert Event.objects.get(pk=event.pk).accent_colour == "#0b57a4"
    assert "<legend>Branding</legend>" in client.get(f"/en/manage/{event.slug}/edit/").content.decode()


def test_speaker_photo_is_uploaded_re_encoded_sized_and_shown(client: Client) -> None:
    event = EventFactory.create()
    speaker = SpeakerFactory.create(event=event, name="Nguyễn Văn An", slug="an")
    SessionSpeakerFactory.create(session=SessionFactory.create(event=event), speaker=speaker)
    organiser_of(client, event)
    form = client.get(f"/en/manage/{event.slug}/speakers/{speaker.pk}/").content.decode()
    assert 'type="file" name="photo"' in form
    data = {"name": "Nguyễn Văn An", "slug": "an", "country": "VN"}
    response = client.post(
        f"/en/manage/{event.slug}/speakers/{speaker.pk}/", {**data, "photo": picture("an.png", (1000, 1200))}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    speaker = Speaker.objects.get(pk=speaker.pk)
    assert str(speaker.photo.name).endswith(".jpg")
    with speaker.photo.open("rb") as handle:
        assert Image.open(handle).size == (333, 400)
    html = client.get(f"/en/events/{event.slug}/speakers/").content.decode()
    assert f'<img class="portrait" src="{speaker.photo.url}" alt="" width="96" height="96"' in html
    refused = client.post(
        f"/en/manage/{event.slug}/speakers/{speaker.pk}/",
        {**data, "photo": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")},
    )
    assert refused.status_code == 400
    assert Speaker.objects.get(pk=speaker.pk).photo.name == speaker.photo.name
