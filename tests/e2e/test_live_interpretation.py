"""A listener switches from the floor to Vietnamese interpretation and back without leaving the session page:
the floor is lowered under the interpretation, the captions follow the channel's language, the interpreter's
"on air" reaches the listener live, and the choice is still there after a reload.

Runs a real `pavilion serve` (ASGI, with the /live gateway) on its own SQLite database, like the other live
journeys (tests/e2e/live_site.py); the stream addresses point nowhere, and nothing is played: the test
checks what the page sets up (the floor's volume, the channel's player, the captions' language).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import run_pavilion
from tests.e2e.live_site import open_live_panel, set_up_session
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]

CHANNELS = """
from pavilion.accounts.models import User
from pavilion.captions.services import push_caption
from pavilion.events.models import InterpretationChannel, Room, Session
from pavilion.interpretation.models import Interpreter

session = Session.objects.get(slug="broadband-forum")
room = Room.objects.create(
    event=session.event, slug="main-stage", name={"en": "Main stage"},
    stream_url="https://stream.invalid/main.m3u8",
)
session.room = room
session.save()
for language in ("fr", "vi"):
    InterpretationChannel.objects.create(room=room, language=language, stream_url=f"https://stream.invalid/{language}.m3u8")
mai = User.objects.get(email="mai@example.org")
Interpreter.objects.create(session=session, user=mai, language="vi")
push_caption(session=session, by=mai, language="en", text="The Chair opens the forum.")
push_caption(session=session, by=mai, language="vi", text="Chủ tọa khai mạc diễn đàn.")
"""


def test_listener_switches_to_an_interpretation_and_back_and_the_choice_is_kept(
    browser: Browser, tmp_path: Path, artifacts: Path
) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        setup = run_pavilion(["shell", "--no-imports", "-c", CHANNELS], tmp_path, PAVILION_DEBUG="1")
        assert setup.returncode == 0, setup.stderr
        omar = open_live_panel(browser, base, "omar@example.org", path, heading="Captions", panel="captions")
        mai = open_live_panel(browser, base, "mai@example.org", path, heading="Captions", panel="captions")
        try:
            panel = omar.locator("#interpretation")
            floor_volume = "document.querySelector('.stage video.player').volume"
            captions = omar.get_by_role("log", name="Captions").get_by_role("listitem")
            vietnamese = panel.locator("input[name=listen][value='vi:audio']")
            original = panel.get_by_role("radio", name="Original")
            # The switcher replaces the links; English has no channel here, so the floor is offered first.
            expect(panel.get_by_role("group", name="Listen to")).to_be_visible()
            expect(panel.locator("ul.channels")).to_be_hidden()
            expect(original).to_be_checked()
            expect(panel.locator(".channel-player")).to_be_hidden()
            expect(panel.get_by_label("Original sound under the interpretation")).to_be_hidden()
            expect(captions).to_have_text(["The Chair opens the forum."])

            # To Vietnamese: the channel plays on the page, the floor is lowered, the captions follow.
            vietnamese.check()
            expect(panel).to_have_attribute("data-listening", "vi:audio")
            expect(panel.locator(".channel-player audio")).to_have_attribute("src", "https://stream.invalid/vi.m3u8")
            slider = panel.get_by_label("Original sound under the interpretation")
            expect(slider).to_be_visible()
            assert omar.evaluate(floor_volume) == pytest.approx(0.2)
            expect(omar.get_by_label("Caption language")).to_have_value("vi")
            expect(captions).to_have_text(["Chủ tọa khai mạc diễn đàn."])
            slider.fill("50")
            assert omar.evaluate(floor_volume) == pytest.approx(0.5)

            # Mai interprets into Vietnamese: she goes on air, and Omar sees it without a reload.
            desk = mai.locator(".interpreter-desk")
            expect(desk.locator("span[lang=vi]")).to_be_visible()
            expect(desk.locator("form[data-channel]")).to_have_count(1)  # her channel only
            desk.get_by_role("button", name="Go on air").click()
            expect(desk.get_by_role("button", name="Go off air")).to_be_visible()
            expect(panel.locator(".channel-switch [data-on-air-for='vi:audio']")).to_be_visible()
            expect(panel.locator(".channel-switch [data-on-air-for='fr:audio']")).to_be_hidden()
            assert omar.evaluate("window.notReloaded") is True
            assert mai.evaluate("window.notReloaded") is True
            omar.set_viewport_size({"width": 360, "height": 800})
            assert omar.evaluate("document.documentElement.scrollWidth") <= 360
            panel.screenshot(path=str(artifacts / "live-interpretation-360.png"))

            # Reloaded: Vietnamese is still the choice, with the floor as low as Omar left it.
            omar.reload()
            expect(omar.locator("#captions")).to_have_attribute("data-live", "on")
            expect(vietnamese).to_be_checked()
            expect(panel.get_by_label("Original sound under the interpretation")).to_have_value("50")
            assert omar.evaluate(floor_volume) == pytest.approx(0.5)
            expect(omar.get_by_label("Caption language")).to_have_value("vi")
            expect(panel.locator(".channel-switch [data-on-air-for='vi:audio']")).to_be_visible()

            # Back to the floor: full volume, no channel player, the captions in the session's language.
            original.check()
            expect(panel.locator(".channel-player")).to_be_hidden()
            assert omar.evaluate(floor_volume) == 1
            expect(omar.get_by_label("Caption language")).to_have_value("en")
            expect(captions).to_have_text(["The Chair opens the forum."])
            omar.reload()
            expect(original).to_be_checked()
        finally:
            mai.context.close()
            omar.context.close()


def test_channel_changes_reach_the_listeners_player_and_the_booth_team_chats_privately(
    browser: Browser, tmp_path: Path
) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        setup = run_pavilion(["shell", "--no-imports", "-c", CHANNELS], tmp_path, PAVILION_DEBUG="1")
        assert setup.returncode == 0, setup.stderr
        omar = open_live_panel(browser, base, "omar@example.org", path, heading="Captions", panel="captions")
        mai = open_live_panel(browser, base, "mai@example.org", path, heading="Captions", panel="captions")
        lan = open_live_panel(browser, base, "lan@example.org", path, heading="Captions", panel="captions")
        try:
            panel = omar.locator("#interpretation")
            french = panel.locator("input[name=listen][value='fr:audio']")
            french.check()
            expect(panel.locator(".channel-player audio")).to_have_attribute("src", "https://stream.invalid/fr.m3u8")

            # Lan, organising, hides French in this session on her interpretation page (another tab): it leaves
            # Omar's switcher and he is back on the floor.
            manage = lan.context.new_page()
            manage.goto(f"{base}/en/manage/digital-world/interpretation/broadband-forum/")
            manage.get_by_label("Hide the room's channel in this session").check()
            manage.locator("#channel-language").select_option("fr")
            manage.get_by_role("button", name="Save the change").click()
            expect(manage.get_by_text("The session's channels have been changed.")).to_be_visible()
            expect(french).to_have_count(0)
            expect(panel.get_by_role("radio", name="Original")).to_be_checked()
            expect(panel.locator(".channel-player")).to_be_hidden()
            # Then adds Russian: it appears, named in Russian, and plays when chosen.
            manage.get_by_label("Add a channel, or replace the room's channel of this language and type").check()
            manage.locator("#channel-language").select_option("ru")
            manage.locator("#channel-stream_url").fill("https://stream.invalid/ru.m3u8")
            manage.get_by_role("button", name="Save the change").click()
            expect(manage.get_by_text("The session's channels have been changed.")).to_be_visible()
            russian = panel.get_by_role("radio", name="русский")
            expect(russian).to_be_visible()
            russian.check()
            expect(panel.locator(".channel-player audio")).to_have_attribute("src", "https://stream.invalid/ru.m3u8")
            assert omar.evaluate("window.notReloaded") is True

            # The booth team's chat: Mai (the Vietnamese interpreter) writes, Lan (organising) reads it live;
            # Omar, a listener, has no such chat on his page.
            team = mai.locator("#interpreters-chat")
            team.get_by_label("Message to the booth team").fill("Handing over Vietnamese at 10:30")
            team.get_by_role("button", name="Send").click()
            expect(lan.locator("#interpreters-chat .team-lines li")).to_have_count(1)
            expect(lan.locator("#interpreters-chat")).to_contain_text("Handing over Vietnamese at 10:30")
            expect(lan.locator("#interpreters-chat")).to_contain_text("Lê Thị Mai")
            expect(omar.locator("#interpreters-chat")).to_have_count(0)
            assert mai.evaluate("window.notReloaded") is True
            assert lan.evaluate("window.notReloaded") is True
        finally:
            for page in (lan, mai, omar):
                page.context.close()
