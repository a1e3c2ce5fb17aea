"""Files for upload tests: real pictures and PDFs made here, and the fakes that must be refused."""

from __future__ import annotations

import io

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
