"""A visitor walks the 3D exhibition hall (software WebGL: SwiftShader) and opens booths with the
keyboard and the mouse; where 3D should not start by itself, the page offers the 2D exhibition."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.demo.services import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EVENT = "/en/events/itu-digital-world-2020"
HALL_3D = f"{EVENT}/exhibition/3d/"
READY = 60_000  # SwiftShader draws on the CPU: the first frame of 63 booths may take a while on a busy machine

# Stubs that make this browser look like another one (added before any page script runs).
NO_WEBGL = """HTMLCanvasElement.prototype.getContext = function () { return null; };"""
LOW_END = """Object.defineProperty(Navigator.prototype, "deviceMemory", { get: () => 1 });"""
SAVE_DATA = """Object.defineProperty(Navigator.prototype, "connection", { get: () => ({ saveData: true }) });"""
VR_WITHOUT_HEADSET = """Object.defineProperty(Navigator.prototype, "xr", { get: () => ({
  isSessionSupported: (mode) => Promise.resolve(mode === "immersive-vr"),
  requestSession: () => Promise.reject(new DOMException("No headset", "NotSupportedError")),
}) });"""
# A phone with ARCore: immersive-ar only (its camera refused here, as a visitor may refuse it).
AR_PHONE = """Object.defineProperty(Navigator.prototype, "xr", { get: () => ({
  isSessionSupported: (mode) => Promise.resolve(mode === "immersive-ar"),
  requestSession: (mode, init) => {
    const overlay = init.domOverlay && init.domOverlay.root.className;
    window.requestedXr = { mode, optional: init.optionalFeatures, overlay };
    return Promise.reject(new DOMException("Camera permission denied", "NotAllowedError"));
  },
}) });"""
# An older WebXR that throws for a mode it does not know.
XR_WITHOUT_AR = """Object.defineProperty(Navigator.prototype, "xr", { get: () => ({
  isSessionSupported: (mode) => {
    if (mode === "immersive-ar") throw new TypeError("unknown mode");
    return Promise.resolve(false);
  },
  requestSession: () => Promise.reject(new DOMException("No", "NotSupportedError")),
}) });"""


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Zurich", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _watch_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _open_hall(page: Page, base: str) -> None:
    page.goto(base + HALL_3D)
    expect(page.locator("#hall3d")).to_have_attribute("data-state", "ready", timeout=READY)


def test_3d_hall_loads_without_errors_and_opens_a_booth_by_keyboard(
    context: BrowserContext, live_server: LiveServer, artifacts: Path
) -> None:
    load_demo(set_passwords=False)
    page = context.new_page()
    errors = _watch_errors(page)
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)

    page.goto(f"{live_server.url}{EVENT}/exhibition/")
    scripts.clear()
    page.get_by_role("link", name="Visit the 3D hall").click()
    expect(page.get_by_role("heading", name="3D exhibition hall", level=1)).to_be_visible()
    hall = page.locator("#hall3d")
    expect(hall).to_have_attribute("data-state", "ready", timeout=READY)
    expect(hall).to_have_attribute("data-logos", "complete", timeout=READY)
    assert [url.rsplit("/", 1)[1] for url in scripts] == ["app.js", "hall3d-boot.js", "hall3d.js"]
    canvas = page.get_by_role("img", name=re.compile(r"^3D exhibition hall: 63 booths in 14 pavilions\."))
    expect(canvas).to_be_visible()
    expect(page.get_by_role("link", name="Go to the 2D exhibition")).to_be_visible()
    expect(page.get_by_role("button", name="Enter VR")).to_be_hidden()  # this browser offers no immersive VR
    expect(page.get_by_role("button", name="Enter AR")).to_be_hidden()  # nor AR
    booths = page.locator(".hall3d-booths a")
    expect(booths).to_have_count(63)
    page.screenshot(path=str(artifacts / "exhibition-3d.png"), full_page=False)

    # Tab walks the booths in the hall's order; each focus is announced and shown.
    announcer = page.locator(".hall3d-announcer")
    canvas.focus()
    page.keyboard.press("Tab")
    expect(booths.nth(0)).to_be_focused()
    expect(booths.nth(0)).to_be_visible()
    expect(announcer).to_have_text(
        "Mekong Example Telecom, Viet Nam · National pavilion. Booth 1 of 63. Press Enter to open its page."
    )
    page.keyboard.press("Tab")
    expect(booths.nth(1)).to_be_focused()
    expect(announcer).to_have_text(re.compile(r"^Red River Example Networks, Viet Nam · National pavilion\. Booth 2"))
    # Arrow keys and WASD walk without taking the focus away from the booth.
    page.keyboard.press("ArrowUp")
    page.keyboard.press("KeyD")
    expect(booths.nth(1)).to_be_focused()
    assert errors == []  # the hall's own (the booth page's live client has no /live on this WSGI server)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Red River Example Networks", level=1)).to_be_visible()
    assert page.url == f"{live_server.url}{EVENT}/exhibition/booths/vn-red-river-networks/"


def test_3d_hall_opens_the_booth_clicked_and_offers_vr_where_the_browser_has_it(
    context: BrowserContext, live_server: LiveServer
) -> None:
    load_demo(set_passwords=False)
    context.add_init_script(VR_WITHOUT_HEADSET)
    page = context.new_page()
    errors = _watch_errors(page)
    _open_hall(page, live_server.url)
    vr = page.get_by_role("button", name="Enter VR")
    expect(vr).to_be_visible()
    expect(page.locator("#hall3d-ar")).to_be_hidden()  # a headset without AR: no AR button
    vr.click()
    expect(page.locator(".hall3d-announcer")).to_have_text("Virtual reality could not be started on this device.")

    # With reduced motion the camera jumps to the focused booth instead of flying there.
    page.emulate_media(reduced_motion="reduce")
    page.get_by_role("img", name=re.compile("^3D exhibition hall")).focus()
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(page.locator(".hall3d-booths a").nth(2)).to_be_focused()
    box = page.locator(".hall3d-stage canvas").bounding_box()
    assert box is not None
    # The hall's own errors: the booth page it opens has a live client, which this WSGI test server
    # (pytest-django's, without /live) cannot answer.
    assert errors == []
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the booth faced, mid-screen
    expect(page.get_by_role("heading", name="Ha Long Example Digital", level=1)).to_be_visible()


def test_3d_hall_offers_ar_on_a_phone_that_has_it_with_the_2d_exhibition_kept_on_screen(
    browser: Browser, live_server: LiveServer
) -> None:
    load_demo(set_passwords=False)
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        context.add_init_script(AR_PHONE)
        page = context.new_page()
        errors = _watch_errors(page)
        _open_hall(page, live_server.url)
        expect(page.get_by_role("button", name="Enter VR")).to_be_hidden()
        ar = page.get_by_role("button", name="Enter AR")
        expect(ar).to_be_visible()
        expect(page.get_by_role("link", name="Go to the 2D exhibition")).to_be_visible()
        ar.click()
        expect(page.locator(".hall3d-announcer")).to_have_text("Augmented reality could not be started on this device.")
        # Asked with hit testing (the surface the hall's table-top model stands on; optional: without
        # it the model stands a metre ahead) and the page's actions (the 2D exhibition link, Exit AR)
        # kept over the camera.
        assert page.evaluate("window.requestedXr") == {
            "mode": "immersive-ar",
            "optional": ["local-floor", "hit-test", "dom-overlay"],
            "overlay": "hall3d-actions",
        }
        expect(page.locator("#hall3d-ar-hint")).to_be_hidden()  # its help shows only in a session
        expect(ar).to_be_visible()  # still offered: the visitor may allow the camera next time
        assert errors == []
    finally:
        context.close()


def test_3d_hall_shows_no_ar_button_and_logs_nothing_where_webxr_lacks_ar(
    context: BrowserContext, live_server: LiveServer
) -> None:
    load_demo(set_passwords=False)
    context.add_init_script(XR_WITHOUT_AR)
    page = context.new_page()
    errors = _watch_errors(page)
    _open_hall(page, live_server.url)
    page.wait_for_timeout(300)  # the support answers have come back
    expect(page.locator("#hall3d-ar")).to_be_hidden()
    expect(page.locator("#hall3d-vr")).to_be_hidden()
    assert errors == []


def test_3d_hall_with_reduced_motion_offers_the_2d_exhibition_and_loads_only_when_asked(
    browser: Browser, live_server: LiveServer
) -> None:
    load_demo(set_passwords=False)
    context = browser.new_context(locale="en-GB", reduced_motion="reduce", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors = _watch_errors(page)
        scripts: list[str] = []
        page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
        page.goto(live_server.url + HALL_3D)
        hall = page.locator("#hall3d")
        expect(hall).to_have_attribute("data-state", "fallback")
        expect(page.get_by_text("Your device asks for reduced motion")).to_be_visible()
        expect(hall.get_by_role("link", name="Visit the 2D exhibition: every booth")).to_be_visible()
        expect(page.get_by_role("link", name="Go to the 2D exhibition")).to_be_visible()
        expect(page.locator(".hall3d-stage")).to_be_hidden()
        assert not any(url.endswith("/hall3d.js") for url in scripts)  # three.js costs nothing here

        page.get_by_role("button", name="Load the 3D hall anyway").click()
        expect(hall).to_have_attribute("data-state", "ready", timeout=READY)
        expect(page.get_by_role("img", name=re.compile("^3D exhibition hall: 63 booths"))).to_be_focused()
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize(
    ("stub", "reason", "can_load_anyway"),
    [
        (NO_WEBGL, "This browser or device cannot show 3D graphics", False),
        (LOW_END, "This device has little memory or few processor cores", True),
        (SAVE_DATA, "Data saver is on", True),
    ],
    ids=["no-webgl", "low-end", "save-data"],
)
def test_3d_hall_is_not_started_without_webgl_on_low_end_devices_or_with_data_saver(
    context: BrowserContext, live_server: LiveServer, stub: str, reason: str, can_load_anyway: bool
) -> None:
    load_demo(set_passwords=False)
    context.add_init_script(stub)
    page = context.new_page()
    page.goto(live_server.url + HALL_3D)
    expect(page.locator("#hall3d")).to_have_attribute("data-state", "fallback")
    expect(page.get_by_text(reason)).to_be_visible()
    expect(page.get_by_role("button", name="Load the 3D hall anyway")).to_have_count(1 if can_load_anyway else 0)
    page.locator("#hall3d").get_by_role("link", name="Visit the 2D exhibition: every booth").click()
    expect(page.get_by_role("heading", name="Exhibition", level=1)).to_be_visible()


SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DEMO_STATIC = Path(__file__).resolve().parents[2] / "src" / "pavilion" / "static" / "pavilion" / "demo"


def _any_cue_of(name: str) -> re.Pattern[str]:
    """Any one cue's text of a demo WebVTT file, exactly."""
    lines = (DEMO_STATIC / name).read_text(encoding="utf-8").splitlines()
    cues = [line for line in lines[1:] if line.strip() and "-->" not in line]
    return re.compile("^(" + "|".join(re.escape(cue) for cue in cues) + ")$")


