"""The 3D hall page: a light shell that links to the 2D exhibition and names the JSON its script
draws from; the JSON gives the hall everything it draws."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pavilion.events.models import Event
from pavilion.exhibition.hall3d_views import hall_strings
from pavilion.exhibition.models import BoothImage, BoothStatus, BoothVideo, ProductImage
from tests.exhibition.files import png
from tests.factories import (
    BoothFactory,
    EventFactory,
    HallFactory,
    OrganisationFactory,
    PavilionFactory,
    ProductFactory,
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
    # Over the camera in AR until the hall's table-top model stands somewhere (shown by the script).
    assert (
        '<span id="hall3d-ar-hint" class="hall3d-ar-hint" role="status" hidden>Point the phone at a table or the '
        "floor; when the ring shows, tap to place the hall.</span>"
    ) in page
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


def test_exhibition_json_gives_each_booth_its_pictures_videos_and_products_as_the_booth_page_has_them() -> None:
    event = EventFactory.create()
    booth = BoothFactory.create(event=event, slug="lotus")
    second = BoothImage.objects.create(booth=booth, alt={"en": "The stage", "vi": "Sân khấu"}, position=1)
    second.image.save("stage.png", ContentFile(png(size=(80, 40)).read()), save=True)
    first = BoothImage.objects.create(booth=booth, alt={"en": "The stand"}, position=0)
    first.image.save("stand.png", ContentFile(png(size=(30, 60)).read()), save=True)
    youtube = BoothVideo.objects.create(booth=booth, url="https://youtu.be/x", title={"en": "Tour"}, position=0)
    own = BoothVideo.objects.create(
        booth=booth, url="/static/pavilion/demo/stage.webm", title={"en": "Demo"}, position=1
    )
    mp4 = BoothVideo.objects.create(
        booth=booth, url="https://cdn.example.org/a.MP4?x=1", title={"en": "Clip"}, position=2
    )
    product = ProductFactory.create(booth=booth, slug="router", name={"en": "Router", "vi": "Bộ định tuyến"})
    picture = ProductImage.objects.create(product=product, alt={"en": "A router"})
    picture.image.save("router.png", ContentFile(png().read()), save=True)
    ProductFactory.create(booth=booth, slug="switch", name={"en": "Switch"}, position=1)

    data = Client().get(f"/api/v1/events/{event.slug}/exhibition?lang=vi").json()
    [out] = data["booths"]
    assert out["images"] == [
        {"url": first.image.url, "alt": "The stand", "width": 30, "height": 60},
        {"url": second.image.url, "alt": "Sân khấu", "width": 80, "height": 40},
    ]
    base = f"/vi/events/{event.slug}/exhibition/booths/lotus/videos"
    assert out["videos"] == [
        {
            "title": "Tour",
            "url": f"{base}/{youtube.pk}/",
            "file": None,
            "played": f"{base}/{youtube.pk}/played/",
            "provider": "youtube",
            "captions": [],
        },
        {
            "title": "Demo",
            "url": f"{base}/{own.pk}/",
            "file": "/static/pavilion/demo/stage.webm",
            "played": f"{base}/{own.pk}/played/",
            "provider": "other",
            "captions": [],
        },
        {
            "title": "Clip",
            "url": f"{base}/{mp4.pk}/",
            "file": "https://cdn.example.org/a.MP4?x=1",
            "played": f"{base}/{mp4.pk}/played/",
            "provider": "other",
            "captions": [],
        },
    ]
    assert out["products"] == [
        {
            "name": "Bộ định tuyến",
            "kind": "product",
            "url": f"/vi/events/{event.slug}/exhibition/booths/lotus/products/router/",
            "image": picture.image.url,
        },
        {
            "name": "Switch",
            "kind": "product",
            "url": f"/vi/events/{event.slug}/exhibition/booths/lotus/products/switch/",
            "image": None,
        },
    ]
    # The links lead where the booth page's own links do.
    assert Client().get(out["products"][0]["url"]).status_code == 200
    played = Client().get(out["videos"][1]["url"])
    assert (played.status_code, played["Location"]) == (302, "/static/pavilion/demo/stage.webm")


def test_exhibition_json_reads_the_booths_media_in_a_fixed_number_of_queries() -> None:
    def booths_with_media(count: int) -> Event:
        event = EventFactory.create()
        for _ in range(count):
            booth = BoothFactory.create(event=event)
            BoothVideo.objects.create(booth=booth, url="https://youtu.be/x", title={"en": "Tour"})
            picture = BoothImage.objects.create(booth=booth, alt={"en": "The stand"})
            picture.image.save("stand.png", ContentFile(png().read()), save=True)
            for _product in range(2):  # each with its picture, for its placard
                product = ProductFactory.create(booth=booth)
                product_picture = ProductImage.objects.create(product=product, alt={"en": "It"})
                product_picture.image.save("product.png", ContentFile(png().read()), save=True)
        return event

    counts = []
    for count in (1, 3):
        event = booths_with_media(count)
        with CaptureQueriesContext(connection) as queries:
            booths = Client().get(f"/api/v1/events/{event.slug}/exhibition").json()["booths"]
        assert len(booths) == count
        assert all(product["image"] for booth in booths for product in booth["products"])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_booth_video_may_be_an_https_address_or_a_file_on_this_site_but_not_plain_http() -> None:
    booth = BoothFactory.create()
    for good in ("https://youtu.be/x", "/static/pavilion/demo/stage.webm"):
        BoothVideo(booth=booth, url=good, title={"en": "V"}).full_clean()
    for bad in ("http://youtu.be/x", "//evil.example.org/v.webm", "javascript:alert(1)"):
        with pytest.raises(ValidationError):
            BoothVideo(booth=booth, url=bad, title={"en": "V"}).full_clean()


def test_what_is_said_of_a_booth_walked_up_to_is_translated() -> None:
    keys = ("approached", "approached_empty", "contents_pictures", "contents_video_captions", "contents_products")
    with translation.override("fr"):
        french = {key: hall_strings()[key] for key in keys}
    assert french == {
        "approached": "{name}, {pavilion} : {contents}. Appuyez sur Entrée pour ouvrir sa page.",
        "approached_empty": "{name}, {pavilion}. Appuyez sur Entrée pour ouvrir sa page.",
        "contents_pictures": "Images : {count}",
        "contents_video_captions": "Vidéo sous-titrée",
        "contents_products": "Produits : {count}",
    }
    with translation.override("en"):
        english = hall_strings()
    for language in ("ar", "es", "ru", "vi", "zh-hans"):
        with translation.override(language):
            translated = hall_strings()
        assert [key for key in keys if translated[key] == english[key]] == [], language
        assert "{contents}" in translated["approached"], language
