"""The activity log: what is recorded (and what not), batches, failures, the background writer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.test.client import RequestFactory

from pavilion.activity.models import ActivityEvent, ActivityKind
from pavilion.activity.recorder import Activity, ActivityBuffer, recorder, visitor_key
from pavilion.exhibition.models import BoothDocument, BoothStatus, BoothVideo
from tests.exhibition.files import minimal_pdf
from tests.factories import BoothFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows() -> list[tuple[str, int | None, int | None, int | None, int | None, int | None]]:
    return list(
        ActivityEvent.objects.order_by("pk").values_list("kind", "booth", "product", "video", "document", "user")
    )


def test_visits_views_plays_and_downloads_are_recorded_once_flushed() -> None:
    visitor = UserFactory.create()
    booth = BoothFactory.create()
    product = ProductFactory.create(booth=booth)
    product.spec_sheet.save("spec.pdf", ContentFile(minimal_pdf()))
    video = BoothVideo.objects.create(booth=booth, url="https://video.example.org/watch/1", title={"en": "Demo"})
    document = BoothDocument.objects.create(booth=booth, title={"en": "Brochure"}, size=1)
    document.file.save("brochure.pdf", ContentFile(minimal_pdf()))
    base = f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/"
    client = Client()
    client.force_login(visitor)
    assert client.get(base).status_code == 200
    assert client.get(f"{base}products/{product.slug}/").status_code == 200
    play = client.get(f"{base}videos/{video.pk}/")
    assert (play.status_code, play["Location"], play["Referrer-Policy"]) == (
        302,
        "https://video.example.org/watch/1",
        "no-referrer",
    )
    assert Client().post(f"{base}videos/{video.pk}/played/").status_code == 204  # a beacon, anonymous
    assert client.get(f"{base}documents/{document.pk}/").status_code == 200
    assert client.get(f"{base}products/{product.slug}/specification.pdf").status_code == 200
    # Nothing is written on the request's path.
    assert ActivityEvent.objects.count() == 0
    assert recorder.pending() == 6
    assert recorder.flush() == 6
    assert _rows() == [
        (ActivityKind.BOOTH_VIEW, booth.pk, None, None, None, visitor.pk),
        (ActivityKind.PRODUCT_VIEW, booth.pk, product.pk, None, None, visitor.pk),
        (ActivityKind.VIDEO_PLAY, booth.pk, None, video.pk, None, visitor.pk),
        (ActivityKind.VIDEO_PLAY, booth.pk, None, video.pk, None, None),
        (ActivityKind.DOCUMENT_DOWNLOAD, booth.pk, None, None, document.pk, visitor.pk),
        (ActivityKind.DOCUMENT_DOWNLOAD, booth.pk, product.pk, None, None, visitor.pk),
    ]
    assert set(ActivityEvent.objects.values_list("event", flat=True)) == {booth.event_id}
    keys = list(ActivityEvent.objects.order_by("pk").values_list("visitor_key", flat=True))
    assert len(set(keys[:3] + keys[4:])) == 1  # one signed-in visitor, one key
    assert keys[3] != keys[0]
    assert len(keys[3]) == 32
    assert recorder.flush() == 0


def test_the_booths_own_staff_and_unpublished_booths_are_not_counted() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff])
    draft = BoothFactory.create(event=booth.event, staff=[staff], status=BoothStatus.DRAFT)
    client = Client()
    client.force_login(staff)
    assert client.get(f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/").status_code == 200
    assert client.get(f"/en/events/{booth.event.slug}/exhibition/booths/{draft.slug}/").status_code == 200
    assert recorder.pending() == 0
    assert Client().get(f"/en/events/{booth.event.slug}/exhibition/booths/{draft.slug}/").status_code == 404
    assert recorder.pending() == 0


def test_a_video_of_an_unseen_booth_is_404_and_not_counted() -> None:
    draft = BoothFactory.create(status=BoothStatus.DRAFT)
    video = BoothVideo.objects.create(booth=draft, url="https://video.example.org/watch/2", title={"en": "Secret"})
    base = f"/en/events/{draft.event.slug}/exhibition/booths/{draft.slug}/videos/{video.pk}/"
    assert Client().get(base).status_code == 404
    assert Client().post(base + "played/").status_code == 404
    assert Client().get(base + "played/").status_code == 405
    assert recorder.pending() == 0


@pytest.mark.django_db(transaction=True)  # foreign keys are checked at the commit
def test_rows_of_a_booth_deleted_before_the_flush_are_dropped_and_the_others_kept() -> None:
    kept, gone = BoothFactory.create(), BoothFactory.create()
    at = datetime(2020, 10, 21, 9, 0, tzinfo=UTC)
    buffer = ActivityBuffer(background=False)
    for booth in (kept, gone, kept):
        buffer.add(Activity(kind=ActivityKind.BOOTH_VIEW, event_id=booth.event_id, booth_id=booth.pk, at=at))
    gone_id = gone.pk
    gone.delete()
    assert buffer.flush() == 2
    assert list(ActivityEvent.objects.values_list("booth", flat=True)) == [kept.pk, kept.pk]
    assert not ActivityEvent.objects.filter(booth=gone_id).exists()


def test_the_buffer_keeps_at_most_its_limit_dropping_the_oldest() -> None:
    booth = BoothFactory.create()
    buffer = ActivityBuffer(background=False, limit=3)
    for minute in range(5):
        at = datetime(2020, 10, 21, 9, minute, tzinfo=UTC)
        buffer.add(Activity(kind=ActivityKind.BOOTH_VIEW, event_id=booth.event_id, booth_id=booth.pk, at=at))
    assert (buffer.pending(), buffer.dropped) == (3, 2)
    buffer.flush()
    assert [at.minute for at in ActivityEvent.objects.order_by("at").values_list("at", flat=True)] == [2, 3, 4]


@pytest.mark.django_db(transaction=True)
def test_the_background_writer_writes_batches_and_what_is_left_when_stopped() -> None:
    booth = BoothFactory.create()
    buffer = ActivityBuffer(background=True, interval=3600, batch_size=2)
    at = datetime(2020, 10, 21, 9, 0, tzinfo=UTC)
    for _number in range(3):
        buffer.add(Activity(kind=ActivityKind.PRODUCT_VIEW, event_id=booth.event_id, booth_id=booth.pk, at=at))
    buffer.stop()  # the writer finishes its round, then whatever is left is written
    assert ActivityEvent.objects.count() == 3
    assert buffer.pending() == 0


def test_visitor_keys_are_daily_pseudonyms() -> None:
    factory = RequestFactory()
    first, second = factory.get("/"), factory.get("/")
    first.user = UserFactory.create()
    second.user = UserFactory.create()
    assert visitor_key(first, "2020-10-21") == visitor_key(first, "2020-10-21")
    assert visitor_key(first, "2020-10-21") != visitor_key(first, "2020-10-22")
    assert visitor_key(first, "2020-10-21") != visitor_key(second, "2020-10-21")
    assert len(visitor_key(first, "2020-10-21")) == 32
