"""A drafting session, live: the chair (Lan, the programme's secretariat) and a delegate (Omar, of Jordan,
a member) both follow the session page. Omar proposes an amendment on the text's page; it appears on
Lan's session page without a reload; so does a second delegation's (Mai, of Viet Nam). Lan rejects
Viet Nam's, recommends and accepts Jordan's and adopts the text; Omar's session page follows each step
without a reload. Her session page also offers to record a decision of the
session as a commitment (after a confirmation), which his does not.

Like the other live journeys it runs a real `pavilion serve` (ASGI, with the /live gateway) on its own
SQLite database (tests/e2e/live_site.py), and adds the programme with `pavilion shell`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import run_pavilion
from tests.e2e.live_site import PASSWORD, open_live_panel, set_up_session
from tests.e2e.signing_in import signed_in_page
from tests.servers import running_server

pytestmark = [pytest.mark.e2e, pytest.mark.own_database]

PROGRAMME = """
import json
from pavilion.accounts.models import User
from pavilion.accreditation.models import ParticipantCategory, Registration
from pavilion.events.models import Session
from pavilion.programmes import outcomes
from pavilion.programmes.models import Membership, Programme, ProgrammeMeeting

session = Session.objects.select_related("event").get(slug="broadband-forum")
lan = User.objects.get(email="lan@example.org")
programme = Programme.objects.create(
    slug="dco", kind="body", name={"en": "Digital Cooperation Programme"}, acronym="DCP", is_published=True,
)
ProgrammeMeeting.objects.create(programme=programme, event=session.event, code="VDW")
Membership.objects.create(programme=programme, country="JO")
Membership.objects.create(programme=programme, country="VN")
Registration.objects.create(
    event=session.event, user=User.objects.get(email="mai@example.org"), country="VN", function="delegate",
    category=ParticipantCategory.objects.get(slug="member-delegate"), status="approved",
)
programme.secretariat.add(lan)
declaration = outcomes.create_outcome(
    programme=programme, by=lan, slug="hanoi-declaration", title={"en": "Ha Noi Declaration"},
    meeting=session.event, drafting_session=session,
    paragraphs=[{"en": "We met online."}, {"en": "We welcome broadband for all."}],
)
outcomes.advance_outcome(outcome=declaration, by=lan)
print(json.dumps({"outcome": "/en/programmes/dco/outcomes/hanoi-declaration/", "session_id": session.pk}))
"""

AMENDED = "We welcome affordable broadband for all by 2030."


def _drafting(page: Page) -> Page:
    expect(page.locator("#outcomes")).to_contain_text("Ha Noi Declaration")
    return page


def test_an_amendment_travels_live_between_delegate_and_chair_until_adoption(
    browser: Browser, tmp_path: Path, artifacts: Path
) -> None:
    with running_server(tmp_path, workers=1) as base:
        path = set_up_session(tmp_path)
        setup = run_pavilion(["shell", "--no-imports", "-c", PROGRAMME], tmp_path, PAVILION_DEBUG="1")
        assert setup.returncode == 0, setup.stderr
        created = json.loads(setup.stdout.strip().splitlines()[-1])
        lan = _drafting(open_live_panel(browser, base, "lan@example.org", path, heading="Drafting", panel="outcomes"))
        omar = _drafting(open_live_panel(browser, base, "omar@example.org", path, heading="Drafting", panel="outcomes"))
        lan_panel, omar_panel = lan.locator("#outcomes"), omar.locator("#outcomes")
        opened = [lan, omar]
        try:
            expect(lan_panel.locator(".badge").first).to_have_text("Under negotiation")
            expect(lan_panel.locator(".amendment")).to_have_count(0)

            # Omar proposes on the text's page (another tab); Lan's session page shows it by itself.
            omar_text = omar.context.new_page()
            omar_text.goto(f"{base}{created['outcome']}")
            omar_text.get_by_text("Propose an amendment to paragraph 2").click()
            form = omar_text.locator('.outcome-paragraphs > li[value="2"]')
            form.get_by_label("Proposed text").fill(AMENDED)
            form.get_by_label("Reason").fill("Affordability is what the gap is about.")
            form.get_by_role("button", name="Propose").click()
            expect(omar_text.get_by_role("article", name="Amendment by Jordan")).to_contain_text("Pending")
            amendment = lan_panel.locator(".amendment")
            expect(amendment).to_contain_text("Jordan")
            expect(amendment).to_contain_text("Pending")
            expect(amendment.locator(".diff ins").first).to_contain_text("affordable")
            expect(omar_panel.locator(".amendment")).to_contain_text("Pending")

            # A second delegation proposes a new paragraph after the first: both session pages show it.
            mai = signed_in_page(browser, base, "mai@example.org", PASSWORD)
            opened.append(mai)
            mai.goto(f"{base}{created['outcome']}")
            mai.get_by_text("Propose an amendment to paragraph 1").click()
            first = mai.locator('.outcome-paragraphs > li[value="1"]')
            first.get_by_label("Insert a new paragraph after it").check()
            first.get_by_label("Proposed text").fill("We thank Viet Nam for hosting.")
            first.get_by_label("Reason").fill("Courtesy to the host.")
            first.get_by_role("button", name="Propose").click()
            expect(mai.get_by_role("article", name="Amendment by Viet Nam")).to_contain_text("Pending")
            for panel in (lan_panel, omar_panel):
                expect(panel.locator(".amendment")).to_have_count(2)
                expect(panel.locator(".amendment").first).to_contain_text("Viet Nam")

            # Lan, chairing, recommends accepting and accepts on the text's page: Omar's session page follows.
            lan_text = lan.context.new_page()
            lan_text.goto(f"{base}{created['outcome']}")
            lan_text.get_by_role("article", name="Amendment by Viet Nam").get_by_role(
                "button", name="Reject", exact=True
            ).click()
            expect(omar_panel.locator(".amendment").first).to_contain_text("Rejected")
            expect(omar_panel.locator(".outcome-paragraphs > li")).to_have_count(2)  # nothing inserted
            proposal = lan_text.get_by_role("article", name="Amendment by Jordan")
            proposal.get_by_role("button", name="Recommend accepting").click()
            expect(omar_panel.locator(".amendment").nth(1)).to_contain_text("Chair: Recommends accepting")
            lan_text.get_by_role("article", name="Amendment by Jordan").get_by_role(
                "button", name="Accept", exact=True
            ).click()
            expect(omar_panel.locator(".amendment").nth(1)).to_contain_text("Accepted")
            expect(omar_panel.locator(".outcome-paragraphs > li").nth(1)).to_contain_text(AMENDED)

            # She adopts the text: both session pages say so.
            lan_text.get_by_role("button", name="Adopt the text").click()
            expect(lan_text.locator(".meta .badge")).to_have_text("Adopted")
            expect(omar_panel.locator(".badge").first).to_have_text("Adopted")
            expect(lan_panel.locator(".badge").first).to_have_text("Adopted")
            omar.screenshot(path=str(artifacts / "live-drafting-delegate.png"), full_page=True)

            # Neither session page was reloaded: everything travelled over the live connection.
            assert lan.evaluate("window.notReloaded") is True
            assert omar.evaluate("window.notReloaded") is True

            # The session's decision, recorded as a commitment: offered to the chair, not to the delegate.
            decision = f"/en/programmes/dco/commitments/from-session/{created['session_id']}/"
            expect(omar.locator(f'#documents a[href="{decision}"]')).to_have_count(0)
            lan.reload()
            lan.get_by_role("link", name="Record a decision as a commitment").click()
            lan.get_by_label("The decision, as taken in the session").fill("Jordan hosts a broadband workshop in 2021.")
            lan.get_by_label("Title (English)").fill("Broadband workshop")
            lan.get_by_label("Owner: country or economy").select_option("JO")
            lan.get_by_role("button", name="Continue").click()
            expect(lan.get_by_role("heading", name="Check and confirm")).to_be_visible()
            lan.get_by_role("button", name="Confirm: record the commitment").click()
            expect(lan.get_by_role("heading", level=1)).to_have_text("Broadband workshop")
            expect(lan.locator("dl.facts")).to_contain_text("A decision in a session — Closing the broadband gap")
        finally:
            for page in opened:
                page.context.close()
