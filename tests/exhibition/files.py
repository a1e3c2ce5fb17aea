"""Files for upload tests: real pictures and PDFs made here, and the fakes that must be refused."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png(name: str = "logo.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", size, (10, 90, 160)).save(output, format="PNG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def minimal_pdf() -> bytes:
    """A one-page PDF whose cross-reference table is where its trailer says."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf(name: str = "brochure.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def text_as(name: str) -> SimpleUploadedFile:
    """A text file renamed to look like a picture or a PDF."""
    return SimpleUploadedFile(name, b"just some text, not a picture\n" * 10, content_type="image/png")


SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">
  <script>alert(document.cookie)</script><rect width="10" height="10"/>
</svg>"""


def svg_with_script(name: str = "logo.svg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SVG_WITH_SCRIPT, content_type="image/svg+xml")


def oversized(name: str, limit: int) -> SimpleUploadedFile:
    """A file one byte over ``limit`` (its content does not matter: the size is refused first)."""
    return SimpleUploadedFile(name, b"\0" * (limit + 1), content_type="application/octet-stream")


#: A WebVTT file with two cues (the second with hours and a cue setting).
WEBVTT = (
    "WEBVTT\n\n00:00.000 --> 00:03.500\nBonjour et bienvenue.\n\n01:00:04.000 --> 01:00:08.000 align:start\nMerci.\n"
)


def vtt(text: str = WEBVTT, name: str = "fr.vtt") -> SimpleUploadedFile:
    """A captions file as a browser uploads it."""
    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


def stored_under(folder: str) -> set[Path]:
    """The files stored under ``folder`` of MEDIA_ROOT (e.g. "exhibition/captions")."""
    root = Path(settings.MEDIA_ROOT) / folder
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def refused_beside(response: Any, field_id: str, message: str) -> None:
    """The form came back (400) with ``message`` and the control ``field_id`` marked invalid."""
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    control = re.search(rf'<(input|select)[^>]*id="{field_id}"[^>]*>', page)
    assert control is not None
    assert 'aria-invalid="true"' in control.group(0)
