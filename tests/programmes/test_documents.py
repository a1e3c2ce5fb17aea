"""Document numbering (patterns, races), uploads checked by content, revisions, private storage."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client, override_settings

from pavilion.programmes import services
from pavilion.programmes.models import Document, DocumentCounter, DocumentFile
from tests.programmes.factories import ProgrammeFactory, World, add_meeting, make_world
from tests.programmes.files import docx_file, macro_docx, odt_file, other_zip, pdf_file, pptx_file, xlsx_file


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def _upload(world: World, **extra: object) -> Document:
    arguments: dict[str, object] = {
        "programme": world.programme,
        "by": world.secretariat,
        "title": {"en": "Report of the LSG"},
        "kind": "report",
        "meeting": world.meeting,
        "group": "LSG",
        "files": {"en": pdf_file()},
    }
    arguments.update(extra)
    return services.upload_document(**arguments)  # type: ignore[arg-type]


def test_apec_numbers_count_per_meeting_and_group(world: World) -> None:
    numbers = [_upload(world, group=group).number for group in ["LSG", "LSG", "SPSG", "", "lsg"]]
    assert numbers == [
        "2012/TEL45/LSG/001",
        "2012/TEL45/LSG/002",
        "2012/TEL45/SPSG/001",
        "2012/TEL45/PLEN/001",
        "2012/TEL45/LSG/003",
    ]


def test_itu_pattern_numbers_by_series(world: World) -> None:
    programme = ProgrammeFactory.create(number_pattern="{series} {seq}")
    programme.secretariat.add(world.secretariat)
    add_meeting(programme, world.meeting, "TKM1")
    made = [_upload(world, programme=programme, series=series, group="").number for series in ["TD", "TD", "C", "TD"]]
    assert made == ["TD 1", "TD 2", "C 1", "TD 3"]


def test_bad_number_pattern_is_refused(world: World) -> None:
    for pattern in ["{year}/{group}", "{seq}{seq}", "{seq}/{colour}", "{seq:q}"]:
        with pytest.raises(ValidationError) as refused:
            services.create_programme(by=world.admin, slug="x", name={"en": "X"}, number_pattern=pattern)
        assert "number_pattern" in refused.value.message_dict, pattern


def test_every_accepted_format_is_stored_privately(world: World) -> None:
    files = {"en": pdf_file(), "ru": docx_file(), "fr": odt_file(), "es": xlsx_file(), "zh-hans": pptx_file()}
    document = _upload(world, files=files)
    stored = {item.language: item.file_format for item in document.files.all()}
    assert stored == {"en": "pdf", "ru": "docx", "fr": "odt", "es": "xlsx", "zh-hans": "pptx"}
    for item in document.files.all():
        path = Path(item.file.path)
        assert path.is_relative_to(Path(settings.PAVILION_DOCUMENTS_ROOT))
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("picture.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        SimpleUploadedFile("page.docx", b"<html><script>alert(1)</script></html>"),
        other_zip(),
        macro_docx(),
        SimpleUploadedFile("fake.pdf", b"%PDF-1.4\nnot really a pdf\n%%EOF\n"),
        SimpleUploadedFile("empty.pdf", b""),
    ],
    ids=["png-renamed", "html-renamed", "other-zip", "macros", "broken-pdf", "empty"],
)
def test_refused_upload_stores_nothing_and_uses_no_number(world: World, upload: SimpleUploadedFile) -> None:
    with pytest.raises(ValidationError) as refused:
        _upload(world, files={"en": pdf_file(), "ru": upload})
    assert list(refused.value.message_dict) == ["file_ru"]
    assert Document.objects.count() == 0
    assert DocumentFile.objects.count() == 0
    assert _upload(world).number == "2012/TEL45/LSG/001"


def test_too_large_file_is_refused(world: World) -> None:
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="too large"):
        _upload(world, files={"en": big})
    assert not Document.objects.exists()


def test_only_the_secretariat_uploads(world: World) -> None:
    for user in [world.member, world.participant, world.outsider]:
        with pytest.raises(PermissionDenied):
            _upload(world, by=user)
    assert not Document.objects.exists()


def test_revisions_addenda_and_corrigenda_are_numbered_with_history(world: World) -> None:
    original = _upload(world, access="members")
    rev1 = services.revise_document(
        original=original, by=world.secretariat, revision_kind="rev", files={"en": pdf_file()}
    )
    rev2 = services.revise_document(
        original=original, by=world.secretariat, revision_kind="rev", files={"en": pdf_file()}
    )
    add1 = services.revise_document(
        original=original, by=world.secretariat, revision_kind="add", files={"fr": pdf_file()}
    )
    corr1 = services.revise_document(
        original=original,
        by=world.secretariat,
        revision_kind="corr",
        files={"en": docx_file()},
        title={"en": "Corrected"},
    )
    assert [rev1.number, rev2.number, add1.number, corr1.number] == [
        "2012/TEL45/LSG/001 Rev.1",
        "2012/TEL45/LSG/001 Rev.2",
        "2012/TEL45/LSG/001 Add.1",
        "2012/TEL45/LSG/001 Corr.1",
    ]
    rev1.refresh_from_db()
    corr1.refresh_from_db()
    assert (rev1.access, rev1.group, str(rev1.title), str(corr1.title)) == (
        "members",
        "LSG",
        "Report of the LSG",
        "Corrected",
    )
    assert services.document_history(rev2) == [original, rev1, rev2, add1, corr1]
    with pytest.raises(ValidationError):
        services.revise_document(original=rev1, by=world.secretariat, revision_kind="rev", files={"en": pdf_file()})


def test_a_language_is_added_once_under_the_same_number(world: World) -> None:
    document = _upload(world)
    services.add_document_file(document=document, by=world.secretariat, language="ru", upload=docx_file())
    with pytest.raises(ValidationError):
        services.add_document_file(document=document, by=world.secretariat, language="ru", upload=pdf_file())
    assert sorted(document.files.values_list("language", flat=True)) == ["en", "ru"]


def test_download_streams_or_hands_over_to_the_proxy(world: World) -> None:
    document = _upload(world, files={"ru": docx_file()})
    client = Client()
    streamed = client.get(f"/en/programmes/apec-tel/documents/{document.pk}/files/ru/")
    assert streamed["Content-Disposition"] == 'attachment; filename="2012-TEL45-LSG-001-ru.docx"'
    assert streamed["Cache-Control"] == "private, no-store"
    assert b"".join(streamed.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]
    with override_settings(PAVILION_DOCUMENTS_ACCEL_PREFIX="/internal-documents/"):
        handed = client.get(f"/en/programmes/apec-tel/documents/{document.pk}/files/ru/")
    stored = document.files.get().file.name
    assert handed["X-Accel-Redirect"] == f"/internal-documents/{stored}"
    assert handed.content == b""
    assert client.get(f"/en/programmes/apec-tel/documents/{document.pk}/files/fr/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_get_different_numbers_on_postgresql() -> None:
    """Two threads (two database connections) number documents under the same prefix at the same time."""
    if connection.vendor != "postgresql":
        # The CI's second pass runs the suite on SQLite, whose writers take turns by design.
        pytest.skip("two writers at the same instant need PostgreSQL (CI's first pass runs this)")
    world = make_world()
    barrier = threading.Barrier(2)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def upload() -> None:
        try:
            barrier.wait(timeout=10)
            for _round in range(5):
                numbers.append(_upload(world).number)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == [f"2012/TEL45/LSG/{seq:03}" for seq in range(1, 11)]
    assert DocumentCounter.objects.get(programme=world.programme).last == 10
