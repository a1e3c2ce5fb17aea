"""Outcome drafting: states, amendments by delegations, the chair's recommendation, decisions, diffs,
the clean text with line numbers, exports, and who may see and do what."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from pavilion.programmes import outcomes
from pavilion.programmes.outcome_models import Amendment, OutcomeText
from tests.factories import RegistrationFactory
from tests.programmes.factories import World, make_world

pytestmark = pytest.mark.django_db

TEXT = [
    {"en": "We, the Ministers, met in St Petersburg.", "ru": "Мы, министры, встретились в Санкт-Петербурге."},
    {"en": "We welcome broadband for all."},
    {"en": "We instruct the TEL to report."},
]


@pytest.fixture
def world() -> World:
    return make_world()


def _declaration(world: World, **extra: object) -> OutcomeText:
    arguments: dict[str, object] = {
        "programme": world.programme,
        "by": world.secretariat,
        "slug": "telmin9",
        "title": {"en": "Draft TELMIN9 declaration"},
        "paragraphs": TEXT,
        "meeting": world.meeting,
        "drafting_session": world.session,
    }
    arguments.update(extra)
    return outcomes.create_outcome(**arguments)  # type: ignore[arg-type]


def _texts(outcome: OutcomeText) -> list[tuple[int, str]]:
    return [
        (number, outcomes.paragraph_text(paragraph, "en"))
        for number, paragraph in outcomes.numbered_paragraphs(outcome)
    ]


def test_word_diff_marks_removed_and_added_words_and_escapes() -> None:
    diff = outcomes.word_diff("We welcome broadband <b>for all</b>.", "We strongly welcome broadband for everyone.")
    assert str(diff) == (
        "We<ins> strongly</ins> welcome broadband <del>&lt;b&gt;for</del><ins>for</ins> "
        "<del>all&lt;/b&gt;.</del><ins>everyone.</ins>"
    )


def test_negotiation_with_two_delegations_then_adoption(world: World) -> None:
    russia = RegistrationFactory.create(event=world.meeting, country="RU").user
    declaration = _declaration(world)
    paragraphs = [paragraph for _number, paragraph in outcomes.numbered_paragraphs(declaration)]
    with pytest.raises(ValidationError):  # not open for amendments while a draft
        outcomes.propose_amendment(paragraph=paragraphs[1], by=world.member, action="delete", reason="Too vague")
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)

    replace = outcomes.propose_amendment(
        paragraph=paragraphs[1],
        by=world.member,
        action="replace",
        text="We welcome affordable broadband for all.",
        reason="Affordability",
    )
    insert = outcomes.propose_amendment(
        paragraph=paragraphs[0],
        by=russia,
        action="insert_after",
        text="We thank the Russian Federation.",
        reason="Host",
    )
    delete = outcomes.propose_amendment(paragraph=paragraphs[2], by=russia, action="delete", reason="Redundant")
    assert (replace.delegation_name, insert.delegation_name) == ("Viet Nam", "Russia")
    outcomes.recommend(amendment=replace, by=world.secretariat, recommendation="accept", note="Consensus")
    with pytest.raises(ValidationError, match="Decide every pending amendment"):
        outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    for amendment, decision in [(replace, "accepted"), (insert, "accepted"), (delete, "rejected")]:
        outcomes.decide(amendment=amendment, by=world.secretariat, decision=decision)
    with pytest.raises(ValidationError):
        outcomes.decide(amendment=replace, by=world.secretariat, decision="rejected")

    adopted = outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    assert adopted.state == "adopted"
    assert _texts(declaration) == [
        (1, "We, the Ministers, met in St Petersburg."),
        (2, "We thank the Russian Federation."),
        (3, "We welcome affordable broadband for all."),
        (4, "We instruct the TEL to report."),
    ]
    assert outcomes.paragraph_text(paragraphs[0], "ru") == "Мы, министры, встретились в Санкт-Петербурге."
    assert [line[:2] for line in outcomes.numbered_lines(declaration, "en", width=30)] == [
        (1, 1),
        (2, None),
        (3, 2),
        (4, None),
        (5, 3),
        (6, None),
        (7, 4),
    ]
    with pytest.raises(ValidationError):  # an adopted text takes no more amendments
        outcomes.propose_amendment(paragraph=paragraphs[0], by=world.member, action="delete", reason="Late")


def test_delete_amendment_removes_the_paragraph_and_renumbers(world: World) -> None:
    declaration = _declaration(world)
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    first = outcomes.numbered_paragraphs(declaration)[0][1]
    amendment = outcomes.propose_amendment(paragraph=first, by=world.member, action="delete", reason="Not needed")
    outcomes.decide(amendment=amendment, by=world.secretariat, decision="accepted")
    assert [number for number, _text in _texts(declaration)] == [1, 2]
    assert _texts(declaration)[0][1] == "We welcome broadband for all."


@pytest.mark.parametrize("role", ["participant", "outsider", "secretariat"])
def test_only_member_delegations_propose_amendments(world: World, role: str) -> None:
    declaration = _declaration(world)
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    paragraph = outcomes.numbered_paragraphs(declaration)[0][1]
    with pytest.raises(PermissionDenied):
        outcomes.propose_amendment(paragraph=paragraph, by=getattr(world, role), action="delete", reason="No")
    assert not Amendment.objects.exists()


def test_members_cannot_recommend_decide_or_advance(world: World) -> None:
    declaration = _declaration(world)
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    amendment = outcomes.propose_amendment(
        paragraph=outcomes.numbered_paragraphs(declaration)[0][1], by=world.member, action="delete", reason="No"
    )
    for attempt in [
        lambda: outcomes.recommend(amendment=amendment, by=world.member, recommendation="accept"),
        lambda: outcomes.decide(amendment=amendment, by=world.member, decision="accepted"),
        lambda: outcomes.advance_outcome(outcome=declaration, by=world.member),
    ]:
        with pytest.raises(PermissionDenied):
            attempt()
    amendment.refresh_from_db()
    declaration.refresh_from_db()
    assert (amendment.decision, amendment.recommendation, declaration.state) == ("pending", "", "negotiation")


VISIBLE = {
    # state: roles that see the text
    "draft": {"admin", "secretariat"},
    "negotiation": {"admin", "secretariat", "member", "participant"},
    "adopted": {"admin", "secretariat", "member", "participant"},
    "published": {"admin", "secretariat", "member", "participant", "outsider", "anonymous"},
}


def test_outcome_visibility_by_state_and_role_in_pages_and_exports(world: World) -> None:
    declaration = _declaration(world)
    for state in ["draft", "negotiation", "adopted", "published"]:
        if state != "draft":
            outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
        for role, user in world.roles().items():
            client = Client()
            if user is not None:
                client.force_login(user)
            expected = 200 if role in VISIBLE[state] else 404
            for path in ["", "text/", "export.docx"]:
                response = client.get(f"/en/programmes/apec-tel/outcomes/telmin9/{path}")
                assert response.status_code == expected, (state, role, path)
            listing = client.get("/en/programmes/apec-tel/outcomes/")
            assert (b"Draft TELMIN9 declaration" in listing.content) == (role in VISIBLE[state]), (state, role)


def test_pages_show_paragraphs_beside_amendments_and_post_without_javascript(world: World) -> None:
    declaration = _declaration(world)
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    paragraph = outcomes.numbered_paragraphs(declaration)[1][1]
    member = Client()
    member.force_login(world.member)
    response = member.post(
        "/en/programmes/apec-tel/outcomes/telmin9/propose/",
        {
            "paragraph": paragraph.pk,
            "action": "replace",
            "text": "We welcome affordable broadband for all.",
            "reason": "Cost",
        },
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    page = member.get("/en/programmes/apec-tel/outcomes/telmin9/").content.decode()
    assert "We welcome<ins> affordable</ins> broadband for all." in page
    assert "Reason: Cost" in page
    assert "Recommend accepting" not in page  # the member does not decide
    empty = member.post(
        "/en/programmes/apec-tel/outcomes/telmin9/propose/",
        {"paragraph": paragraph.pk, "action": "replace", "text": ""},
    )
    assert empty.status_code == 303
    assert Amendment.objects.count() == 1
    secretariat = Client()
    secretariat.force_login(world.secretariat)
    assert "Recommend accepting" in secretariat.get("/en/programmes/apec-tel/outcomes/telmin9/").content.decode()
    secretariat.post(
        "/en/programmes/apec-tel/outcomes/telmin9/decide/", {"amendment": amendment.pk, "decision": "accepted"}
    )
    secretariat.post("/en/programmes/apec-tel/outcomes/telmin9/advance/")
    text = secretariat.get("/en/programmes/apec-tel/outcomes/telmin9/text/").content.decode()
    assert (
        '<td class="line-number">2</td><td class="paragraph-number">2.</td>'
        "<td>We welcome affordable broadband for all.</td>" in text
    )


def test_exports_are_real_docx_and_pdf(world: World) -> None:
    _declaration(world)
    client = Client()
    client.force_login(world.secretariat)
    response = client.get("/en/programmes/apec-tel/outcomes/telmin9/export.docx?lang=ru")
    assert response["Content-Disposition"] == 'attachment; filename="telmin9-ru.docx"'
    document = docx.Document(io.BytesIO(response.content))
    assert [paragraph.text for paragraph in document.paragraphs][2:] == [
        "1. Мы, министры, встретились в Санкт-Петербурге.",
        "2. We welcome broadband for all.",
        "3. We instruct the TEL to report.",
    ]
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    pdf = client.get("/en/programmes/apec-tel/outcomes/telmin9/export.pdf?lang=en")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_secretariat_sets_language_versions_and_translates_the_adopted_text_without_changing_it(
    world: World,
) -> None:
    declaration = _declaration(world)
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    second = declaration.paragraphs.get(position=2)
    client = Client()
    client.force_login(world.secretariat)
    page = client.get("/en/programmes/apec-tel/outcomes/telmin9/").content.decode()
    assert "Language versions of paragraph 2" in page
    assert f'id="versions-{second.pk}-ar"' in page
    path = "/en/programmes/apec-tel/outcomes/telmin9/paragraph/"
    data = {
        "paragraph": second.pk,
        "text_en": "We welcome broadband for all.",
        "text_fr": "Nous saluons le haut débit.",
    }
    assert client.post(path, data).status_code == 302
    second.refresh_from_db()
    assert second.text.data == {"en": "We welcome broadband for all.", "fr": "Nous saluons le haut débit."}

    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)  # adopted
    client.post(path, {**data, "text_es": "Acogemos con beneplácito la banda ancha para todos."})
    second.refresh_from_db()
    assert second.text.data["es"] == "Acogemos con beneplácito la banda ancha para todos."
    page = client.get("/en/programmes/apec-tel/outcomes/telmin9/text/?lang=es").content.decode()
    assert "Acogemos con beneplácito la banda ancha para todos." in page
    with pytest.raises(ValidationError) as refused:
        outcomes.set_paragraph_text(paragraph=second, by=world.secretariat, text={"en": "We welcome nothing."})
    assert refused.value.message_dict["text"] == ["An adopted text no longer changes in its negotiating language."]
    assert second.text.data["en"] == "We welcome broadband for all."
    member = Client()
    member.force_login(world.member)
    assert (
        "Language versions of paragraph" not in member.get("/en/programmes/apec-tel/outcomes/telmin9/").content.decode()
    )
    member.post(path, {**data, "text_fr": "Changé par un membre."})
    second.refresh_from_db()
    assert second.text.data["fr"] == "Nous saluons le haut débit."
    with pytest.raises(PermissionDenied):
        outcomes.set_paragraph_text(paragraph=second, by=world.member, text={"en": "We welcome broadband for all."})
