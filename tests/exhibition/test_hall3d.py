"""The 3D hall page: a light shell that links to the 2D exhibition and names the JSON its script
draws from; the JSON gives the hall everything it draws."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from pavilion.exhibition.hall3d_views import hall_strings
from pavilion.exhibition.models import BoothStatus
from tests.exhibition.files import png
from tests.factories import (
    BoothFactory,
    EventFactory,
    HallFactory,
    OrganisationFactory,
    PavilionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
FRONTEND = Path(__file__).resolve().parents[2] / "frontend" / "src"


def _strings(page: str) -> dict[str, str]:
    found = re.search(r'<script id="hall3d-strings" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_3d_hall_page_links_to_the_2d_exhibition_and_names_its_json_and_script() -> None:
    event = EventFactory.create()
    response = Client().get(f"/en/events/{event.slug}/exhibition/3d/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a class="button" href="/en/events/{event.slug}/exhibition/">Go to the 2D exhibition</a>' in page
    assert f'data-json="/api/v1/events/{event.slug}/exhibition?lang=en"' in page
    assert 'data-script="/static/build/hall3d.js"' in page
    assert '<script src="/static/build/hall3d-boot.js" defer></script>' in page
    assert '<canvas role="img" tabindex="0" aria-label="3D exhibition hall"' in page
    assert 'class="hall3d-announcer visually-hidden" aria-live="polite"' in page
    assert "Load the 3D hall anyway" in page
    # three.js is never on the page itself: the small boot script adds it once it decides to start 3D.
    assert '<script src="/static/build/hall3d.js"' not in page
    assert _strings(page) == hall_strings()


def test_3d_hall_asks_for_the_json_in_the_page_language() -> None:
    event = EventFactory.create()
    page = Client().get(f"/vi/events/{event.slug}/exhibition/3d/").content.decode()
    assert f'data-json="/api/v1/events/{event.slug}/exhibition?lang=vi"' in page
    assert f'href="/vi/events/{event.slug}/exhibition/"' in page
    page = Client().get(f"/zh-hans/events/{event.slug}/exhibition/3d/").content.decode()
    assert f'data-json="/api/v1/events/{event.slug}/exhibition?lang=zh-hans"' in page


def test_3d_hall_of_an_unknown_event_is_404() -> None:
    assert Client().get("/en/events/no-such-event/exhibition/3d/").status_code == 404


def test_3d_hall_of_an_unpublished_event_is_404_except_for_its_organisers() -> None:
    organiser = UserFactory.create()
    event = EventFactory.create(is_published=False)
    event.organising_team.add(organiser)
    assert Client().get(f"/en/events/{event.slug}/exhibition/3d/").status_code == 404
    client = Client()
    client.force_login(organiser)
    assert client.get(f"/en/events/{event.slug}/exhibition/3d/").status_code == 200


def test_2d_exhibition_links_to_the_3d_hall() -> None:
    event = EventFactory.create()
    page = Client().get(f"/en/events/{event.slug}/exhibition/").content.decode()
    assert f'<a href="/en/events/{event.slug}/exhibition/3d/">Visit the 3D hall</a>' in page


def test_every_text_the_3d_hall_script_uses_is_given_by_the_page() -> None:
    used = set()
    for source in [FRONTEND / "hall3d.js", *sorted((FRONTEND / "hall3d").glob("*.js"))]:
        used |= set(re.findall(r"\bstrings\.(\w+)", source.read_text()))
    assert used
    assert used <= set(hall_strings())


def test_exhibition_json_gives_the_3d_hall_its_zones_names_logos_and_links() -> None:
    event = EventFactory.create()
    hall = HallFactory.create(event=event, name={"en": "Connectivity", "ar": "الاتصال"})
    national = PavilionFactory.create(event=event, hall=hall, country="VN", tier="large", position=1)
    company = OrganisationFactory.create(kind="company", name={"en": "Orbit Example"})
    corporate = PavilionFactory.create(
        event=event, hall=None, kind="corporate", country="", organisation=company, tier="small", position=2
    )
    with_logo = BoothFactory.create(event=event, pavilion=national, name={"en": "Lotus", "ar": "لوتس"}, slug="lotus")
    with_logo.logo.save("lotus.png", ContentFile(png().read()), save=True)
    BoothFactory.create(event=event, pavilion=corporate, name={"en": "Orbit Labs"}, slug="orbit-labs")
    BoothFactory.create(event=event, pavilion=None, name={"en": "Loose"}, slug="loose")
    BoothFactory.create(event=event, pavilion=national, status=BoothStatus.SUBMITTED, slug="waiting")
    data = Client().get(f"/api/v1/events/{event.slug}/exhibition?lang=ar").json()

    assert data["language"] == "ar"
    assert [(item["id"], item["name"], item["position"]) for item in data["halls"]] == [(hall.pk, "الاتصال", 0)]
    zones = {item["id"]: (item["hall"], item["kind"], item["tier"], item["position"]) for item in data["pavilions"]}
    assert zones == {national.pk: (hall.pk, "national", "large", 1), corporate.pk: (None, "corporate", "small", 2)}
    names = {item["id"]: item["name"] for item in data["pavilions"]}
    assert names[national.pk] == "فييت نام"  # django-countries in Arabic
    assert names[corporate.pk] == "Orbit Example"
    booths = {item["slug"]: item for item in data["booths"]}
    assert sorted(booths) == ["loose", "lotus", "orbit-labs"]
    assert booths["lotus"]["name"] == "لوتس"
    assert booths["lotus"]["pavilion"] == national.pk
    assert booths["lotus"]["logo"] == with_logo.logo.url
    assert booths["lotus"]["logo"].endswith(".png")
    assert booths["orbit-labs"]["logo"] is None
    assert booths["loose"]["pavilion"] is None
    assert booths["lotus"]["url"] == f"/ar/events/{event.slug}/exhibition/booths/lotus/"
    assert Client().get(booths["lotus"]["url"]).status_code == 200