def test_3d_booth_comes_alive_with_its_pictures_video_and_products_and_leads_to_its_page(
    context: BrowserContext, live_server: LiveServer
) -> None:
    load_demo(set_passwords=False)
    page = context.new_page()
    errors = _watch_errors(page)
    _open_hall(page, live_server.url)
    card = page.get_by_role("complementary", name="Mekong Example Telecom")
    expect(card).to_be_hidden()  # nothing is alive before the visitor chooses or walks up to a booth
    page.get_by_role("img", name=re.compile("^3D exhibition hall")).focus()
    page.keyboard.press("Tab")

    # The first booth has two pictures, the demo's stage video and three products.
    expect(card).to_be_visible()
    expect(card.locator(".hall3d-card-place")).to_have_text("Viet Nam · National pavilion")
    # Its first picture on the left wing (the right one is the video's screen).
    expect(card).to_have_attribute("data-pictures", "1", timeout=READY)
    # Its three products' pictures on their placards (their names stay in the card's links).
    expect(card).to_have_attribute("data-product-pictures", "3", timeout=READY)
    video = page.locator(".hall3d-card video")  # one video element, whichever booth is alive
    expect(card).to_have_attribute("data-video", "playing", timeout=READY)
    assert video.evaluate("v => [v.muted, v.paused, v.loop, new URL(v.src).pathname, v.controls]") == [
        True,
        False,
        True,
        "/static/pavilion/demo/stage.webm",
        True,
    ]
    products = card.get_by_role("list").get_by_role("link")
    expect(products).to_have_text(
        ["Private 5G network for factories", "Rural broadband in a box", "AI meeting translation"]
    )
    # Its captions (English and French): the page's language in the player and on the 3D screen.
    assert video.evaluate("v => [...v.textTracks].map((t) => [t.language, t.label, t.mode])") == [
        ["en", "English", "showing"],
        ["fr", "français", "disabled"],
    ]
    # Uploaded by the booth's staff as WebVTT files: read from this site's media, where cues come from.
    sources = video.evaluate("v => [...v.querySelectorAll('track')].map((t) => new URL(t.src).pathname)")
    assert [
        re.fullmatch(r"/media/exhibition/captions/\d+-[0-9a-f]{32}\.vtt", path) is not None for path in sources
    ] == [
        True,
        True,
    ]
    expect(card).to_have_attribute("data-caption", _any_cue_of("stage.en.vtt"), timeout=READY)
    # The visitor chooses French in the player: the screen follows.
    video.evaluate("v => { v.textTracks[0].mode = 'disabled'; v.textTracks[1].mode = 'showing'; }")
    expect(card).to_have_attribute("data-caption", _any_cue_of("stage.fr.vtt"))
    page.wait_for_timeout(500)  # a few video frames on the screen
    page.screenshot(path=str(SCREENSHOTS / "exhibition-3d-booth.png"), full_page=False)

    # The next booth has neither pictures nor a video it can play: the first one stops.
    page.keyboard.press("Tab")
    next_card = page.get_by_role("complementary", name="Red River Example Networks")
    expect(next_card).to_be_visible()
    expect(next_card).to_have_attribute("data-video", "none")
    expect(next_card).to_have_attribute("data-product-pictures", "0")
    assert video.evaluate("v => v.paused") is True
    assert errors == []
    next_card.get_by_role("link", name="Open the booth page: Red River Example Networks").click()
    expect(page.get_by_role("heading", name="Red River Example Networks", level=1)).to_be_visible()


