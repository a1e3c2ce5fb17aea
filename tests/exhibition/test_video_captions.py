"""A booth video's captions (a WebVTT file per language): added by the booth's staff with the video,
listed on the booth pages, and handed to the 3D hall, which shows them on the booth's screen."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pavilion.exhibition.models import BoothStatus, BoothVideo
from tests.factories import BoothFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db
STAGE = "/static/pavilion/demo/stage.webm"


def _media_page(booth: object) -> str:
    return f"/en/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/media/"  # type: ignore[attr-defined]


def test_staff_add_a_video_with_captions_and_every_page_and_the_hall_offer_them() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(
        staff=[staff], status=BoothStatus.DRAFT, event=EventFactory.create(content_locales=["en"])
    )
    client = Client()
    client.force_login(staff)
    page = client.get(_media_page(booth)).content.decode()
    assert 'for="id_video-captions_url">Or the address of a WebVTT file' in page
    response = client.post(
        _media_page(booth),
        {
            "form": "video",
            "video-title_0": "Our booth in two minutes",
            "video-url": STAGE,
            "video-captions_language": "fr",
            "video-captions_url": "/static/pavilion/demo/stage.fr.vtt",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    video = booth.videos.get()
    assert video.caption_tracks == {"fr": "/static/pavilion/demo/stage.fr.vtt"}
    listed = client.get(_media_page(booth)).content.decode()
    assert '<a href="/static/pavilion/demo/stage.fr.vtt" hreflang="fr">captions in français</a>' in listed

    BoothVideo.objects.filter(pk=video.pk).update(
        caption_tracks={"fr": "/static/pavilion/demo/stage.fr.vtt", "en": "/static/pavilion/demo/stage.en.vtt"}
    )
    booth.status = BoothStatus.PUBLISHED
    booth.save()
    data = Client().get(f"/api/v1/events/{booth.event.slug}/exhibition?lang=zh-hans").json()
    assert data["booths"][0]["videos"][0]["captions"] == [
        {"language": "en", "label": "English", "url": "/static/pavilion/demo/stage.en.vtt"},
        {"language": "fr", "label": "français", "url": "/static/pavilion/demo/stage.fr.vtt"},
    ]
    public = Client().get(f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/").content.decode()
    assert (
        '<a href="/static/pavilion/demo/stage.en.vtt" hreflang="en" type="text/vtt">captions in English</a>' in public
    )


@pytest.mark.parametrize(
    ("language", "address", "field", "message"),
    [
        ("fr", "", "captions_file", "Give both the captions&#x27; language and their WebVTT file, or neither."),
        ("", "https://cdn.example.org/en.vtt", "captions_language", "Give both the captions&#x27; language"),
        ("en", "https://cdn.example.org/en.srt", "captions_url", "A caption track must be a WebVTT (.vtt) file."),
        ("en", "http://cdn.example.org/en.vtt", "captions_url", "https://"),
        ("xx", "https://cdn.example.org/en.vtt", "captions_language", "Select a valid choice. xx is not one of"),
    ],
    ids=["no-file", "no-language", "not-webvtt", "plain-http", "unknown-language"],
)
def test_bad_captions_are_refused_with_a_message_and_add_nothing(
    language: str, address: str, field: str, message: str
) -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff], status=BoothStatus.DRAFT)
    client = Client()
    client.force_login(staff)
    response = client.post(
        _media_page(booth),
        {
            "form": "video",
            "video-title_0": "Tour",
            "video-url": STAGE,
            "video-captions_language": language,
            "video-captions_url": address,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    control = re.search(rf'<(input|select)[^>]*id="id_video-{field}"[^>]*>', page)
    assert control is not None
    assert 'aria-invalid="true"' in control.group(0)  # the message is beside the field it is about
    assert booth.videos.count() == 0
