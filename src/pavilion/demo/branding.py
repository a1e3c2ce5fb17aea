"""The demo events' logos and banners, drawn here with Pillow when the demo loads (no third-party
images): flat shapes in the event's accent colour (or a colour taken from its slug), saved as small
palette PNGs, so that the event pages show branding as an organiser's upload would, at a few KB.
The demo speakers' photos are drawn the same way (a neutral head-and-shoulders figure, no one's
likeness) and stored through the organisers' own upload path: re-encoded, at most 400 px a side."""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from i18nfield.strings import LazyI18nString
from PIL import Image, ImageDraw, ImageFont

from pavilion.core.uploads import change_image
from pavilion.events.models import Event, Speaker
from pavilion.organising.services import PORTRAIT_MAX_SIDE

BANNER_SIZE = (1600, 400)  # as events/_brand.html shows it
LOGO_SIZE = 256


def _colour(event: Event) -> tuple[int, int, int]:
    if event.accent_colour:
        value = event.accent_colour.lstrip("#")
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    return colour_of(event.slug)


def _lighter(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    red, green, blue = colour
    return (
        round(red + (255 - red) * amount),
        round(green + (255 - green) * amount),
        round(blue + (255 - blue) * amount),
    )


def _png(image: Image.Image) -> bytes:
    output = io.BytesIO()
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(output, format="PNG", optimize=True)
    return output.getvalue()


def mark(name: str) -> str:
    """The letters of an event's logo: the first letters of its capitalised words, at most three."""
    letters = [word[0] for word in name.replace("-", " ").split() if word[:1].isupper()]
    return "".join(letters[:3]) or name[:2].upper()


def draw_banner(event: Event) -> bytes:
    """A wide banner: bands and arcs of the event's colour (decorative: the page names the event)."""
    return banner_png(event.slug, _colour(event))


def colour_of(slug: str) -> tuple[int, int, int]:
    """A dark colour taken from a slug (white reads on it)."""
    digest = hashlib.sha256(slug.encode()).digest()
    return (20 + digest[0] % 80, 50 + digest[1] % 80, 90 + digest[2] % 90)


def banner_png(slug: str, colour: tuple[int, int, int]) -> bytes:
    """A 1600-by-400 palette PNG of bands and arcs in ``colour``, laid out from ``slug``."""
    width, height = BANNER_SIZE
    image = Image.new("RGB", BANNER_SIZE, colour)
    draw = ImageDraw.Draw(image)
    digest = hashlib.sha256(slug.encode()).digest()
    for band in range(5):
        left = 700 + band * 180 + digest[band] % 60
        draw.polygon(
            [(left, 0), (left + 260, 0), (left - 140, height), (left - 400, height)],
            fill=_lighter(colour, 0.1 + band * 0.08),
        )
    for ring in range(4):
        radius = 120 + ring * 70
        draw.arc(
            (180 - radius, 200 - radius, 180 + radius, 200 + radius), 270, 90, fill=_lighter(colour, 0.55), width=10
        )
    draw.rectangle((0, height - 14, width, height), fill=_lighter(colour, 0.7))
    return _png(image)


def draw_event_logo(event: Event) -> bytes:
    """A square logo: the event's letters on a disc of its colour."""
    colour = _colour(event)
    image = Image.new("RGB", (LOGO_SIZE, LOGO_SIZE), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, LOGO_SIZE - 8, LOGO_SIZE - 8), fill=colour)
    draw.arc((36, 36, LOGO_SIZE - 36, LOGO_SIZE - 36), 200, 340, fill=_lighter(colour, 0.6), width=8)
    name = event.name if isinstance(event.name, LazyI18nString) else LazyI18nString(event.name)  # a dict when just made
    letters = mark(str(name.localize("en")))
    font = ImageFont.load_default(size=88 if len(letters) < 3 else 70)
    draw.text((LOGO_SIZE / 2, LOGO_SIZE / 2 + 6), letters, fill=(255, 255, 255), font=font, anchor="mm")
    return _png(image)


def ensure_branding(event: Event) -> None:
    """Give a demo event its drawn logo and banner, once (a second demo load keeps the files)."""
    for field, draw in (("logo", draw_event_logo), ("banner", draw_banner)):
        stored = f"events/{field}s/demo-{event.slug}.png"
        current = getattr(event, field)
        if current.name == stored and current.storage.exists(stored):
            continue
        if current.storage.exists(stored):
            current.storage.delete(stored)
        current.save(stored.rsplit("/", 1)[1], ContentFile(draw(event)), save=False)
        Event.objects.filter(pk=event.pk).update(**{field: current.name})


PORTRAIT_SIZE = 640  # drawn larger than kept, so the upload path's downscaling is the one used


def draw_portrait(slug: str) -> bytes:
    """A neutral portrait: a light head-and-shoulders figure on a colour taken from the speaker's slug."""
    colour = colour_of(slug)
    size = PORTRAIT_SIZE
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    figure = _lighter(colour, 0.75)
    draw.ellipse((size * 0.2, size * 0.68, size * 0.8, size * 1.28), fill=figure)  # shoulders
    draw.ellipse((size * 0.33, size * 0.2, size * 0.67, size * 0.6), fill=figure)  # head
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def ensure_portrait(speaker: Speaker) -> None:
    """Give a demo speaker a drawn photo through the upload path, once (a second load keeps it)."""
    if speaker.photo.name and speaker.photo.storage.exists(speaker.photo.name):
        return
    change_image(
        speaker, "photo", ContentFile(draw_portrait(speaker.slug), name="portrait.png"), max_side=PORTRAIT_MAX_SIDE
    )
