"""Uploaded files are served only to who may see what they belong to (issue 18, finding 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from pavilion.accounts.models import User
from pavilion.exhibition.models import Booth, BoothImage, BoothStatus
from tests.exhibition.files import png
from tests.factories import BoothFactory, EventFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _client(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _booth_with_picture(status: str) -> tuple[Booth, str, User]:
    staff = UserFactory.create()
    booth = BoothFactory.create(status=status, staff=[staff])
    picture = BoothImage(booth=booth, alt={"en": "Our stand"})
    picture.image.save("stand.png", ContentFile(png().read()), save=True)
    return booth, picture.image.url, staff


def test_a_draft_booths_picture_is_served_to_its_staff_and_the_organisers_only() -> None:
    booth, url, staff = _booth_with_picture(BoothStatus.DRAFT)
    organiser = UserFactory.create()
    booth.event.organising_team.add(organiser)
    assert url.startswith("/media/exhibition/images/")
    assert _client().get(url).status_code == 404
    assert _client(UserFactory.create()).get(url).status_code == 404
    for person in (staff, organiser):
        response = _client(person).get(url)
        assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (
            200,
            "image/png",
            "private, no-store",
        )
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]


def test_a_published_booths_picture_and_logo_are_public_until_the_booth_is_withdrawn() -> None:
    booth, url, _staff = _booth_with_picture(BoothStatus.PUBLISHED)
    booth.logo.save("logo.png", ContentFile(png().read()), save=True)
    for address in (url, booth.logo.url):
        response = _client().get(address)
        assert (response.status_code, response["Cache-Control"]) == (200, "public, max-age=300")
    Booth.objects.filter(pk=booth.pk).update(status=BoothStatus.DRAFT)
    assert _client().get(booth.logo.url).status_code == 404


def test_an_unpublished_events_logo_is_for_its_organisers_and_organisation_logos_are_public() -> None:
    event = EventFactory.create(is_published=False)
    event.logo.save("event.png", ContentFile(png().read()), save=True)
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    assert _client().get(event.logo.url).status_code == 404
    assert _client(organiser).get(event.logo.url).status_code == 200
    organisation = OrganisationFactory.create()
    organisation.logo.save("org.png", ContentFile(png().read()), save=True)
    assert _client().get(organisation.logo.url).status_code == 200


def test_files_nobody_claims_and_paths_out_of_the_folder_are_not_served(settings: SettingsWrapper) -> None:
    root = Path(settings.MEDIA_ROOT)
    (root / "stray").mkdir()
    (root / "stray" / "notes.txt").write_text("left here by hand")
    (root / "exhibition" / "images").mkdir(parents=True)
    (root / "exhibition" / "images" / "orphan.png").write_bytes(png().read())
    for path in ("/media/stray/notes.txt", "/media/exhibition/images/orphan.png", "/media/../settings.py"):
        assert _client().get(path).status_code == 404


def test_the_proxy_sends_the_file_after_the_check_when_configured(settings: SettingsWrapper) -> None:
    settings.PAVILION_MEDIA_ACCEL_PREFIX = "/internal-media/"
    _booth, url, staff = _booth_with_picture(BoothStatus.DRAFT)
    response = _client(staff).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal-media/" + url.removeprefix("/media/")
    assert response.content == b""
    assert _client().get(url).status_code == 404
