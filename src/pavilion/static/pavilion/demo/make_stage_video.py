"""Draw the demo stage's short video frame by frame and encode it as VP9 WebM (see README.md here).

Run from this folder: ``uv run --no-project --with "av>=14,<16" --with pillow python make_stage_video.py``.
"""

from __future__ import annotations

import math
from pathlib import Path

import av  # type: ignore[import-not-found]  # only to make the video again: not a dependency
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT, FPS, SECONDS = 640, 360, 12, 24
OUT = Path(__file__).with_name("stage.webm")
NAVY, TEAL, WHITE, AMBER = (12, 35, 64), (0, 122, 135), (245, 248, 250), (255, 196, 61)


def frame(number: int) -> Image.Image:
    t = number / FPS
    image = Image.new("RGB", (WIDTH, HEIGHT), NAVY)
    draw = ImageDraw.Draw(image)
    title = ImageFont.load_default(size=34)
    small = ImageFont.load_default(size=20)
    # A lectern with a speaker whose head nods, and a screen behind.
    draw.rectangle((360, 60, 600, 200), fill=TEAL)
    for row in range(4):
        width = 60 + int(80 * (0.5 + 0.5 * math.sin(t * 1.3 + row)))
        draw.rectangle((380, 80 + row * 28, 380 + width, 94 + row * 28), fill=WHITE)
    nod = 4 * math.sin(t * 3)
    draw.ellipse((150, 120 + nod, 200, 170 + nod), fill=AMBER)
    draw.rectangle((140, 175, 210, 260), fill=AMBER)
    draw.polygon([(110, 230), (240, 230), (220, 320), (130, 320)], fill=TEAL)
    draw.text((40, 24), "Pavilion", font=title, fill=WHITE)
    draw.text((40, 62), "live demo stage", font=small, fill=WHITE)
    # A running clock and a progress line, so a playing video is plain to see.
    draw.text((470, 320), f"{int(t) // 60:02d}:{int(t) % 60:02d}", font=small, fill=WHITE)
    draw.rectangle((40, 340, 40 + int((WIDTH - 80) * t / SECONDS), 346), fill=AMBER)
    # "LIVE" blinks once a second.
    if int(t * 2) % 2 == 0:
        draw.ellipse((40, 300, 54, 314), fill=(220, 50, 47))
        draw.text((62, 296), "LIVE", font=small, fill=WHITE)
    return image


def main() -> None:
    with av.open(str(OUT), mode="w", format="webm") as container:
        stream = container.add_stream("libvpx-vp9", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.options = {"crf": "40", "b:v": "0", "deadline": "good", "cpu-used": "4", "row-mt": "1"}
        for number in range(FPS * SECONDS):
            for packet in stream.encode(av.VideoFrame.from_image(frame(number))):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    print(f"{OUT.name}: {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
