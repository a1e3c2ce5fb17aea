"""Uploads are checked by content; a refused upload changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pavilion.core.uploads import DOCUMENT_MAX_BYTES, IMAGE_MAX_BYTES
from pavilion.exhibition import services
from pavilion.exhibition.models import Booth, BoothDocument, BoothImage
from tests.exhibition.files import minimal_pdf, oversized, pdf, png, svg_with_script, text_as
from tests.factories import BoothFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "exhibition"
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def staffed() -> tuple[Booth, object]:
    staff = UserFactory.create()
    return BoothFactory.create(staff=[staff]), staff


def test_logo_is_reencoded_without_metadata(staffed: tuple[Booth, object]) -> None:
    booth, staff = staffed
    services.update_booth(booth=booth, by=staff, logo=png(size=(800, 600)))  # type: ignore[arg-type]
    booth.refresh_from_db()
    with Image.open(booth.logo.path) as image:
        assert (image.format, image.size) == ("JPEG", (512, 384))
        assert "exif" not in image.info


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: text_as("logo.png"), "Upload a JPEG, PNG, WebP or GIF picture."),
        (lambda: svg_with_script("logo.png"), "SVG pictures are not accepted (they can carry scripts): upload a PNG."),
        (lambda: svg_with_script("logo.svg"), "SVG pictures are not accepted (they can carry scripts): upload a PNG."),
        (lambda: oversized("logo.png", IMAGE_MAX_BYTES), "This file is too large (at most 5.0\xa0MB)."),
    ],
    ids=["fake-image", "svg-renamed", "svg-with-script", "oversized"],
)
def test_bad_logo_is_refused_and_nothing_changes(staffed: tuple[Booth, object], upload: object, message: str) -> None:
    booth, staff = staffed
    name = Booth.objects.get(pk=booth.pk).name.localize("en")
    before = _stored_files()
    with pytest.raises(ValidationError) as refused:
        services.update_booth(
            booth=booth,
            by=staff,  # type: ignore[arg-type]
            name={"en": "Renamed"},
            logo=upload(),  # type: ignore[operator]
        )
    assert refused.value.message_dict == {"logo": [message]}
    fresh = Booth.objects.get(pk=booth.pk)
    assert (fresh.name.localize("en"), fresh.logo.name) == (name, "")
    assert _stored_files() == before


def test_gallery_picture_refused_when_fake(staffed: tuple[Booth, object]) -> None:
    booth, staff = staffed
    with pytest.raises(ValidationError):
        services.add_booth_image(booth=booth, by=staff, image=text_as("photo.jpg"), alt={"en": "A"})  # type: ignore[arg-type]
    assert BoothImage.objects.count() == 0
    item = services.add_booth_image(booth=booth, by=staff, image=png(), alt={"en": "Our stand"})  # type: ignore[arg-type]
    assert (item.width, item.height) == (40, 30)


def test_pdf_document_is_accepted() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff])
    document = services.add_booth_document(booth=booth, by=staff, file=pdf(), title={"en": "Brochure"})
    assert document.size == len(minimal_pdf())
    assert str(document.file.name).endswith(".pdf")


@pytest.mark.parametrize(
    "upload",
    [
        lambda: text_as("brochure.pdf"),
        lambda: png("brochure.pdf"),
        lambda: SimpleUploadedFile("brochure.pdf", b"%PDF-1.4\nnot really a pdf\n%%EOF\n"),
        lambda: SimpleUploadedFile("brochure.pdf", minimal_pdf().replace(b"startxref\n", b"startxref\n1")),
        lambda: oversized("brochure.pdf", DOCUMENT_MAX_BYTES),
    ],
    ids=["text", "picture", "signature-only", "wrong-xref", "oversized"],
)
def test_non_pdf_document_is_refused_and_nothing_changes(upload: object) -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(staff=[staff])
    before = _stored_files()
    with pytest.raises(ValidationError) as refused:
        services.add_booth_document(booth=booth, by=staff, file=upload(), title={"en": "Brochure"})  # type: ignore[operator]
    assert list(refused.value.message_dict) == ["file"]
    assert BoothDocument.objects.count() == 0
    assert _stored_files() == before


def test_spec_sheet_must_be_a_pdf() -> None:
    staff = UserFactory.create()
    product = ProductFactory.create(booth=BoothFactory.create(staff=[staff]))
    with pytest.raises(ValidationError) as refused:
        services.save_product(booth=product.booth, by=staff, product=product, spec_sheet=png("spec.pdf"))
    assert list(refused.value.message_dict) == ["spec_sheet"]
    product.refresh_from_db()
    assert product.spec_sheet.name == ""
    services.save_product(booth=product.booth, by=staff, product=product, spec_sheet=pdf("spec.pdf"))
    product.refresh_from_db()
    assert product.spec_sheet.name.endswith(".pdf")
