"""The programme access rules as a table: each role by each access class, through every door.

Doors: the document page, the file download, the programme register (listing and search), the
meeting register, the Atom feed, the session page's panel, the live snapshot, the JSON API.
"""

from __future__ import annotations

import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.programmes import services
from pavilion.programmes.live import documents_snapshot
from pavilion.programmes.models import Document
from tests.programmes.factories import World, make_world
from tests.programmes.files import docx_file, pdf_file

pytestmark = pytest.mark.django_db

CLASSES = ["public", "participants", "members", "secretariat", "listed"]

#: What each role may do with a document of each class: (sees the record, opens the file).
EXPECTED: dict[str, dict[str, tuple[bool, bool]]] = {
    "admin": dict.fromkeys(CLASSES, (True, True)),
    "secretariat": dict.fromkeys(CLASSES, (True, True)),
    "member": {
        "public": (True, True),
        "participants": (True, True),
        "members": (True, True),
        "secretariat": (False, False),
        "listed": (True, False),
    },
    "participant": {
        "public": (True, True),
        "participants": (True, True),
        "members": (False, False),
        "secretariat": (False, False),
        "listed": (True, False),
    },
    "outsider": {
        "public": (True, True),
        "participants": (False, False),
        "members": (False, False),
        "secretariat": (False, False),
        "listed": (True, False),
    },
    "anonymous": {
        "public": (True, True),
        "participants": (False, False),
        "members": (False, False),
        "secretariat": (False, False),
        "listed": (True, False),
    },
}


def _documents(world: World) -> dict[str, Document]:
    documents = {}
    for name in CLASSES:
        access = "secretariat" if name == "listed" else name
        documents[name] = services.upload_document(
            programme=world.programme,
            by=world.secretariat,
            title={"en": f"Paper {name}", "ru": f"Документ {name}"},
            kind="contribution",
            meeting=world.meeting,
            session=world.session,
            group="LSG",
            access=access,
            listed_publicly=name == "listed",
            files={"en": pdf_file()},
        )
    return documents


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.mark.parametrize("role", list(EXPECTED))
def test_documents_by_role_and_access_class_through_every_door(world: World, role: str) -> None:
    documents = _documents(world)
    user = world.roles()[role]
    client = _client(user)
    expected_listed = sorted(documents[name].number for name in CLASSES if EXPECTED[role][name][0])

    for name, document in documents.items():
        sees, opens = EXPECTED[role][name]
        page = client.get(f"/en/programmes/apec-tel/documents/{document.pk}/")
        assert page.status_code == (200 if sees else 404), (role, name, "page")
        download = client.get(f"/en/programmes/apec-tel/documents/{document.pk}/files/en/")
        assert download.status_code == (200 if opens else 404), (role, name, "download")
        if sees and not opens:
            assert b"The files are restricted" in page.content
            assert b"/files/en/" not in page.content

    register = client.get("/en/programmes/apec-tel/documents/?format=csv")
    listed = sorted(line.split(",")[0] for line in register.content.decode("utf-8-sig").splitlines()[1:])
    assert listed == expected_listed
    search = client.get("/en/programmes/apec-tel/documents/", {"q": "документ"})
    assert sorted(document.number for document in search.context["documents"]) == expected_listed
    meeting = client.get("/en/events/tel45/documents/?format=csv")
    assert (
        sorted(line.split(",")[0] for line in meeting.content.decode("utf-8-sig").splitlines()[1:]) == expected_listed
    )
    for path in ["/api/v1/programmes/apec-tel/documents/", "/api/v1/events/tel45/documents/"]:
        answer = client.get(path).json()
        assert sorted(record["number"] for record in answer) == expected_listed, (role, path)
        by_number = {record["number"]: record for record in answer}
        for name, document in documents.items():
            if document.number in by_number:
                url = by_number[document.number]["files"][0]["url"]
                assert (url is not None) == EXPECTED[role][name][1], (role, name, path)
    snapshot = documents_snapshot([user], world.session.pk)[0]
    assert sorted(record["number"] for record in snapshot) == expected_listed
    session_page = client.get("/en/events/tel45/sessions/lsg/")
    for name, document in documents.items():
        assert (document.number.encode() in session_page.content) == EXPECTED[role][name][0], (role, name, "panel")


def test_feed_carries_only_what_an_anonymous_visitor_sees(world: World) -> None:
    documents = _documents(world)
    client = _client(world.secretariat)  # a signed-in feed reader still gets the public feed
    feed = client.get("/en/programmes/apec-tel/documents/feed/").content.decode()
    for name, document in documents.items():
        assert (document.number in feed) == (name in {"public", "listed"}), name


def test_unpublished_programme_exists_only_for_its_secretariat(world: World) -> None:
    world.programme.is_published = False
    world.programme.save()
    for role, user in world.roles().items():
        status = _client(user).get("/en/programmes/apec-tel/").status_code
        assert status == (200 if role in {"admin", "secretariat"} else 404), role
        listing = _client(user).get("/en/programmes/")
        assert (b"apec-tel" in listing.content) == (role in {"admin", "secretariat"}), role


@pytest.mark.parametrize("role", ["member", "participant", "outsider", "anonymous"])
def test_only_the_secretariat_reaches_the_managing_pages(world: World, role: str) -> None:
    client = _client(world.roles()[role])
    for path in ["/en/programmes/apec-tel/manage/", "/en/programmes/apec-tel/documents/upload/"]:
        response = client.get(path)
        assert response.status_code in ({302} if role == "anonymous" else {404}), (role, path)
    assert _client(world.secretariat).get("/en/programmes/apec-tel/manage/").status_code == 200


def test_secretariat_uploads_in_three_languages_through_the_page(world: World) -> None:
    client = _client(world.secretariat)
    response = client.post(
        "/en/programmes/apec-tel/documents/upload/",
        {
            "kind": "contribution",
            "purpose": "action",
            "meeting": world.meeting.pk,
            "session": world.session.pk,
            "group": "DSG",
            "access": "members",
            "country": "VN",
            "title_en": "Broadband in Viet Nam",
            "title_ru": "Широкополосный доступ во Вьетнаме",
            "title_vi": "Băng rộng tại Việt Nam",
            "file_en": pdf_file(),
            "file_ru": pdf_file(),
            "file_vi": docx_file(),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/programmes/apec-tel/documents/{document.pk}/"
    assert (document.number, document.source_name, document.access) == ("2012/TEL45/DSG/001", "Viet Nam", "members")
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "ru", "vi"]
    # The content decides, not the name: a PDF named .exe is a PDF.
    renamed = client.post(
        "/en/programmes/apec-tel/documents/upload/",
        {
            "kind": "contribution",
            "purpose": "action",
            "access": "public",
            "title_en": "X",
            "file_en": pdf_file("a.exe"),
        },
    )
    assert renamed.status_code == 302
    refused = client.post(
        "/en/programmes/apec-tel/documents/upload/",
        {"kind": "contribution", "purpose": "action", "access": "public", "title_en": "X"},
    )
    assert refused.status_code == 422
    assert "Upload the document in at least one language." in refused.content.decode()
    assert Document.objects.count() == 2
