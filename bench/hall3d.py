"""The 3D exhibition hall with 200 booths in headless Chromium on SwiftShader (software WebGL).

Loads the demo into a fresh database, adds published booths (reusing the demo's logos) until the
demo event has ``--booths`` of them, starts `pavilion serve` on 127.0.0.1, then measures in
Chromium (1280 x 720, device pixel ratio 1):

- time from navigation to the first frame (``ready_ms``) and until every logo is in (``logos_ms``);
- frames drawn while the Q key is held (the camera turns over the whole hall) for ``--seconds``:
  frames per second, the mean interval between them, and the mean CPU time of a ``render`` call;
- frames drawn in two idle seconds afterwards (render on demand: 0 expected, maybe the last one);
- the bytes the first 3D load transferred, up to the last logo (``first_load_bytes``, as sent:
  compressed where the server compresses), against the 2 MB budget of issue 16;
- a booth coming alive: Tab to the first booth (the demo's, with pictures and a video), the time
  until its picture is on its wing and its video plays (``alive_ms``), and the frames drawn per
  second while the video plays on its screen (``video_fps``: one frame per video frame at most);
- the sizes that decide the page's weight: the 3D page without 3D (HTML, CSS and the boot script,
  gzip as in bench/page_weight.py) and the three.js bundle (gzip).

SwiftShader draws on the CPU, so the frame figures say what a machine without a GPU manages; a
real GPU does far better. Front end built first (`make frontend`).

    .venv/bin/python -m bench.hall3d [--booths 200] [--seconds 5]

Last line: `booths=... ready_ms=... logos_ms=... fps=... frame_ms=... render_cpu_ms=... idle_frames=...
first_load_bytes=... alive_ms=... video_fps=... page_errors=... page_bytes=... bundle_gzip_bytes=...`.
"""

from __future__ import annotations

