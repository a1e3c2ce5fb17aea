"""Statements written on their own page (secretariat; a meeting's organisers for their meeting), in the
platform's languages, and linked to the turn on the floor during which they were delivered."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from pavilion.accounts.models import User
from pavilion.floor.models import FloorRequest
from pavilion.programmes.floor_turns import floor_turns
from pavilion.programmes.models import Statement
from pavilion.programmes.statements import StatementFields, save_statement
from tests.factories import EventFactory, SessionFactory, UserFactory
from tests.programmes.factories import World, add_meeting, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def _organiser(world: World) -> User:
    organiser = UserFactory.create()
    world.meeting.organising_team.add(organiser)
    return organiser


def _turn(world: World, *, given: bool = True) -> FloorRequest:
    return FloorRequest.objects.create(
        session=world.session,
        user=world.member,
        country="VN",
        function="delegate",
        status="done" if given else "waiting",
        started_at=datetime(2012, 4, 17, 9, 30, tzinfo=UTC) if given else None,
    )


def _fields(**extra: object) -> StatementFields:
    values: dict[str, object] = {
        "slug": "viet-nam-lsg",
        "title": {"en": "Statement of Viet Nam", "fr": "Déclaration du Viet Nam"},
        "text": {"en": "Viet Nam supports the work plan.", "fr": "Le Viet Nam soutient le plan de travail."},
        "author": "Nguyen Van An",
        "occasion": "LSG meeting",
        "delivered_on": date(2012, 4, 17),
    }
    values.update(extra)
    return StatementFields(**values)  # type: ignore[arg-type]


def _form(**extra: str) -> dict[str, str]:
    data = {
        "slug": "viet-nam-lsg",
        "author": "Nguyen Van An",
        "occasion": "LSG meeting",
        "delivered_on": "2012-04-17",
        "title_en": "Statement of Viet Nam",
        "text_en": "Viet Nam supports the work plan.",
        "title_zh-hans": "越南的发言",
        "text_zh-hans": "越南支持工作计划。",
    }
    data.update(extra)
    return data


def test_secretariat_writes_a_statement_in_two_languages_linked_to_its_turn(world: World) -> None:
    turn = _turn(world)
    client = Client()
    client.force_login(world.secretariat)
    form = client.get("/en/programmes/apec-tel/statements/new/")
    assert form.status_code == 200
    page = form.content.decode()
    assert '<fieldset lang="ar" class="language-version">' in page  # a version per platform language
    assert f'<option value="{turn.pk}">' in page

    response = client.post(
        "/en/programmes/apec-tel/statements/new/",
        _form(meeting=str(world.meeting.pk), session=str(world.session.pk), floor_turn=str(turn.pk), is_official="on"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/programmes/apec-tel/statements/viet-nam-lsg/"
    statement = Statement.objects.get(slug="viet-nam-lsg")
    assert statement.title.data == {"en": "Statement of Viet Nam", "zh-hans": "越南的发言"}
    assert statement.text.data == {"en": "Viet Nam supports the work plan.", "zh-hans": "越南支持工作计划。"}
    assert (statement.meeting, statement.session, statement.floor_turn_id) == (world.meeting, world.session, turn.pk)
    assert statement.is_official is True

    shown = Client().get("/zh-hans/programmes/apec-tel/statements/viet-nam-lsg/").content.decode()
    assert "越南支持工作计划。" in shown
    delivery = Client().get("/en/programmes/apec-tel/statements/viet-nam-lsg/").content.decode()
    speaker = f"{world.member.full_name} (Viet Nam)"
    assert f"during the turn on the floor of {speaker}" in delivery
    assert ">2012-04-17 09:30 UTC</time>" in delivery
    world.meeting.is_published = True
    world.meeting.save(update_fields=["is_published"])
    world.session.access_level = "public"
    world.session.save(update_fields=["access_level"])
    session_page = Client().get(f"/en/events/tel45/sessions/{world.session.slug}/").content.decode()
    assert (
        '<a href="/en/programmes/apec-tel/statements/viet-nam-lsg/">Statement of Viet Nam</a> — Nguyen Van An'
        ' <span class="meta">(during a turn on the floor)</span>'
    ) in session_page
    archive = Client().get("/en/programmes/apec-tel/statements/").content.decode()
    assert 'href="/en/programmes/apec-tel/statements/viet-nam-lsg/"' in archive
    assert "Add a statement" not in archive  # anonymous visitors write nothing


def test_a_version_needs_its_title_and_its_text_and_nothing_is_saved_otherwise(world: World) -> None:
    client = Client()
    client.force_login(world.secretariat)
    response = client.post("/en/programmes/apec-tel/statements/new/", _form(**{"title_ru": "Заявление"}))
    assert response.status_code == 422
    assert "Give the Russian version its text." in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        save_statement(programme=world.programme, by=world.secretariat, fields=_fields(title={}, text={}))
    assert refused.value.message_dict["text"] == ["Write the text of the statement in at least one language."]
    assert not Statement.objects.exists()


def test_the_turn_must_have_been_given_in_the_statements_session(world: World) -> None:
    waiting = _turn(world, given=False)
    other_session = SessionFactory.create(event=world.meeting, slug="dsg")
    given = _turn(world)
    assert [turn.id for turn in floor_turns([world.session])] == [given.pk]
    for session, turn_id, message in [
        (world.session, waiting.pk, "No one was given the floor in this session with that turn."),
        (other_session, given.pk, "No one was given the floor in this session with that turn."),
        (None, given.pk, "Choose the session of the turn on the floor."),
    ]:
        with pytest.raises(ValidationError) as refused:
            save_statement(
                programme=world.programme,
                by=world.secretariat,
                fields=_fields(session=session, floor_turn_id=turn_id),
            )
        assert refused.value.message_dict["floor_turn"] == [message]
    elsewhere = SessionFactory.create(event=EventFactory.create(slug="elsewhere"))
    with pytest.raises(ValidationError) as refused:
        save_statement(programme=world.programme, by=world.secretariat, fields=_fields(session=elsewhere))
    assert refused.value.message_dict["meeting"] == ["This event is not one of the programme's meetings."]
    assert not Statement.objects.exists()


def test_organisers_write_their_meetings_statements_only_and_never_official(world: World) -> None:
    organiser = _organiser(world)
    statement = save_statement(
        programme=world.programme, by=organiser, fields=_fields(meeting=world.meeting, session=world.session)
    )
    assert statement.meeting == world.meeting
    with pytest.raises(ValidationError) as refused:
        save_statement(programme=world.programme, by=organiser, fields=_fields(slug="world-day"))
    assert refused.value.message_dict["meeting"] == ["Choose one of the meetings you organise."]
    with pytest.raises(ValidationError) as refused:
        save_statement(
            programme=world.programme,
            by=organiser,
            fields=_fields(slug="other", meeting=world.meeting, is_official=True),
        )
    assert refused.value.message_dict["is_official"] == ["Only the secretariat marks a statement official."]
    # A statement of another meeting of the programme: neither its page nor the service lets them change it.
    tel46 = EventFactory.create(slug="tel46")
    add_meeting(world.programme, tel46, "TEL46")
    theirs = save_statement(
        programme=world.programme, by=world.secretariat, fields=_fields(slug="tel46-opening", meeting=tel46)
    )
    client = Client()
    client.force_login(organiser)
    assert client.get("/en/programmes/apec-tel/statements/tel46-opening/edit/").status_code == 404
    assert client.get("/en/programmes/apec-tel/statements/viet-nam-lsg/edit/").status_code == 200
    assert "is_official" not in client.get("/en/programmes/apec-tel/statements/new/").content.decode()
    with pytest.raises(PermissionDenied):
        save_statement(
            programme=world.programme,
            by=organiser,
            fields=_fields(slug="tel46-opening", meeting=world.meeting),
            statement=theirs,
        )
    assert Statement.objects.get(pk=theirs.pk).meeting == tel46


@pytest.mark.parametrize("role", ["member", "participant", "outsider", "anonymous"])
def test_no_one_else_writes_or_changes_statements(world: World, role: str) -> None:
    statement = save_statement(programme=world.programme, by=world.secretariat, fields=_fields())
    user = world.roles()[role]
    client = Client()
    if user is not None:
        client.force_login(user)
        with pytest.raises(PermissionDenied):
            save_statement(programme=world.programme, by=user, fields=_fields(slug="mine"))
    for path in ["/en/programmes/apec-tel/statements/new/", "/en/programmes/apec-tel/statements/viet-nam-lsg/edit/"]:
        response = client.get(path)
        assert response.status_code == (302 if user is None else 404)
        response = client.post(path, _form(slug="mine"))
        assert response.status_code == (302 if user is None else 404)
    page = client.get("/en/programmes/apec-tel/statements/viet-nam-lsg/").content.decode()
    assert "/edit/" not in page
    assert list(Statement.objects.values_list("slug", flat=True)) == [statement.slug]


def test_secretariat_changes_a_statement_keeping_the_other_versions(world: World) -> None:
    save_statement(programme=world.programme, by=world.secretariat, fields=_fields())
    client = Client()
    client.force_login(world.secretariat)
    form = client.get("/en/programmes/apec-tel/statements/viet-nam-lsg/edit/").content.decode()
    assert "Déclaration du Viet Nam" in form  # the stored versions fill the form
    data = _form(slug="viet-nam-lsg", title_fr="Déclaration du Viet Nam", text_fr="Le Viet Nam soutient le plan.")
    response = client.post("/en/programmes/apec-tel/statements/viet-nam-lsg/edit/", data)
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.text.data == {
        "en": "Viet Nam supports the work plan.",
        "fr": "Le Viet Nam soutient le plan.",
        "zh-hans": "越南支持工作计划。",
    }
    duplicate = save_statement(programme=world.programme, by=world.secretariat, fields=_fields(slug="second"))
    with pytest.raises(ValidationError) as refused:
        save_statement(
            programme=world.programme, by=world.secretariat, fields=_fields(slug="viet-nam-lsg"), statement=duplicate
        )
    assert refused.value.message_dict["slug"] == ["Another statement of the programme has this short name."]
    with pytest.raises(ValidationError) as refused:
        save_statement(programme=world.programme, by=world.secretariat, fields=_fields(slug="new"))
    assert refused.value.message_dict["slug"] == ["Choose another short name for links."]
