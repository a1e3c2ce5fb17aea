"""Pictures are checked by their declared size before a single pixel is decoded."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pavilion.core.uploads import IMAGE_MAX_PIXELS, reencoded_image


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(side: int) -> SimpleUploadedFile:
    """A valid black-and-white PNG of side x side pixels that compresses to a few hundred KB."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (side + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    body = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
    return SimpleUploadedFile("bomb.png", body, content_type="image/png")


def jpeg(size: tuple[int, int]) -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(output, format="JPEG", quality=60)
    return SimpleUploadedFile("photo.jpg", output.getvalue(), content_type="image/jpeg")


def test_decompression_bomb_is_refused_before_decoding() -> None:
    upload = bomb_png(13_000)
    assert upload.size is not None
    assert upload.size < 1_000_000
    with pytest.raises(ValidationError) as refused:
        reencoded_image(upload, field="logo")
    assert refused.value.message_dict == {
        "logo": [
            "This picture is too large (13000 x 13000 pixels): "
            "upload one of at most 25 million pixels, e.g. 6000 x 4000."
        ]
    }


def test_picture_just_over_the_pixel_cap_is_refused() -> None:
    side = int(IMAGE_MAX_PIXELS**0.5) + 1
    with pytest.raises(ValidationError) as refused:
        reencoded_image(bomb_png(side), field="image")
    assert list(refused.value.message_dict) == ["image"]


def test_large_camera_photo_is_reduced_while_decoding() -> None:
    picture = reencoded_image(jpeg((6000, 4000)), field="image", max_side=1200)
    with Image.open(picture) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 800))
        assert image.getpixel((600, 400)) == pytest.approx((200, 30, 40), abs=6)
