"""A person's own data: the JSON download and deleting the account."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.boothtalk.contacts import leave_contact
from pavilion.boothtalk.models import ContactRequest
from pavilion.captions.models import CaptionLine
from pavilion.chat.models import ChatMessage
from pavilion.events.models import AgendaItem
from pavilion.leads.services import add_note, refresh_leads
from pavilion.surveys.interest import interest_distribution, record_interest
from pavilion.surveys.models import Response
from tests.boothtalk.helpers import stand
from tests.factories import TEST_PASSWORD, ProductFactory, RegistrationFactory, SessionFactory, UserFactory
from tests.leads.fixture import fair

pytestmark = pytest.mark.django_db


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_download_holds_the_persons_own_data_and_nobody_elses(client: Client) -> None:
    session = SessionFactory.create(slug="broadband-forum")
    lan, omar = UserFactory.create(email="lan@example.org", full_name="Nguyễn Thị Lan"), UserFactory.create()
    RegistrationFactory.create(event=session.event, user=lan, country="VN", function="minister")
    AgendaItem.objects.create(user=lan, session=session)
    ChatMessage.objects.create(session=session, author=lan, text="Xin chào")
    ChatMessage.objects.create(session=session, author=omar, text="Not Lan's")
    response = signed_in(client, lan).get("/en/accounts/my-data/pavilion-personal-data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pavilion-personal-data.json"'
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "lan@example.org"
    assert data["account"]["full_name"] == "Nguyễn Thị Lan"
    assert [(row["country"], row["function"], row["status"]) for row in data["accreditation"]["registrations"]] == [
        ("VN", "minister", "approved")
    ]
    assert [row["session__slug"] for row in data["agenda"]] == ["broadband-forum"]
    assert [row["text"] for row in data["sessions"]["chat_messages"]] == ["Xin chào"]
    assert "Not Lan's" not in response.content.decode()


def test_my_data_needs_a_signed_in_account(client: Client) -> None:
    for path in ["/en/accounts/my-data/", "/en/accounts/my-data/pavilion-personal-data.json", "/en/accounts/delete/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize(
    ("password", "confirm", "errors"),
    [
        ("not-the-password", "on", {"password": ["That is not your password."]}),
        (TEST_PASSWORD, None, {"confirm": ["This field is required."]}),
    ],
    ids=["wrong-password", "not-confirmed"],
)
def test_deletion_is_refused_without_the_password_and_the_tick(
    client: Client, password: str, confirm: str | None, errors: dict[str, list[str]]
) -> None:
    user = UserFactory.create()
    form = {"password": password, **({"confirm": confirm} if confirm else {})}
    response = signed_in(client, user).post("/en/accounts/delete/", form)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert User.objects.filter(pk=user.pk).exists()


def test_deleting_the_account_removes_what_is_theirs_keeps_the_transcript_and_signs_out(client: Client) -> None:
    session = SessionFactory.create()
    lan, omar = UserFactory.create(), UserFactory.create()
    ChatMessage.objects.create(session=session, author=lan, text="Mine")
    ChatMessage.objects.create(session=session, author=omar, text="His")
    line = CaptionLine.objects.create(session=session, language="en", sequence=1, text="The Chair opens.", author=lan)
    response = signed_in(client, lan).post("/en/accounts/delete/", {"password": TEST_PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert not User.objects.filter(pk=lan.pk).exists()
    assert list(ChatMessage.objects.values_list("text", flat=True)) == ["His"]
    line.refresh_from_db()
    assert (line.text, line.author) == ("The Chair opens.", None)  # the session's record stays, unsigned
    assert client.get("/en/accounts/my-data/").status_code == 302  # signed out


def test_the_contacts_a_person_left_are_in_the_download_and_gone_with_the_account(client: Client) -> None:
    place = stand()
    leave_contact(booth=place.booth, by=place.visitor, fields=["name", "email"], consent=True, message="Call me")
    data = json.loads(signed_in(client, place.visitor).get("/en/accounts/my-data/pavilion-personal-data.json").content)
    [shared] = data["booths"]["contact_requests"]
    assert (shared["shared_fields"], shared["email"], shared["message"]) == (
        ["name", "email"],
        place.visitor.email,
        "Call me",
    )
    client.post("/en/accounts/delete/", {"password": TEST_PASSWORD, "confirm": "on"})
    assert not ContactRequest.objects.exists()  # the booth keeps no lead of someone who left


def test_deleting_the_account_anonymises_survey_answers_which_stay_in_the_results(client: Client) -> None:
    product = ProductFactory.create()
    visitor = UserFactory.create()
    record_interest(product=product, user=visitor, session_key=None, level=5)
    data = json.loads(signed_in(client, visitor).get("/en/accounts/my-data/pavilion-personal-data.json").content)
    assert [answer["answer"] for response in data["surveys"] for answer in response["answers"]] == [
        {"level": 5, "label": "Very interested"}
    ]
    client.post("/en/accounts/delete/", {"password": TEST_PASSWORD, "confirm": "on"})
    response = Response.objects.get()
    assert (response.respondent, response.consent_to_share, response.consent_text) == (None, False, "")
    assert interest_distribution(product=product) == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}


def test_a_lead_and_the_staffs_notes_about_the_person_are_in_their_download(client: Client) -> None:
    place = fair()
    refresh_leads(booth=place.booth)
    lead = place.booth.leads.get(visitor=place.amina)
    add_note(lead=lead, author=place.staff, text="Wants a demo in Dakar")
    data = json.loads(signed_in(client, place.amina).get("/en/accounts/my-data/pavilion-personal-data.json").content)
    assert [(row["booth__slug"], row["status"], [note["text"] for note in row["notes"]]) for row in data["leads"]] == [
        (place.booth.slug, "new", ["Wants a demo in Dakar"])
    ]
    assert (
        "Wants a demo"
        not in signed_in(Client(), place.bao).get("/en/accounts/my-data/pavilion-personal-data.json").content.decode()
    )


def test_download_holds_booth_activity_presence_calendar_address_and_email_addresses(client: Client) -> None:
    """Finding 16 of issue 18: these four were left out of "My data"."""
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from pavilion.activity.models import ActivityEvent, ActivityKind
    from pavilion.boothtalk.models import BoothPresence
    from pavilion.events.services import calendar_token_for

    product = ProductFactory.create(slug="5g-core")
    booth = product.booth
    lan, omar = UserFactory.create(email="lan@example.org"), UserFactory.create(email="omar@example.org")
    EmailAddress.objects.create(user=lan, email="lan@mic.gov.vn", verified=False, primary=False)
    now = timezone.now()
    for person in (lan, omar):
        ActivityEvent.objects.create(
            kind=ActivityKind.PRODUCT_VIEW, event=booth.event, booth=booth, product=product, user=person, at=now
        )
        BoothPresence.objects.create(booth=booth, user=person, arrived_at=now, last_seen_at=now)
    token = calendar_token_for(user=lan)
    data = json.loads(signed_in(client, lan).get("/en/accounts/my-data/pavilion-personal-data.json").content)
    assert data["account"]["email_addresses"] == [
        {"email": "lan@example.org", "verified": True, "primary": True},
        {"email": "lan@mic.gov.vn", "verified": False, "primary": False},
    ]
    [visit] = data["exhibition_activity"]
    assert (visit["kind"], visit["booth__slug"], visit["product__slug"], visit["at"]) == (
        "product_view",
        booth.slug,
        "5g-core",
        now.isoformat(),
    )
    [presence] = data["booths"]["presence"]
    assert (presence["booth__slug"], presence["arrived_at"]) == (booth.slug, now.isoformat())
    assert data["calendar_feed"]["token"] == token
    assert data["calendar_feed"]["address"].endswith(f"/calendar/{token}/agenda.ics")
    assert "omar@example.org" not in json.dumps(data)
    assert (
        json.loads(signed_in(Client(), omar).get("/en/accounts/my-data/pavilion-personal-data.json").content)[
            "calendar_feed"
        ]
        is None
    )
