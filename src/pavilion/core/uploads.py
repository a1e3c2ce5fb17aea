"""Uploaded files, checked by their content before anything is stored.

Pictures are decoded and written again: only pixels survive (no metadata, no payload hidden after
the image data, no script: SVG is refused), at most ``max_side`` pixels a side. A picture's size is
read from its header before any pixel is decoded, and one over ``IMAGE_MAX_PIXELS`` is refused: a
few hundred KB of PNG can otherwise declare 13,000 x 13,000 pixels and take over a gigabyte to
decode. JPEG is decoded at a reduced scale straight away (``draft``) when only a thumbnail is kept. Documents must be
PDF files: the ``%PDF-`` signature and a cross-reference section where the trailer says it is.
Captions must be WebVTT files: UTF-8 text that starts with ``WEBVTT`` and whose every cue timing
line parses (``00:01.000 --> 00:04.500``, the end after the start). Every check raises a
``ValidationError`` naming the form field, before anything is written.
"""

from __future__ import annotations

import io
import re
import uuid
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import QuerySet
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
# An hour of dense captions is about 100 KB of WebVTT.
CAPTIONS_MAX_BYTES = 512 * 1024

Holder = TypeVar("Holder", bound=models.Model)

# What an image field of a form hands over: a new upload, False to remove the picture, None to keep it.
ImageChange = File | bool | None

_PDF_VERSION = re.compile(rb"^%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_AT = re.compile(rb"\s*(xref\b|\d+\s+\d+\s+obj\b)")
# The signature line: "WEBVTT" alone or followed by a space or tab and any text (WebVTT §4.1).
_WEBVTT_SIGNATURE = re.compile(r"^WEBVTT(?:[ \t][^\n]*)?$")
_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_CUE_TIMINGS = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t]+[^\n]*)?$")


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


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _timing_error(line: int) -> ValidationError:
    return ValidationError(
        _(
            "Line %(line)s of this WebVTT file is not a valid cue timing "
            "(e.g. 00:01.000 --> 00:04.500, the end after the start)."
        )
        % {"line": line}
    )


def _webvtt_blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """The file's blocks after the header (the lines up to the first blank one), each a list of
    (line number, text), split at blank lines."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    header = blocks[0]
    # Browsers start a cue at a timing line even when no blank line ends the header.
    arrow = next((index for index, (_number, line) in enumerate(header) if "-->" in line), None)
    return ([header[arrow:]] if arrow is not None else []) + blocks[1:]


def _check_cue(block: list[tuple[int, str]]) -> bool:
    """Raise for a cue whose timing line does not parse; False for a NOTE, STYLE or REGION block."""
    first = block[0][1]
    if re.match(r"^(NOTE|STYLE|REGION)(\s|$)", first) and "-->" not in first:
        return False
    # An optional identifier line, then the timing line, then text that never contains "-->".
    at = 0 if "-->" in first or len(block) == 1 else 1
    number, line = block[at]
    timings = _CUE_TIMINGS.match(line.strip())
    if timings is None or _seconds(*timings.groups()[4:]) < _seconds(*timings.groups()[:4]):
        raise _timing_error(number)
    for number, line in block[at + 1 :]:
        if "-->" in line:
            raise _timing_error(number)
    return True


def checked_webvtt(upload: File, *, field: str) -> ContentFile[bytes]:
    """The upload's bytes under a new random ``.vtt`` name, when they are a WebVTT captions file.

    Not a full parser: UTF-8 (a byte-order mark allowed), the ``WEBVTT`` signature on the first line,
    at least one cue, and every cue's timing line (after an optional identifier) parsing, its end
    not before its start. A SubRip (.srt) file, a text file or a picture renamed ``.vtt`` fails it.
    """
    _check_size(upload, field=field, limit=CAPTIONS_MAX_BYTES)
    upload.seek(0)
    data = upload.read()
    if isinstance(data, str):
        data = data.encode()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError({field: _("A WebVTT file is UTF-8 text; this file is not.")}) from None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "\x00" in text or not _WEBVTT_SIGNATURE.match(lines[0]):
        raise ValidationError({field: _("This is not a WebVTT file: its first line must be WEBVTT.")})
    try:
        cues = sum(_check_cue(block) for block in _webvtt_blocks(lines))
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    if not cues:
        raise ValidationError({field: _("This WebVTT file has no captions (no cue timings).")})
    return ContentFile(data, name=f"{uuid.uuid4().hex}.vtt")


def check_captions_language(language: str, *, field: str) -> None:
    """Captions are in one of Pavilion's languages."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({field: _("Unknown language: %(codes)s.") % {"codes": language}})


def store_captions(upload: File, *, folder: str, owner: int, field: str) -> str:
    """Check ``upload`` (``checked_webvtt``), store it as ``<folder><owner>-<random>.vtt`` and return its
    address on this site, as a caption track's address is given. The owner's id in the name lets
    the folder's media rule find whose file it is without searching."""
    content = checked_webvtt(upload, field=field)
    name = default_storage.save(f"{folder}{owner}-{content.name}", content)
    return default_storage.url(name)


def stored_captions_name(address: str, *, folder: str) -> str | None:
    """The stored file's name when a caption track's ``address`` is an upload in ``folder``, else None."""
    prefix = f"{settings.MEDIA_URL}{folder}"
    return address.removeprefix(settings.MEDIA_URL) if address.startswith(prefix) else None


def captions_holder(name: str, *, folder: str, holders: QuerySet[Holder]) -> Holder | None:
    """The video or room among ``holders`` that gives the stored captions file ``name`` as one of its
    ``caption_tracks``: the owner's id is in the name (``store_captions``). None once it was
    replaced or removed (its file is on its way out)."""
    owner, dash, _rest = name.removeprefix(folder).partition("-")
    if not (name.startswith(folder) and dash and owner.isdigit()):
        return None
    found = holders.filter(pk=int(owner)).first()
    if found is None or settings.MEDIA_URL + name not in found.caption_tracks.values():  # type: ignore[attr-defined]
        return None
    return found


def replace_captions(item: models.Model, *, language: str, upload: File, folder: str) -> None:
    """Give ``item`` (a video or room, locked by the caller) its captions in ``language`` from an
    uploaded WebVTT file, in place of the track it had in that language (an uploaded file of that
    one goes once the change has committed). Form fields: ``language`` and ``file``."""
    check_captions_language(language, field="language")
    tracks: dict[str, str] = item.caption_tracks  # type: ignore[attr-defined]
    replaced = tracks.get(language)
    tracks[language] = store_captions(upload, folder=folder, owner=item.pk, field="file")
    item.full_clean()
    item.save(update_fields=["caption_tracks"])
    if replaced:
        delete_captions_after_commit([replaced], folder=folder)


def delete_captions_after_commit(addresses: list[str], *, folder: str) -> None:
    """Remove the uploaded ones among caption tracks' ``addresses`` once the change has committed."""
    for address in addresses:
        name = stored_captions_name(address, folder=folder)
        if name is not None:
            transaction.on_commit(lambda name=name: default_storage.delete(name))  # type: ignore[misc]
