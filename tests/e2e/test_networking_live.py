"""Meetings live: Mai asks Omar for a meeting and his "My meetings" shows it without a reload; he
accepts and her "My meetings" shows the meeting agreed, again without a reload.

Runs a real `pavilion serve` (ASGI, with the /live gateway) on its own SQLite database, like the other
live journeys (tests/e2e/live_site.py, whose accounts and event it uses).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import run_pavilion
from tests.e2e.live_site import PASSWORD, set_up_session
from tests.e2e.signing_in import signed_in_page
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]

LISTED = """
import json
from datetime import datetime, timedelta, timezone
from pavilion.accounts.models import User
from pavilion.accreditation.models import ParticipantCategory, Registration
from pavilion.events.models import Event
from pavilion.networking.models import MeetingSlot
from pavilion.networking.profiles import save_profile

event = Event.objects.get(slug="digital-world")
start = (datetime.now(timezone.utc) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
slots = [MeetingSlot.objects.create(event=event, starts_at=start + timedelta(minutes=30 * i)) for i in range(2)]
mai = User.objects.get(email="mai@example.org")
Registration.objects.create(
    event=event, user=mai, category=ParticipantCategory.objects.get(event=event), country="VN",
    function="vice_minister", status="approved",
)
for user in (mai, User.objects.get(email="omar@example.org")):
    save_profile(event=event, by=user, is_listed=True, shown_fields=["country"], available_slots=slots)
print(json.dumps({"omar": User.objects.get(email="omar@example.org").pk}))
"""


def test_a_request_and_its_answer_reach_the_other_side_without_a_reload(browser: Browser, tmp_path: Path) -> None:
    with running_server(tmp_path, workers=1) as base:
        set_up_session(tmp_path)
        setup = run_pavilion(["shell", "--no-imports", "-c", LISTED], tmp_path, PAVILION_DEBUG="1")
        assert setup.returncode == 0, setup.stderr
        omar_id = json.loads(setup.stdout.strip().splitlines()[-1])["omar"]
        meetings = f"{base}/en/events/digital-world/networking/meetings/"
        omar = signed_in_page(browser, base, "omar@example.org", PASSWORD)
        mai = signed_in_page(browser, base, "mai@example.org", PASSWORD)
        try:
            omar.goto(meetings)
            expect(omar.locator("#meetings-live")).to_have_attribute("data-live", "on")
            expect(omar.get_by_text("No meetings yet.")).to_be_visible()
            omar.evaluate("window.notReloaded = true")

            mai.goto(f"{base}/en/events/digital-world/networking/people/{omar_id}/meet/")
            mai.get_by_label("What would you like to talk about?").fill("Rural 5G in the Mekong delta")
            mai.get_by_role("button", name="Send the request").click()
            expect(mai.get_by_text("Waiting for the other side's answer.")).to_be_visible()
            expect(mai.locator("#meetings-live")).to_have_attribute("data-live", "on")
            mai.evaluate("window.notReloaded = true")

            # Omar's page shows the request, and the count to answer, without a reload.
            request = omar.get_by_role("listitem").filter(has_text="Rural 5G in the Mekong delta")
            expect(request.get_by_role("button", name="Accept")).to_be_visible()
            expect(omar.locator("#networking-nav .badge")).to_have_text("1 to answer")
            expect(omar.get_by_role("status").filter(has_text="Your meetings have changed")).to_be_visible()
            assert omar.evaluate("window.notReloaded") is True

            request.get_by_role("button", name="Accept").click()
            expect(omar.get_by_text("Meeting accepted. It is in your agenda.")).to_be_visible()
            # Mai's page follows: the meeting is agreed, with nothing left to wait for.
            agreed = mai.get_by_role("listitem").filter(has_text="Rural 5G in the Mekong delta")
            expect(agreed.get_by_role("button", name="Cancel the meeting")).to_be_visible()
            expect(mai.get_by_text("Waiting for the other side's answer.")).to_have_count(0)
            assert mai.evaluate("window.notReloaded") is True
        finally:
            omar.context.close()
            mai.context.close()
