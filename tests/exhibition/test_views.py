"""The exhibition's pages: the 2D hall and its filters, booth and product pages, downloads, and the
exhibitor's and organiser's pages; who sees and edits what, both ways."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pavilion.exhibition import services
from pavilion.exhibition.models import Booth, BoothStatus
from tests.exhibition.files import pdf
from tests.factories import (
    BoothFactory,
    EventFactory,
    HallFactory,
    OrganisationFactory,
    PavilionFactory,
    ProductFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _hall(event_slug: str, query: str = "") -> str:
    return f"/en/events/{event_slug}/exhibition/{query}"


def test_hall_lists_published_booths_by_hall_and_pavilion() -> None:
    event = EventFactory.create()
    hall = HallFactory.create(event=event, name={"en": "Connectivity"})
    pavilion = PavilionFactory.create(event=event, hall=hall, country="KZ")
    BoothFactory.create(event=event, pavilion=pavilion, name={"en": "Steppe Example Networks"})
    BoothFactory.create(event=event, pavilion=pavilion, name={"en": "Hidden Draft"}, status=BoothStatus.DRAFT)
    page = Client().get(_hall(event.slug)).content.decode()
    assert "Connectivity" in page
    assert "Kazakhstan" in page
    assert "Steppe Example Networks" in page
    assert "Hidden Draft" not in page
    assert "1 booth" in page


def test_hall_without_booths_shows_the_empty_state() -> None:
    event = EventFactory.create()
    page = Client().get(_hall(event.slug)).content.decode()
    assert "No exhibitors have opened their booths yet." in page


def test_hall_filters_by_country_theme_category_kind_and_name() -> None:
    event = EventFactory.create()
    viet_nam = PavilionFactory.create(event=event, country="VN")
    company = PavilionFactory.create(
        event=event, kind="corporate", country="", organisation=OrganisationFactory.create(kind="company")
    )
    lotus = BoothFactory.create(event=event, pavilion=viet_nam, name={"en": "Lotus", "vi": "Hoa Sen"})
    orbit = BoothFactory.create(event=event, pavilion=company, name={"en": "Orbit"})
    ProductFactory.create(booth=lotus, themes=["5g"], category="networks", name={"en": "Core", "vi": "Mạng lõi"})
    ProductFactory.create(booth=orbit, themes=["satellite"], category="connectivity")
    client = Client()

    def shown(query: str) -> list[str]:
        page = client.get(_hall(event.slug, query)).content.decode()
        return [name for name in ("Lotus", "Orbit") if f">{name}</a>" in page]

    assert shown("") == ["Lotus", "Orbit"]
    assert shown("?country=VN") == ["Lotus"]
    assert shown("?theme=satellite") == ["Orbit"]
    assert shown("?category=networks") == ["Lotus"]
    assert shown("?kind=corporate") == ["Orbit"]
    assert shown(f"?pavilion={viet_nam.slug}") == ["Lotus"]
    assert shown("?q=m%E1%BA%A0NG") == ["Lotus"]  # "mẠNG": a product's Vietnamese name, any case
    assert shown("?q=orb") == ["Orbit"]
    page = client.get(_hall(event.slug, "?theme=satellite&country=VN")).content.decode()
    assert "No booths match these filters." in page


def test_unknown_filter_values_are_ignored() -> None:
    booth = BoothFactory.create()
    response = Client().get(_hall(booth.event.slug, "?theme=nonsense&country=XX&kind=other"))
    assert response.status_code == 200
    assert "1 booth" in response.content.decode()


def _count_queries(client: Client, url: str) -> int:
    client.get(url)  # warm the per-process caches (content types, schedule version)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_hall_queries_do_not_grow_with_booths(signed_in: bool) -> None:
    counts = []
    for number in (1, 3):
        event = EventFactory.create()
        hall = HallFactory.create(event=event)
        for index in range(number):
            pavilion = PavilionFactory.create(event=event, hall=hall, country=["VN", "TH", "KZ"][index])
            booth = BoothFactory.create(event=event, pavilion=pavilion)
            ProductFactory.create(booth=booth)
        client = Client()
        if signed_in:
            client.force_login(UserFactory.create())
        counts.append(_count_queries(client, _hall(event.slug, "?theme=5g")))
    assert counts[0] == counts[1]


def test_booth_page_queries_do_not_grow_with_products() -> None:
    counts = []
    for number in (1, 3):
        booth = BoothFactory.create()
        for _ in range(number):
            ProductFactory.create(booth=booth)
        counts.append(_count_queries(Client(), f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/"))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("status", [BoothStatus.DRAFT, BoothStatus.SUBMITTED, BoothStatus.APPROVED])
def test_unpublished_booth_is_invisible_to_visitors_everywhere(status: str) -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(status=BoothStatus.DRAFT, staff=[staff], name={"en": "Secret Booth"})
    product = ProductFactory.create(booth=booth)
    document = services.add_booth_document(booth=booth, by=staff, file=pdf(), title={"en": "Plans"})
    Booth.objects.filter(pk=booth.pk).update(status=status)
    base = f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/"
    for client in (Client(), _signed_in(UserFactory.create())):
        assert "Secret Booth" not in client.get(_hall(booth.event.slug)).content.decode()
        assert client.get(base).status_code == 404
        assert client.get(f"{base}products/{product.slug}/").status_code == 404
        assert client.get(f"{base}documents/{document.pk}/").status_code == 404
        api = client.get(f"/api/v1/events/{booth.event.slug}/exhibition").json()
        assert api["booths"] == []
    # ... but its staff and the event's organisers see it, marked as not published.
    organiser = UserFactory.create()
    booth.event.organising_team.add(organiser)
    for person in (staff, organiser):
        page = _signed_in(person).get(base).content.decode()
        assert "This booth is not published" in page
    assert _signed_in(staff).get(f"{base}documents/{document.pk}/").status_code == 200


def _signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_published_booth_page_shows_products_documents_and_contacts() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff], contact_email="team@example.org")
    ProductFactory.create(booth=booth, name={"en": "Fibre planner"}, slug="fibre")
    document = services.add_booth_document(booth=booth, by=staff, file=pdf(), title={"en": "Brochure"})
    client = Client()
    base = f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/"
    page = client.get(base).content.decode()
    assert "Fibre planner" in page
    assert "mailto:team@example.org" in page
    assert f'href="{base}documents/{document.pk}/"' in page
    assert "/media/" not in page.split("Brochure")[0].split("documents")[-1]
    download = client.get(f"{base}documents/{document.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="brochure.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert client.get(f"{base}products/fibre/").status_code == 200


def test_staff_edit_their_own_booth_only() -> None:
    staff = UserFactory.create()
    mine = BoothFactory.create(staff=[staff], status=BoothStatus.DRAFT)
    theirs = BoothFactory.create(event=mine.event, staff=[UserFactory.create()], status=BoothStatus.DRAFT)
    client = _signed_in(staff)
    base = f"/en/events/{mine.event.slug}/exhibition/my-booths/"
    assert client.get(f"{base}{mine.slug}/").status_code == 200
    for path in (f"{theirs.slug}/", f"{theirs.slug}/media/", f"{theirs.slug}/products/new/"):
        assert client.get(f"{base}{path}").status_code == 404
    response = client.post(f"{base}{theirs.slug}/", {"name_1": "Taken over"})
    assert response.status_code == 404
    assert client.post(f"{base}{theirs.slug}/submit/").status_code == 404
    assert Booth.objects.get(pk=theirs.pk).status == BoothStatus.DRAFT
    assert Booth.objects.get(pk=theirs.pk).name.localize("en") != "Taken over"
    # Organisers review booths; they do not edit them through the exhibitors' pages either.
    organiser = UserFactory.create()
    mine.event.organising_team.add(organiser)
    assert _signed_in(organiser).get(f"{base}{mine.slug}/").status_code == 404


def test_exhibitor_previews_saves_and_submits_then_organiser_approves_and_publishes() -> None:
    staff = UserFactory.create()
    organiser = UserFactory.create()
    event = EventFactory.create(content_locales=["en", "vi"])
    event.organising_team.add(organiser)
    pavilion = PavilionFactory.create(event=event, country="TH")
    organiser_client = _signed_in(organiser)
    manage = f"/en/manage/{event.slug}/exhibition/"
    response = organiser_client.post(
        f"{manage}booths/new/",
        {
            "name_1": "Andaman Example Digital",
            "slug": "andaman",
            "owner": OrganisationFactory.create(kind="company").pk,
            "staff": staff.email,
        },
    )
    assert response.status_code == 302
    booth = Booth.objects.get(event=event, slug="andaman")
    assert list(booth.staff.all()) == [staff]

    client = _signed_in(staff)
    edit = f"/en/events/{event.slug}/exhibition/my-booths/andaman/"
    values = {"name_1": "Andaman Example Digital", "name_6": "Andaman Số", "description_1": "We connect islands."}
    preview = client.post(edit, {**values, "preview": "1"})
    assert "Preview (not saved yet)" in preview.content.decode()
    assert "We connect islands." in preview.content.decode()
    assert Booth.objects.get(pk=booth.pk).description.localize("en") == ""
    assert client.post(edit, values).status_code == 302
    assert Booth.objects.get(pk=booth.pk).description.localize("en") == "We connect islands."
    assert client.post(f"{edit}submit/").status_code == 302
    assert Booth.objects.get(pk=booth.pk).status == BoothStatus.SUBMITTED
    assert client.post(edit, {**values, "description_1": "Changed while waiting"}).status_code == 400

    assert (
        organiser_client.post(f"{manage}booths/andaman/place/", {"pavilion": pavilion.pk, "position": 1}).status_code
        == 302
    )
    assert organiser_client.post(f"{manage}booths/andaman/approve/").status_code == 302
    assert Booth.objects.get(pk=booth.pk).status == BoothStatus.APPROVED
    assert "Andaman Example Digital" not in Client().get(_hall(event.slug)).content.decode()
    assert organiser_client.post(f"{manage}booths/andaman/publish/").status_code == 302
    published = Booth.objects.get(pk=booth.pk)
    assert (published.status, published.pavilion) == (BoothStatus.PUBLISHED, pavilion)
    page = Client().get(_hall(event.slug)).content.decode()
    assert "Andaman Example Digital" in page, page[page.find("<main") :]


def test_manage_pages_answer_404_to_non_organisers() -> None:
    booth = BoothFactory.create(status=BoothStatus.SUBMITTED)
    client = _signed_in(booth.event.organising_team.first() or UserFactory.create())
    manage = f"/en/manage/{booth.event.slug}/exhibition/"
    for path in ("", "halls/", "pavilions/", f"booths/{booth.slug}/"):
        assert client.get(f"{manage}{path}").status_code == 404
    assert client.post(f"{manage}booths/{booth.slug}/publish/").status_code == 404
    assert Booth.objects.get(pk=booth.pk).status == BoothStatus.SUBMITTED


def test_organiser_adds_a_hall_and_a_national_pavilion() -> None:
    organiser = UserFactory.create()
    event = EventFactory.create()
    event.organising_team.add(organiser)
    client = _signed_in(organiser)
    manage = f"/en/manage/{event.slug}/exhibition/"
    assert client.post(f"{manage}halls/", {"name_1": "Trust", "slug": "trust", "position": 0}).status_code == 302
    refused = client.post(f"{manage}pavilions/", {"slug": "vn", "kind": "national", "tier": "medium", "position": 0})
    assert refused.status_code == 400
    assert "A national pavilion needs its country or economy." in refused.content.decode()
    hall = event.halls.get()
    response = client.post(
        f"{manage}pavilions/",
        {"slug": "vn", "kind": "national", "country": "VN", "hall": hall.pk, "tier": "large", "position": 0},
    )
    assert response.status_code == 302
    assert event.pavilions.get().hall == hall


def test_removing_an_unknown_kind_of_booth_media_is_a_404() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff])
    response = _signed_in(staff).post(
        f"/en/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/media/poster/1/remove/"
    )
    assert response.status_code == 404


def test_demos_form_offers_only_the_sessions_the_staff_may_see() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff], status=BoothStatus.DRAFT)
    SessionFactory.create(event=booth.event, slug="open-forum", title={"en": "Open forum"})
    closed = SessionFactory.create(
        event=booth.event, slug="ministerial", title={"en": "Ministerial roundtable"}, access_level="accredited"
    )
    client = _signed_in(staff)
    url = f"/en/events/{booth.event.slug}/exhibition/my-booths/{booth.slug}/media/"
    page = client.get(url).content.decode()
    assert "Open forum" in page
    assert "Ministerial roundtable" not in page
    assert f'value="{closed.pk}"' not in page
    refused = client.post(url, {"form": "demo", "demo-session": closed.pk, "demo-description_0": "Our demo"})
    assert refused.status_code == 400
    assert booth.demos.count() == 0
