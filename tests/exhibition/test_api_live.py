"""The exhibition JSON for the 3D hall, and the live topic booth:<id>."""

from __future__ import annotations

import asyncio

import pytest
from django.test import Client

from pavilion.exhibition import services
from pavilion.exhibition.live import booth_snapshot, may_follow_booth
from pavilion.exhibition.models import BoothStatus
from pavilion.live.broker import MemoryBroker
from tests.factories import BoothFactory, EventFactory, HallFactory, PavilionFactory, UserFactory
from tests.live.features import FeatureClient, published

pytestmark = pytest.mark.django_db


def test_exhibition_json_has_halls_pavilions_and_published_booths_in_the_requested_language() -> None:
    event = EventFactory.create()
    hall = HallFactory.create(event=event, name={"en": "Connectivity", "vi": "Kết nối"})
    pavilion = PavilionFactory.create(event=event, hall=hall, country="VN", tier="large")
    booth = BoothFactory.create(event=event, pavilion=pavilion, name={"en": "Lotus", "vi": "Hoa Sen"}, slug="lotus")
    BoothFactory.create(event=event, status=BoothStatus.DRAFT)
    data = Client().get(f"/api/v1/events/{event.slug}/exhibition?lang=vi").json()
    assert data["halls"] == [{"id": hall.pk, "slug": hall.slug, "name": "Kết nối", "position": 0}]
    assert data["pavilions"] == [
        {
            "id": pavilion.pk,
            "slug": pavilion.slug,
            "hall": hall.pk,
            "kind": "national",
            "country": "VN",
            "country_name": "Việt Nam",
            "organisation": None,
            "organisation_name": "",
            "tier": "large",
            "name": "Việt Nam",
            "position": 0,
        }
    ]
    assert data["booths"] == [
        {
            "id": booth.pk,
            "slug": "lotus",
            "name": "Hoa Sen",
            "pavilion": pavilion.pk,
            "owner": booth.owner.slug,
            "logo": None,
            "url": f"/vi/events/{event.slug}/exhibition/booths/lotus/",
            "position": 0,
            "images": [],
            "videos": [],
            "products": [],
        }
    ]
    # French is not filled in: the name falls back to English.
    assert Client().get(f"/api/v1/events/{event.slug}/exhibition?lang=fr").json()["booths"][0]["name"] == "Lotus"


def test_exhibition_json_of_an_unpublished_event_is_404() -> None:
    event = EventFactory.create(is_published=False)
    assert Client().get(f"/api/v1/events/{event.slug}/exhibition").status_code == 404


def test_booth_topic_is_open_to_those_who_see_the_booth() -> None:
    staff, stranger = UserFactory.create(), UserFactory.create()
    draft = BoothFactory.create(status=BoothStatus.DRAFT, staff=[staff])
    public = BoothFactory.create()
    hidden_event = BoothFactory.create(event=EventFactory.create(is_published=False))
    assert may_follow_booth(None, public.pk) is True
    assert may_follow_booth(None, draft.pk) is False
    assert may_follow_booth(stranger, draft.pk) is False
    assert may_follow_booth(staff, draft.pk) is True
    assert may_follow_booth(None, hidden_event.pk) is False
    assert may_follow_booth(None, 999_999) is False


@pytest.fixture
def broker() -> object:
    from tests.live.features import fresh_broker

    yield from fresh_broker()


@pytest.mark.django_db(transaction=True)
def test_booth_snapshot_plus_events_equals_a_fresh_snapshot(broker: MemoryBroker) -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff], name={"en": "Before"})
    topic = f"booth:{booth.pk}"
    fresh = FeatureClient(part="booth")

    async def snapshot(feature: FeatureClient) -> dict[str, object]:
        try:
            return await feature.subscribe(topic)
        finally:
            await feature.close()

    state = booth_snapshot([None], booth.pk)[0]
    assert state == {"id": booth.pk, "slug": booth.slug, "name": {"en": "Before"}, "published": True}
    services.update_booth(booth=booth, by=staff, name={"en": "After", "vi": "Sau"})
    for event in published(broker, topic):
        state = dict(event["booth"])
    assert state == asyncio.run(snapshot(fresh))
    assert state["name"] == {"en": "After", "vi": "Sau"}
