"""Meeting-document uploads, checked by their content before anything is stored.

PDF goes through core/uploads.py's structural check. The office formats are ZIP packages, checked
by what the package holds, not by the file's name:

- DOCX, XLSX, PPTX (Office Open XML): ``[Content_Types].xml`` and the main part
  (``word/document.xml``, ``xl/workbook.xml``, ``ppt/presentation.xml``);
- ODT (OpenDocument): a first entry named ``mimetype`` holding
  ``application/vnd.oasis.opendocument.text``, and ``content.xml``.

A renamed picture, an HTML page, a ZIP of anything else or a macro-enabled package (``vbaProject.bin``)
is refused. Nothing is decompressed beyond the few bytes of ``mimetype``.
"""

from __future__ import annotations

import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from pavilion.core.uploads import checked_pdf

#: The largest document file accepted (a long report with pictures fits).
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

_OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _package_format(upload: File) -> str | None:
    """The office format of a ZIP package, or None when it is not one we accept."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
            if "word/vbaProject.bin" in names or any(name.endswith("vbaProject.bin") for name in names):
                return None
            if "[Content_Types].xml" in names:
                for file_format, part in _OOXML_PARTS.items():
                    if part in names:
                        return file_format
                return None
            infos = package.infolist()
            first = infos[0] if infos else None
            if first is not None and first.filename == "mimetype" and "content.xml" in names and first.file_size < 100:
                return "odt" if package.read("mimetype").strip() == _ODT_MIMETYPE else None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return None
    return None


def checked_document(upload: File, *, field: str) -> tuple[ContentFile[bytes], str]:
    """The upload's bytes under a new random name and its format ("pdf", "docx" …), or a ValidationError."""
    size = upload.size if upload.size is not None else 0
    if size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {field: _("This file is too large (at most %(limit)s).") % {"limit": filesizeformat(DOCUMENT_MAX_BYTES)}}
        )
    if size == 0:
        raise ValidationError({field: _("This file is empty.")})
    upload.seek(0)
    head = bytes(upload.read(5))
    if head.startswith(b"%PDF-"):
        return checked_pdf(upload, field=field), "pdf"
    if head.startswith(b"PK\x03\x04"):
        file_format = _package_format(upload)
        if file_format is not None:
            upload.seek(0)
            data = upload.read()
            return ContentFile(bytes(data), name=f"{uuid.uuid4().hex}.{file_format}"), file_format
    raise ValidationError({field: _("Upload a PDF, DOCX, ODT, XLSX or PPTX file.")})