def test_3d_booth_video_waits_for_the_visitor_when_reduced_motion_is_asked_for(
    browser: Browser, live_server: LiveServer
) -> None:
    load_demo(set_passwords=False)
    context = browser.new_context(locale="en-GB", reduced_motion="reduce", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors = _watch_errors(page)
        page.goto(live_server.url + HALL_3D)
        page.get_by_role("button", name="Load the 3D hall anyway").click()
        expect(page.locator("#hall3d")).to_have_attribute("data-state", "ready", timeout=READY)
        page.keyboard.press("Tab")  # from the canvas, focused after loading, to the first booth
        card = page.get_by_role("complementary", name="Mekong Example Telecom")
        expect(card).to_be_visible()
        expect(card).to_have_attribute("data-video", "poster")
        page.wait_for_timeout(1_000)
        assert card.locator("video").evaluate("v => v.paused") is True
        expect(card).to_have_attribute("data-video", "poster")
        # The visitor starts it: it plays, still muted until they turn the sound on.
        card.locator("video").evaluate("v => v.play()")
        expect(card).to_have_attribute("data-video", "playing")
        assert errors == []
    finally:
        context.close()


def test_3d_booth_walked_up_to_is_announced_once_and_enter_opens_it(
    context: BrowserContext, live_server: LiveServer
) -> None:
    load_demo(set_passwords=False)
    page = context.new_page()
    errors = _watch_errors(page)
    _open_hall(page, live_server.url)
    canvas = page.get_by_role("img", name=re.compile("^3D exhibition hall"))
    announcer = page.locator(".hall3d-announcer")
    canvas.focus()
    page.keyboard.press("Tab")  # the first booth: the camera flies to it, and it says so
    expect(announcer).to_have_text(re.compile(r"^Mekong Example Telecom, .* Booth 1 of 63\."))
    card = page.locator(".hall3d-card")
    expect(card).to_have_attribute("data-booth", "mekong-example-telecom")
    page.keyboard.press("Shift+Tab")  # back on the hall, to walk
    expect(canvas).to_be_focused()
    # Walk right in short steps until another booth comes alive (walking only stops at a key's release).
    # How far a press walks depends on when a loaded browser sees the release, so the booth reached
    # is the next one along the row or one further; the test follows whichever it is (in Viet Nam's row).
    for _step in range(200):  # a slow software renderer walks less per press
        page.keyboard.down("KeyD")
        page.wait_for_timeout(120)
        page.keyboard.up("KeyD")
        if card.get_attribute("data-booth") != "mekong-example-telecom":
            break
    assert card.get_attribute("data-booth") != "mekong-example-telecom"
    name = card.get_by_role("heading", level=3).inner_text()
    # Said once the visitor has stopped there a moment: the booth, its place, what it shows. What it
    # shows differs from booth to booth, so it is read from the hall's own data for the booth reached.
    shown = page.evaluate(
        """async slug => {
          const data = await (await fetch(document.querySelector("#hall3d").dataset.json)).json();
          const booth = data.booths.find((b) => b.slug === slug);
          return {images: booth.images.length, videos: booth.videos.map((v) => v.captions.length),
                  products: booth.products.length};
        }""",
        card.get_attribute("data-booth"),
    )
    contents = []
    if shown["images"]:
        contents.append(f"Pictures: {shown['images']}")
    if shown["videos"]:
        contents.append("Video with captions" if shown["videos"][0] else "Video")
    if shown["products"]:
        contents.append(f"Products: {shown['products']}")
    assert contents  # every booth of Viet Nam's row shows something
    said = f"{name}, Viet Nam · National pavilion: {', '.join(contents)}. Press Enter to open its page."
    expect(announcer).to_have_text(said, timeout=5_000)
    assert errors == []
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
