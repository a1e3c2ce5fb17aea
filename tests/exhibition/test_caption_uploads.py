"""Captions uploaded as WebVTT files, one a language: checked on upload, stored with the booth's other
uploads, given to the booth pages, the exhibition JSON and the 3D hall by their address on this site,
and fetched only by who may see the booth."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pavilion.core.uploads import CAPTIONS_MAX_BYTES
from pavilion.exhibition.forms import BoothVideoForm, VideoCaptionsForm
from pavilion.exhibition.models import Booth, BoothStatus, BoothVideo
from tests.exhibition.files import WEBVTT, refused_beside, stored_under, vtt
from tests.factories import BoothFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db
STAGE = "/static/pavilion/demo/stage.webm"
GOOD = WEBVTT
ADDRESS = re.compile(r"^/media/exhibition/captions/(\d+)-[0-9a-f]{32}\.vtt$")


def _stored() -> set[Path]:
    return stored_under("exhibition/captions")


def _media_page(booth: Booth) -> str:
    return f"/en/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/media/"


def _video_post(language: str, upload: SimpleUploadedFile | None, address: str = "") -> dict[str, object]:
    data: dict[str, object] = {
        "form": "video",
        "video-title_0": "Our booth in two minutes",
        "video-url": STAGE,
        "video-captions_language": language,
        "video-captions_url": address,
    }
    if upload is not None:
        data["video-captions_file"] = upload
    return data


@pytest.fixture
def staffed() -> tuple[Booth, Client]:
    staff = UserFactory.create()
    booth = BoothFactory.create(
        staff=[staff], status=BoothStatus.DRAFT, event=EventFactory.create(content_locales=["en"])
    )
    client = Client()
    client.force_login(staff)
    return booth, client


def test_video_form_takes_an_uploaded_file_for_a_language() -> None:
    event = EventFactory.create(content_locales=["en"])
    upload = vtt()
    form = BoothVideoForm(
        {"title_0": "Tour", "url": STAGE, "captions_language": "fr", "captions_url": ""},
        {"captions_file": upload},
        event=event,
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["caption_tracks"], form.cleaned_data["caption_files"]) == ({}, {"fr": upload})


def test_video_form_refuses_a_file_and_an_address_together() -> None:
    form = BoothVideoForm(
        {"title_0": "Tour", "url": STAGE, "captions_language": "fr", "captions_url": "https://cdn.example.org/fr.vtt"},
        {"captions_file": vtt()},
        event=EventFactory.create(content_locales=["en"]),
    )
    assert not form.is_valid()
    assert form.errors == {"captions_url": ["Upload a WebVTT file or give its address, not both."]}


def test_captions_form_offers_only_this_booths_videos() -> None:
    booth, other = BoothFactory.create(), BoothFactory.create()
    mine = BoothVideo.objects.create(booth=booth, url=STAGE, title={"en": "Mine"})
    theirs = BoothVideo.objects.create(booth=other, url=STAGE, title={"en": "Theirs"})
    form = VideoCaptionsForm(
        {"video": theirs.pk, "language": "fr"}, {"file": vtt()}, event=booth.event, videos=booth.videos.all()
    )
    assert not form.is_valid()
    assert form.errors == {"video": ["Select a valid choice. That choice is not one of the available choices."]}
    assert list(form.fields["video"].queryset) == [mine]  # type: ignore[attr-defined]


def test_staff_upload_captions_and_the_pages_json_and_hall_use_the_stored_file(staffed: tuple[Booth, Client]) -> None:
    booth, client = staffed
    page = client.get(_media_page(booth)).content.decode()
    assert '<input type="file" name="video-captions_file" accept="text/vtt,.vtt"' in page
    response = client.post(_media_page(booth), _video_post("fr", vtt()))
    assert response.status_code == 302, response.content.decode()[:3000]
    video = booth.videos.get()
    address = video.caption_tracks["fr"]
    match = ADDRESS.match(address)
    assert match is not None
    assert int(match.group(1)) == video.pk
    assert list(video.caption_tracks) == ["fr"]
    assert (Path(settings.MEDIA_ROOT) / address.removeprefix("/media/")).read_text() == GOOD
    listed = client.get(_media_page(booth)).content.decode()
    assert f'<a href="{address}" hreflang="fr">captions in français</a>' in listed

    # While the booth is a draft, only its staff fetch the file.
    served = client.get(address)
    assert (served.status_code, served["Content-Type"], served["Cache-Control"]) == (
        200,
        "text/vtt",
        "private, no-store",
    )
    assert b"".join(served.streaming_content) == GOOD.encode()  # type: ignore[attr-defined]
    assert Client().get(address).status_code == 404
    visitor = Client()
    visitor.force_login(UserFactory.create())
    assert visitor.get(address).status_code == 404

    # A second language, uploaded for the same video.
    response = client.post(
        _media_page(booth),
        {"form": "captions", "captions-video": video.pk, "captions-language": "en"},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(
        _media_page(booth),
        {
            "form": "captions",
            "captions-video": video.pk,
            "captions-language": "en",
            "captions-file": vtt(name="en.vtt"),
        },
    )
    assert response.status_code == 302
    video.refresh_from_db()
    assert sorted(video.caption_tracks) == ["en", "fr"]
    assert ADDRESS.match(video.caption_tracks["en"])

    booth.status = BoothStatus.PUBLISHED
    booth.save()
    data = Client().get(f"/api/v1/events/{booth.event.slug}/exhibition?lang=en").json()
    assert data["booths"][0]["videos"][0]["captions"] == [
        {"language": "en", "label": "English", "url": video.caption_tracks["en"]},
        {"language": "fr", "label": "français", "url": address},
    ]
    public = Client().get(f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/").content.decode()
    assert f'<a href="{address}" hreflang="fr" type="text/vtt">captions in français</a>' in public
    served = Client().get(address)
    assert (served.status_code, served["Cache-Control"]) == (200, "public, max-age=300")


def test_uploading_a_language_again_replaces_the_file_and_removing_the_video_deletes_them(
    staffed: tuple[Booth, Client], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    booth, client = staffed
    client.post(_media_page(booth), _video_post("fr", vtt()))
    video = booth.videos.get()
    first = video.caption_tracks["fr"]
    replacement = GOOD.replace("Merci.", "Merci beaucoup.")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = client.post(
            _media_page(booth),
            {
                "form": "captions",
                "captions-video": video.pk,
                "captions-language": "fr",
                "captions-file": vtt(replacement),
            },
        )
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.caption_tracks["fr"] != first
    assert client.get(first).status_code == 404  # the replaced file is no longer anyone's
    assert not (Path(settings.MEDIA_ROOT) / first.removeprefix("/media/")).exists()
    current = Path(settings.MEDIA_ROOT) / video.caption_tracks["fr"].removeprefix("/media/")
    assert current.read_text() == replacement

    remove = f"/en/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/media/video/{video.pk}/remove/"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        assert client.post(remove).status_code == 302
    assert not BoothVideo.objects.filter(pk=video.pk).exists()
    assert not current.exists()


TOO_LARGE = "WEBVTT\n\n00:00.000 --> 00:01.000\n" + "x" * CAPTIONS_MAX_BYTES


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: vtt("1\n00:00:01,000 --> 00:00:04,000\nHello\n", "en.srt"), "its first line must be WEBVTT"),
        (lambda: vtt("WEBVTTX\n\n00:00.000 --> 00:01.000\nHi\n"), "its first line must be WEBVTT"),
        (lambda: SimpleUploadedFile("fr.vtt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "is UTF-8 text; this file is not"),
        (
            lambda: vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nOK\n\n00:05.000 -> 00:09.000\nBad\n"),
            "Line 7 of this WebVTT file is not a valid cue timing "
            "(e.g. 00:01.000 --&gt; 00:04.500, the end after the start).",
        ),
        (lambda: vtt("WEBVTT\n\n00:61.000 --> 00:62.000\nBad\n"), "Line 3 of this WebVTT file is not a valid cue"),
        (
            lambda: vtt("WEBVTT\n\n00:09.000 --> 00:04.000\nBackwards\n"),
            "Line 3 of this WebVTT file is not a valid cue",
        ),
        (lambda: vtt("WEBVTT\n\nNOTE nothing here\n"), "This WebVTT file has no captions (no cue timings)."),
        (lambda: vtt(TOO_LARGE), "This file is too large (at most 512.0\xa0KB)."),
    ],
    ids=["subrip", "bad-signature", "not-utf8", "bad-arrow", "bad-seconds", "end-before-start", "no-cues", "too-large"],
)
def test_bad_caption_files_are_refused_beside_the_field_and_nothing_is_stored(
    staffed: tuple[Booth, Client], upload: Callable[[], SimpleUploadedFile], message: str
) -> None:
    booth, client = staffed
    before = _stored()
    response = client.post(_media_page(booth), _video_post("fr", upload()))
    refused_beside(response, "id_video-captions_file", message)
    assert booth.videos.count() == 0
    assert _stored() == before


def test_a_bad_file_for_an_existing_video_changes_nothing(staffed: tuple[Booth, Client]) -> None:
    booth, client = staffed
    video = BoothVideo.objects.create(booth=booth, url=STAGE, title={"en": "Tour"}, caption_tracks={})
    before = _stored()
    response = client.post(
        _media_page(booth),
        {"form": "captions", "captions-video": video.pk, "captions-language": "fr", "captions-file": vtt("hello\n")},
    )
    assert response.status_code == 400
    assert "This is not a WebVTT file: its first line must be WEBVTT." in response.content.decode()
    video.refresh_from_db()
    assert (video.caption_tracks, _stored()) == ({}, before)


@pytest.mark.parametrize(
    ("form", "language", "field"),
    [("video", "xx", "captions_language"), ("captions", "xx", "language"), ("video", "", "captions_language")],
    ids=["unknown-with-video", "unknown-for-existing-video", "none-given"],
)
def test_a_file_in_an_unknown_or_missing_language_is_refused(
    staffed: tuple[Booth, Client], form: str, language: str, field: str
) -> None:
    booth, client = staffed
    video = BoothVideo.objects.create(booth=booth, url=STAGE, title={"en": "Tour"})
    if form == "video":
        data = _video_post(language, vtt())
    else:
        data = {"form": "captions", "captions-video": video.pk, "captions-language": language, "captions-file": vtt()}
    expected = (
        "Give both the captions&#x27; language and their WebVTT file, or neither."
        if not language
        else "Select a valid choice. xx is not one of the available choices."
    )
    refused_beside(client.post(_media_page(booth), data), f"id_{form}-{field}", expected)
    assert list(BoothVideo.objects.filter(booth=booth)) == [video]
    video.refresh_from_db()
    assert video.caption_tracks == {}


@pytest.mark.parametrize("who", ["other-exhibitor", "visitor", "anonymous"])
def test_only_the_booths_staff_upload_captions(who: str) -> None:
    booth = BoothFactory.create(staff=[UserFactory.create()], status=BoothStatus.DRAFT)
    video = BoothVideo.objects.create(booth=booth, url=STAGE, title={"en": "Tour"})
    client = Client()
    if who == "other-exhibitor":
        other_staff = UserFactory.create()
        BoothFactory.create(event=booth.event, staff=[other_staff])
        client.force_login(other_staff)
    elif who == "visitor":
        client.force_login(UserFactory.create())
    before = _stored()
    for data in (
        _video_post("fr", vtt()),
        {"form": "captions", "captions-video": video.pk, "captions-language": "fr", "captions-file": vtt()},
    ):
        response = client.post(_media_page(booth), data)
        assert response.status_code == (302 if who == "anonymous" else 404)
        if who == "anonymous":
            assert response["Location"].startswith("/en/accounts/login/")
    assert list(BoothVideo.objects.filter(booth=booth)) == [video]
    video.refresh_from_db()
    assert (video.caption_tracks, _stored()) == ({}, before)
