"""Real document files of each accepted format, made by the libraries that write them."""

from __future__ import annotations

import io
import zipfile

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.exhibition.files import minimal_pdf


def pdf_file(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def docx_file(name: str = "document.docx", text: str = "Draft") -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def xlsx_file(name: str = "budget.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active["A1"] = "Budget"
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            package.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return output.getvalue()


def odt_file(name: str = "document.odt") -> SimpleUploadedFile:
    data = _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<?xml version='1.0'?><office:document-content/>"),
            ("META-INF/manifest.xml", b"<?xml version='1.0'?><manifest:manifest/>"),
        ],
        stored_first=True,
    )
    return SimpleUploadedFile(name, data)


def pptx_file(name: str = "slides.pptx") -> SimpleUploadedFile:
    data = _zip([("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p:presentation/>")])
    return SimpleUploadedFile(name, data)


def other_zip(name: str = "document.docx") -> SimpleUploadedFile:
    """A ZIP archive of something else, named like a DOCX."""
    return SimpleUploadedFile(name, _zip([("readme.txt", b"hello")]))


def macro_docx(name: str = "document.docx") -> SimpleUploadedFile:
    data = _zip(
        [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>"), ("word/vbaProject.bin", b"x")]
    )
    return SimpleUploadedFile(name, data)