import argparse
import gzip
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "src" / "pavilion" / "static" / "build"
EVENT = "itu-digital-world-2020"
PAGE_PATH = f"/en/events/{EVENT}/exhibition/3d/"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
# Notes, in the page, when the hall reports its first frame and its last logo.
MARKS = """
window.__hall3dMarks = {};
new MutationObserver(() => {
  const hall = document.getElementById("hall3d");
  if (!hall) return;
  if (hall.dataset.state === "ready" && !window.__hall3dMarks.ready) window.__hall3dMarks.ready = performance.now();
  if (hall.dataset.logos === "complete" && !window.__hall3dMarks.logos) window.__hall3dMarks.logos = performance.now();
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-state", "data-logos"] });
"""
WORDS = ["Lotus", "Mekong", "Steppe", "Caspian", "Orbit", "Delta", "Silk", "Coral", "Baobab", "Andes", "Amur", "Nile"]
KINDS = [("Networks", "Mạng", "شبكات"), ("Labs", "Phòng thí nghiệm", "مختبرات"), ("Digital", "Số", "رقمي")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prepare(booths: int) -> int:
    """Demo plus booths up to ``booths`` published ones; answers how many there are."""
    import django

    django.setup()
    from django.core.management import call_command

    from pavilion.directory.models import Organisation
    from pavilion.events.models import Event
    from pavilion.exhibition.models import Booth, BoothStatus, Pavilion

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    event = Event.objects.get(slug=EVENT)
    pavilions = list(Pavilion.objects.filter(event=event).order_by("position", "slug"))
    logos = list(Booth.objects.filter(event=event).exclude(logo="").values_list("logo", flat=True))
    owner, _created = Organisation.objects.get_or_create(
        slug="bench-exhibitors", defaults={"name": {"en": "Bench Example Exhibitors"}, "kind": "company"}
    )
    published = Booth.objects.filter(event=event, status=BoothStatus.PUBLISHED).count()
    for number in range(max(0, booths - published)):
        word = WORDS[number % len(WORDS)]
        english, vietnamese, arabic = KINDS[number % len(KINDS)]
        Booth.objects.create(
            event=event,
            pavilion=pavilions[number % len(pavilions)],
            owner=owner,
            slug=f"bench-{number}",
            name={
                "en": f"{word} Example {english} {number}",
                "vi": f"{vietnamese} {word} {number}",
                "ar": f"{arabic} {number}",
            },
            status=BoothStatus.PUBLISHED,
            position=100 + number,
            logo=logos[number % len(logos)] if logos else "",
        )
    return Booth.objects.filter(event=event, status=BoothStatus.PUBLISHED).count()


def _page_bytes(html: str) -> int:
    from bench.page_weight import first_load_bytes

    def read_static(url: str) -> bytes:
        return (BUILD.parent / url.removeprefix("/static/")).read_bytes()

    return first_load_bytes(html, read_static)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--booths", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    bundle = BUILD / "hall3d.js"
    if not bundle.exists():
        print("Build the front end first: make frontend", file=sys.stderr)
        return 2
    var_dir = Path(tempfile.mkdtemp(prefix="pavilion-bench-"))
    os.environ.update(
        {"PAVILION_DEBUG": "1", "PAVILION_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "pavilion.settings"}
    )
    booths = _prepare(args.booths)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "pavilion", "serve", "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                html = httpx.get(base + PAGE_PATH, timeout=2).text
                break
            except httpx.TransportError:
                time.sleep(0.2)
        figures = _measure(base, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = {
        "booths": booths,
        **figures,
        "page_bytes": _page_bytes(html),
        "bundle_gzip_bytes": len(gzip.compress(bundle.read_bytes(), compresslevel=6)),
    }
    print(" ".join(f"{key}={value}" for key, value in figures.items()))
    return 0


def _measure(base: str, seconds: float) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720}, device_scale_factor=1)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.add_init_script(MARKS)
        requests: list[Any] = []
        page.on("requestfinished", lambda request: requests.append(request))  # Playwright wraps only Python functions
        page.goto(base + PAGE_PATH)
        page.wait_for_selector("#hall3d[data-state=ready]", timeout=120_000)
        page.wait_for_selector("#hall3d[data-logos=complete]", timeout=120_000)
        marks = page.evaluate("window.__hall3dMarks")
        first_load = sum(
            request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"] for request in requests
        )
        stats = "(() => { const s = document.getElementById('hall3d').hall3dStats; return [s.frames, s.renderMs]; })()"
        page.locator(".hall3d-stage canvas").focus()
        page.wait_for_timeout(500)
        frames_before, render_before = page.evaluate(stats)
        started = time.perf_counter()
        page.keyboard.down("KeyQ")
        page.wait_for_timeout(seconds * 1000)
        page.keyboard.up("KeyQ")
        elapsed = time.perf_counter() - started
        frames_after, render_after = page.evaluate(stats)
        page.wait_for_timeout(2000)
        frames_idle, _render = page.evaluate(stats)
        # A booth comes alive: the first booth link (Tab from the canvas), its picture and its video.
        page.locator(".hall3d-stage canvas").focus()
        chosen = time.perf_counter()
        page.keyboard.press("Tab")
        page.wait_for_selector(".hall3d-card[data-video=playing]:not([data-pictures='0'])", timeout=120_000)
        alive_ms = (time.perf_counter() - chosen) * 1000
        page.wait_for_timeout(1000)  # the fly-to is over
        video_before, _render = page.evaluate(stats)
        page.wait_for_timeout(3000)
        video_after, _render = page.evaluate(stats)
        browser.close()
    if errors:
        print("\n".join(errors), file=sys.stderr)
    frames = max(1, frames_after - frames_before)
    return {
        "ready_ms": round(marks["ready"]),
        "logos_ms": round(marks["logos"]),
        "fps": round(frames / elapsed, 1),
        "frame_ms": round(elapsed * 1000 / frames, 1),
        "render_cpu_ms": round((render_after - render_before) / frames, 2),
        "idle_frames": frames_idle - frames_after,
        "first_load_bytes": first_load,
        "alive_ms": round(alive_ms),
        "video_fps": round((video_after - video_before) / 3, 1),
        "page_errors": len(errors),
    }


if __name__ == "__main__":
    sys.exit(main())
