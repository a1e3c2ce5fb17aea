"""Uploaded files, checked by their content before anything is stored.

Pictures are decoded and written again: only pixels survive (no metadata, no payload hidden after
the image data, no script: SVG is refused), at most ``max_side`` pixels a side. A picture's size is
read from its header before any pixel is decoded, and one over ``IMAGE_MAX_PIXELS`` is refused: a
few hundred KB of PNG can otherwise declare 13,000 x 13,000 pixels and take over a gigabyte to
decode. JPEG is decoded at a reduced scale straight away (``draft``) when only a thumbnail is kept. Documents must be
PDF files: the ``%PDF-`` signature and a cross-reference section where the trailer says it is.
Every check raises a ``ValidationError`` naming the form field, before anything is written.
"""

from __future__ import annotations

import io
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
# A logo or portrait never needs more than this many pixels a side.
IMAGE_MAX_SIDE = 1200
# Well below Pillow's own guard (about 89 million pixels, an error only at twice that): a 24-megapixel
# camera photo passes, and the largest picture decoded in full (RGBA) stays near 100 MB.
IMAGE_MAX_PIXELS = 25_000_000
IMAGE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

# What an image field of a form hands over: a new upload, False to remove the picture, None to keep it.
ImageChange = File | bool | None

_PDF_VERSION = re.compile(rb"^%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_AT = re.compile(rb"\s*(xref\b|\d+\s+\d+\s+obj\b)")


def _check_size(upload: File, *, field: str, limit: int) -> None:
    size = upload.size if upload.size is not None else 0
    if size > limit:
        raise ValidationError(
            {field: _("This file is too large (at most %(limit)s).") % {"limit": filesizeformat(limit)}}
        )


def _check_pixels(image: Image.Image, *, field: str) -> None:
    """Refuse a picture whose header declares more than IMAGE_MAX_PIXELS (nothing is decoded yet)."""
    width, height = image.size
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(
            {
                field: _(
                    "This picture is too large (%(width)s x %(height)s pixels): upload one of at most "
                    "%(millions)s million pixels, e.g. 6000 x 4000."
                )
                % {"width": width, "height": height, "millions": IMAGE_MAX_PIXELS // 1_000_000}
            }
        )


def reencoded_image(upload: File, *, field: str, max_side: int = IMAGE_MAX_SIDE) -> ContentFile[bytes]:
    """The picture decoded and encoded again (PNG when it has transparency, else JPEG), at most ``max_side``."""
    _check_size(upload, field=field, limit=IMAGE_MAX_BYTES)
    upload.seek(0)
    if b"<svg" in bytes(upload.read(4096)).lower():
        raise ValidationError({field: _("SVG pictures are not accepted (they can carry scripts): upload a PNG.")})
    refused = ValidationError({field: _("Upload a JPEG, PNG, WebP or GIF picture.")})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise refused
            _check_pixels(image, field=field)
            if image.format == "JPEG":
                # Let the decoder scale by 1/2, 1/4 or 1/8 while reading: far less memory and time.
                image.draft("RGB", (max_side, max_side))
            image.thumbnail((max_side, max_side), reducing_gap=2.0)
            transparent = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
            output = io.BytesIO()
            if transparent:
                image.convert("RGBA").save(output, format="PNG", optimize=True)
                suffix = "png"
            else:
                image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
                suffix = "jpg"
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise refused from None
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{suffix}")


def change_image(item: models.Model, field: str, change: ImageChange, *, max_side: int = IMAGE_MAX_SIDE) -> None:
    """Replace (a file), remove (False) or keep (None, True) the picture in ``item.<field>``.

    The old file is deleted only after the transaction commits, so a refused change keeps it.
    """
    if change is None or change is True:
        return
    old_name = getattr(item, field).name
    if change is False:
        if not old_name:
            return
        setattr(item, field, "")
    else:
        picture = reencoded_image(change, field=field, max_side=max_side)
        getattr(item, field).save(picture.name, picture, save=False)
    item.save(update_fields=[field])
    if old_name:
        delete_after_commit(item, field, old_name)


def delete_after_commit(item: models.Model, field: str, name: str | None) -> None:
    """Remove a stored file once the change that replaced it has committed."""
    if not name:
        return
    storage = getattr(item, field).storage
    transaction.on_commit(lambda: storage.delete(name))


def checked_pdf(upload: File, *, field: str) -> ContentFile[bytes]:
    """The upload's bytes under a new random name, when they are a PDF file.

    A minimal structural check, not a full parser: the ``%PDF-1.x``/``2.x`` signature at the start,
    ``startxref <offset> %%EOF`` at the end, and a cross-reference table or stream at that offset.
    A picture, a text file or an HTML page renamed ``.pdf`` fails it.
    """
    _check_size(upload, field=field, limit=DOCUMENT_MAX_BYTES)
    upload.seek(0)
    data = upload.read()
    if isinstance(data, str):
        data = data.encode()
    refused = ValidationError({field: _("Upload a PDF document.")})
    if not _PDF_VERSION.match(data):
        raise refused
    tail = _STARTXREF.search(data[-2048:])
    if tail is None:
        raise refused
    offset = int(tail.group(1))
    if offset >= len(data) or not _XREF_AT.match(data, offset):
        raise refused
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")
