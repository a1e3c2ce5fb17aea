"""A decision taken in a session recorded as a commitment: the session page's button (secretariat only),
the form, the confirmation step, and the rule that the session is one of the programme's meetings'."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from pavilion.programmes import commitments
from pavilion.programmes.models import Commitment
from tests.factories import EventFactory, OrganisationFactory, SessionFactory
from tests.programmes.factories import World, make_world

pytestmark = pytest.mark.django_db

DECISION = "The LSG agreed that Viet Nam leads a survey of broadband plans."


@pytest.fixture
def world() -> World:
    world = make_world()
    world.meeting.is_published = True
    world.meeting.save(update_fields=["is_published"])
    world.session.access_level = "public"
    world.session.save(update_fields=["access_level"])
    return world


def _path(world: World) -> str:
    return f"/en/programmes/apec-tel/commitments/from-session/{world.session.pk}/"


def _data(**extra: str) -> dict[str, str]:
    data = {
        "decision": DECISION,
        "title_en": "Survey of broadband plans",
        "country": "VN",
        "partner_countries": ["RU"],
        "due_date": "2012-10-01",
        "status": "planned",
        "weight": "1",
    }
    data.update(extra)
    return data  # type: ignore[return-value]


def test_the_session_page_offers_the_button_to_the_secretariat_only(world: World) -> None:
    session_page = f"/en/events/{world.meeting.slug}/sessions/{world.session.slug}/"
    for role, user in world.roles().items():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(session_page)
        assert response.status_code == 200, role
        shown = f'href="{_path(world)}"' in response.content.decode()
        assert shown is (role in {"admin", "secretariat"}), role


def test_secretariat_confirms_then_the_commitment_is_recorded_from_the_session(world: World) -> None:
    itu = OrganisationFactory.create(name={"en": "International Telecommunication Union"})
    client = Client()
    client.force_login(world.secretariat)
    assert client.get(_path(world)).status_code == 200
    checking = client.post(_path(world), _data(partner_organisations=str(itu.pk)))
    assert checking.status_code == 200
    page = checking.content.decode()
    assert "Check and confirm" in page
    assert "<dd>Viet Nam</dd>" in page
    assert "<dd>Russia, International Telecommunication Union</dd>" in page
    assert DECISION in page
    assert not Commitment.objects.exists()  # nothing before "Confirm"

    changing = client.post(_path(world), {**_data(), "change": "1"})
    assert "Check and confirm" not in changing.content.decode()
    assert not Commitment.objects.exists()

    saved = client.post(_path(world), {**_data(partner_organisations=str(itu.pk)), "confirm": "yes"})
    commitment = Commitment.objects.get()
    assert saved["Location"] == f"/en/programmes/apec-tel/commitments/{commitment.pk}/"
    assert (commitment.origin, commitment.session, commitment.country) == ("session", world.session, "VN")
    assert commitment.description.data == {"en": DECISION}
    partners = {(str(partner.country), partner.organisation) for partner in commitment.partners.all()}
    assert partners == {("RU", None), ("", itu)}
    detail = client.get(saved["Location"]).content.decode()
    assert "A decision in a session" in detail
    assert f'href="/en/events/{world.meeting.slug}/sessions/{world.session.slug}/"' in detail


def test_invalid_input_is_refused_before_the_confirmation(world: World) -> None:
    client = Client()
    client.force_login(world.secretariat)
    for data, message in [
        (_data(decision=""), "This field is required."),
        (_data(title_en=""), "Give the commitment a title."),
        (_data(country=""), "Choose the owner: a country or economy, or an organisation."),
    ]:
        response = client.post(_path(world), {**data, "confirm": "yes"})
        assert response.status_code == 422
        assert message in response.content.decode()
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("role", ["member", "participant", "outsider"])
def test_no_one_but_the_secretariat_records_a_decision(world: World, role: str) -> None:
    client = Client()
    client.force_login(world.roles()[role])  # type: ignore[arg-type]
    assert client.get(_path(world)).status_code == 404
    assert client.post(_path(world), {**_data(), "confirm": "yes"}).status_code == 404
    assert Client().post(_path(world), {**_data(), "confirm": "yes"}).status_code == 302  # to the sign-in page
    assert not Commitment.objects.exists()


def test_a_session_of_another_meeting_is_refused(world: World) -> None:
    elsewhere = SessionFactory.create(event=EventFactory.create(slug="elsewhere"))
    client = Client()
    client.force_login(world.secretariat)
    path = f"/en/programmes/apec-tel/commitments/from-session/{elsewhere.pk}/"
    assert client.post(path, {**_data(), "confirm": "yes"}).status_code == 404
    with pytest.raises(ValidationError) as refused:
        commitments.create_commitment(
            programme=world.programme, by=world.secretariat, title={"en": "X"}, country="VN", session=elsewhere
        )
    assert refused.value.message_dict["session"] == ["This session is not part of one of the programme's meetings."]
    assert not Commitment.objects.exists()
