from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from pavilion.exhibition import services
from pavilion.exhibition.models import Booth, BoothStatus, Pavilion, PavilionKind
from tests.factories import (
    BoothFactory,
    EventFactory,
    OrganisationFactory,
    PavilionFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "country", "with_organisation"),
    [
        (PavilionKind.NATIONAL, "", False),
        (PavilionKind.NATIONAL, "VN", True),
        (PavilionKind.CORPORATE, "", False),
        (PavilionKind.CORPORATE, "VN", True),
    ],
)
def test_pavilion_constraint_refuses_the_wrong_one_of_country_or_organisation(
    kind: str, country: str, with_organisation: bool
) -> None:
    event = EventFactory.create()
    organisation = OrganisationFactory.create() if with_organisation else None
    with pytest.raises(IntegrityError), transaction.atomic():
        Pavilion.objects.create(event=event, slug="p", kind=kind, country=country, organisation=organisation)
    assert Pavilion.objects.count() == 0


def test_pavilion_of_each_kind_is_saved_and_named_after_its_country_or_organisation() -> None:
    event = EventFactory.create()
    organisation = OrganisationFactory.create(name={"en": "Example Satellite"})
    national = services.save_pavilion(
        event=event, by=UserFactory.create(is_superuser=True), slug="vn", kind="national", country="VN"
    )
    created = PavilionFactory.create(event=event, kind="corporate", country="", organisation=organisation)
    corporate = Pavilion.objects.select_related("organisation").get(pk=created.pk)
    assert (national.display_name, corporate.display_name) == ("Viet Nam", "Example Satellite")


def test_save_pavilion_refuses_a_corporate_pavilion_without_organisation_with_a_message() -> None:
    event = EventFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.save_pavilion(event=event, by=UserFactory.create(is_superuser=True), slug="c", kind="corporate")
    assert refused.value.message_dict == {"organisation": ["A corporate pavilion needs its organisation."]}


def test_review_goes_from_draft_to_published_and_back() -> None:
    organiser = UserFactory.create()
    staff = UserFactory.create()
    event = EventFactory.create()
    event.organising_team.add(organiser)
    booth = services.create_booth(
        event=event, by=organiser, owner=OrganisationFactory.create(), slug="b", name={"en": "B"}, staff=[staff]
    )
    assert booth.status == BoothStatus.DRAFT
    services.submit_booth(booth=booth, by=staff)
    services.return_booth(booth=booth, by=organiser, note="Add a logo, please.")
    assert (booth.status, booth.review_note) == (BoothStatus.DRAFT, "Add a logo, please.")
    services.submit_booth(booth=booth, by=staff)
    services.approve_booth(booth=booth, by=organiser)
    services.publish_booth(booth=booth, by=organiser)
    assert Booth.objects.get(pk=booth.pk).status == BoothStatus.PUBLISHED
    services.unpublish_booth(booth=booth, by=organiser)
    assert Booth.objects.get(pk=booth.pk).status == BoothStatus.APPROVED


def test_only_organisers_review_and_only_staff_edit() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(status=BoothStatus.SUBMITTED, staff=[staff])
    with pytest.raises(PermissionDenied):
        services.approve_booth(booth=booth, by=staff)
    organiser = UserFactory.create()
    booth.event.organising_team.add(organiser)
    with pytest.raises(PermissionDenied):
        services.update_booth(booth=booth, by=organiser, name={"en": "Changed"})
    assert Booth.objects.get(pk=booth.pk).status == BoothStatus.SUBMITTED


def test_submitted_booth_cannot_be_changed_until_decided() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(status=BoothStatus.SUBMITTED, staff=[staff], name={"en": "Before"})
    with pytest.raises(ValidationError):
        services.update_booth(booth=booth, by=staff, name={"en": "Changed"})
    assert Booth.objects.get(pk=booth.pk).name.localize("en") == "Before"


def test_assign_booth_refuses_a_pavilion_of_another_event() -> None:
    organiser = UserFactory.create(is_superuser=True)
    booth = BoothFactory.create()
    elsewhere = PavilionFactory.create()
    with pytest.raises(ValidationError):
        services.assign_booth(booth=booth, by=organiser, pavilion=elsewhere)
    assert Booth.objects.get(pk=booth.pk).pavilion is None


def test_demo_must_be_a_session_of_the_booths_event() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff])
    with pytest.raises(ValidationError):
        services.add_booth_demo(booth=booth, by=staff, session=SessionFactory.create())
    demo = services.add_booth_demo(booth=booth, by=staff, session=SessionFactory.create(event=booth.event))
    assert list(booth.demos.all()) == [demo]


def test_demo_cannot_be_in_a_session_the_staff_may_not_see() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff])
    closed = SessionFactory.create(event=booth.event, access_level="accredited")
    with pytest.raises(ValidationError) as refused:
        services.add_booth_demo(booth=booth, by=staff, session=closed)
    assert refused.value.message_dict == {"session": ["Choose one of the event's sessions that you can see."]}
    assert booth.demos.count() == 0


def test_video_links_must_be_https() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff])
    with pytest.raises(ValidationError):
        services.add_booth_video(booth=booth, by=staff, url="http://youtube.com/watch?v=x", title={"en": "V"})
    video = services.add_booth_video(booth=booth, by=staff, url="https://www.youtube.com/watch?v=x", title={"en": "V"})
    assert video.provider == "youtube"
