"""The review page's tools: search, deciding several registrations at once (after a confirmation
page), and the CSV of what the page shows — for organisers and for focal points (theirs only)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from pavilion.accreditation.models import Registration
from pavilion.events.models import Event
from tests.factories import EventFactory, FocalPointFactory, OrganisationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def review_url(event: Event) -> str:
    return f"/en/events/{event.slug}/registration/review/"


def people(event: Event) -> dict[str, Registration]:
    """Three pending registrations of Viet Nam, one of Kazakhstan and one of an organisation."""
    made = {
        "lan": RegistrationFactory.create(
            event=event, status="pending", user=UserFactory.create(full_name="Trần Thị Lan")
        ),
        "minh": RegistrationFactory.create(
            event=event, status="pending", user=UserFactory.create(full_name="Lê Văn Minh")
        ),
        "hoa": RegistrationFactory.create(event=event, status="pending", user=UserFactory.create(full_name="Phạm Hoa")),
        "aigerim": RegistrationFactory.create(
            event=event, status="pending", country="KZ", user=UserFactory.create(full_name="Aigerim Bekova")
        ),
        "telecom": RegistrationFactory.create(
            event=event,
            status="pending",
            country="",
            organisation=OrganisationFactory.create(name={"en": "Mekong Telecom"}),
            user=UserFactory.create(full_name="=HYPERLINK(1)", email="staff@mekong.example"),
        ),
    }
    return made


def names(html: str, made: dict[str, Registration]) -> list[str]:
    return [key for key, registration in made.items() if f'id="registration-{registration.pk}"' in html]


def test_search_by_name_email_country_in_two_languages_and_organisation(client: Client) -> None:
    event = EventFactory.create()
    made = people(event)
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    client.force_login(organiser)
    found = {
        query: names(client.get(review_url(event), {"q": query}).content.decode(), made)
        for query in ["lan", "Viet Nam", "kazakhstan", "mekong", "STAFF@", "nobody"]
    }
    assert found == {
        "lan": ["lan"],
        "Viet Nam": ["lan", "minh", "hoa"],
        "kazakhstan": ["aigerim"],
        "mekong": ["telecom"],
        "STAFF@": ["telecom"],
        "nobody": [],
    }
    french = client.get(f"/fr/events/{event.slug}/registration/review/", {"q": "Kazakhstan"}).content.decode()
    assert names(french, made) == ["aigerim"]
    html = client.get(review_url(event), {"q": "lan"}).content.decode()
    assert 'value="lan"' in html
    assert 'href="?status=all&amp;q=lan"' in html  # the status filters keep the search
    assert "Awaiting approval (1)" in html


def test_focal_point_searches_and_exports_only_their_delegation(client: Client) -> None:
    event = EventFactory.create()
    made = people(event)
    focal_point = FocalPointFactory.create(event=event, country="VN").user
    client.force_login(focal_point)
    assert names(client.get(review_url(event), {"q": "a"}).content.decode(), made) == ["lan", "minh", "hoa"]
    response = client.get(f"{review_url(event)}export.csv", {"status": "all"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="registrations-{event.slug}-all.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == [
        "Name",
        "E-mail",
        "Delegation",
        "Category",
        "Function",
        "Head of delegation",
        "Submitted",
        "Status",
        "Reason",
        "Decided",
    ]
    assert sorted(row[0] for row in rows[1:]) == ["Lê Văn Minh", "Phạm Hoa", "Trần Thị Lan"]
    assert {(row[2], row[7]) for row in rows[1:]} == {("Viet Nam", "Awaiting approval")}
    client.force_login(UserFactory.create())
    assert client.get(f"{review_url(event)}export.csv").status_code == 404


def test_export_follows_the_search_and_escapes_formulas(client: Client) -> None:
    event = EventFactory.create()
    people(event)
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    client.force_login(organiser)
    text = client.get(f"{review_url(event)}export.csv", {"status": "pending", "q": "mekong"}).content.decode()
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row[:3] for row in rows[1:]] == [["'=HYPERLINK(1)", "staff@mekong.example", "Mekong Telecom"]]


def test_bulk_approval_asks_first_then_approves_each_and_mails_each(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    event = EventFactory.create()
    made = people(event)
    focal_point = FocalPointFactory.create(event=event, country="VN").user
    client.force_login(focal_point)
    html = client.get(review_url(event)).content.decode()
    assert 'name="ids" value="{}" form="bulk"'.format(made["lan"].pk) in html
    assert 'aria-label="Tick the registration of Trần Thị Lan"' in html
    picked = [made["lan"].pk, made["minh"].pk]
    url = f"{review_url(event)}decide/"
    confirm = client.post(url, {"ids": picked, "decision": "approve", "status": "pending", "q": "Viet"})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Approve these 2 registrations?" in page
    assert "Trần Thị Lan" in page
    assert "Lê Văn Minh" in page
    assert "Phạm Hoa" not in page
    assert Registration.objects.filter(status="approved").count() == 0  # nothing decided yet
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url, {"ids": picked, "decision": "approve", "status": "pending", "q": "Viet", "confirmed": "1"}
        )
    assert done.status_code == 302
    assert done["Location"] == f"{review_url(event)}?status=pending&q=Viet"
    assert sorted(Registration.objects.filter(status="approved").values_list("pk", flat=True)) == sorted(picked)
    assert set(Registration.objects.filter(pk__in=picked).values_list("decided_by", flat=True)) == {focal_point.pk}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([made["lan"].user.email, made["minh"].user.email])
    assert "2 registrations are approved." in client.get(done["Location"]).content.decode()


def test_bulk_rejection_needs_a_reason_and_another_delegation_is_not_found(client: Client) -> None:
    event = EventFactory.create()
    made = people(event)
    focal_point = FocalPointFactory.create(event=event, country="VN").user
    client.force_login(focal_point)
    url = f"{review_url(event)}decide/"
    no_reason = client.post(url, {"ids": [made["hoa"].pk], "decision": "reject", "confirmed": "1"})
    assert no_reason.status_code == 400
    assert "Give a reason for the rejection; the registrants will receive it." in no_reason.content.decode()
    nothing = client.post(url, {"decision": "approve"})
    assert nothing.status_code == 400
    assert "Tick the registrations to decide first." in nothing.content.decode()
    theirs = client.post(url, {"ids": [made["hoa"].pk, made["aigerim"].pk], "decision": "approve", "confirmed": "1"})
    assert theirs.status_code == 404
    confirm = client.post(url, {"ids": [made["hoa"].pk], "decision": "reject", "reason": "Quota reached"})
    assert "Reject this registration?" in confirm.content.decode()
    assert "Quota reached" in confirm.content.decode()
    rejected = client.post(
        url, {"ids": [made["hoa"].pk], "decision": "reject", "reason": "Quota reached", "confirmed": "1"}
    )
    assert rejected.status_code == 302
    assert list(Registration.objects.exclude(status="pending").values_list("pk", "status", "decision_reason")) == [
        (made["hoa"].pk, "rejected", "Quota reached")
    ]
    client.force_login(UserFactory.create())
    assert client.post(url, {"ids": [made["lan"].pk], "decision": "approve", "confirmed": "1"}).status_code == 404
    assert Registration.objects.get(pk=made["lan"].pk).status == "pending"


def test_long_checkbox_lists_of_organiser_forms_get_a_filter(client: Client) -> None:
    event = EventFactory.create()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    OrganisationFactory.create_batch(13)
    client.force_login(organiser)
    html = client.get(f"/en/manage/{event.slug}/edit/").content.decode()
    assert 'data-filter-label="Filter: Organising bodies"' in html
    assert 'data-filter-count="{shown} of {total} shown (ticked ones always)"' in html
    assert html.count("data-filter-label=") == 1  # the language lists (seven entries) stay as they are


def test_tick_all_takes_every_registration_the_page_shows_and_still_asks_first(client: Client) -> None:
    event = EventFactory.create()
    people(event)
    focal_point = FocalPointFactory.create(event=event, country="VN").user
    client.force_login(focal_point)
    html = client.get(review_url(event), {"status": "pending"}).content.decode()
    assert (
        '<input type="checkbox" name="all" value="1" form="bulk" id="pick-all" class="pick-all" data-pick="ids" '
        'aria-label="Tick all 3 registrations shown">'
    ) in html
    url = f"{review_url(event)}decide/"
    confirm = client.post(url, {"all": "1", "decision": "approve", "status": "pending", "q": ""})
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Approve these 3 registrations?" in page
    assert [name in page for name in ("Trần Thị Lan", "Lê Văn Minh", "Phạm Hoa", "Aigerim Bekova")] == [
        True,
        True,
        True,
        False,  # another delegation's: not on this focal point's page
    ]
    assert Registration.objects.filter(status="approved").count() == 0  # nothing decided before confirming
    # The search narrows "all" as it narrows the page.
    searched = client.post(url, {"all": "1", "decision": "approve", "status": "pending", "q": "Minh"})
    assert "Approve this registration?" in searched.content.decode()
    assert "Lê Văn Minh" in searched.content.decode()
    assert "Trần Thị Lan" not in searched.content.decode()
