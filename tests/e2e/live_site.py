"""A real ASGI site for live browser journeys (pytest-django's live_server has no WebSockets).

`pavilion serve` runs on its own SQLite database; SETUP (run with `pavilion shell`) creates a
published event, a public session happening now (in English and Vietnamese), and three verified
accounts: Lan organises; Mai captions the session; Omar is registered (approved) as Jordan's
minister, so he may ask for the floor.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.conftest import run_pavilion
from tests.e2e.signing_in import signed_in_page

PASSWORD = "a-long-test-password-for-live"

SETUP = f"""
import json
from datetime import date, datetime, timedelta, timezone
from allauth.account.models import EmailAddress
from pavilion.accounts.models import User
from pavilion.captions.models import Captioner
from pavilion.accreditation.models import ParticipantCategory, Registration
from pavilion.events.models import Event, Session

event = Event.objects.create(
    slug="digital-world", kind="summit", name={{"en": "Virtual Digital World"}},
    start_date=date(2020, 10, 20), end_date=date(2020, 10, 22), time_zone="Asia/Ho_Chi_Minh",
    is_online=True, content_locales=["en"], is_published=True,
)
starts = datetime.now(timezone.utc).replace(microsecond=0)
session = Session.objects.create(
    event=event, slug="broadband-forum", kind="forum", title={{"en": "Closing the broadband gap"}},
    starts_at=starts, ends_at=starts + timedelta(hours=2), access_level="public", languages=["en", "vi"],
)
people = [("lan@example.org", "Nguyễn Thị Lan"), ("omar@example.org", "Omar Haddad"), ("mai@example.org", "Lê Thị Mai")]
for email, name in people:
    user = User.objects.create_user(email=email, password={PASSWORD!r}, full_name=name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
event.organising_team.add(User.objects.get(email="lan@example.org"))
Captioner.objects.create(event=event, session=session, user=User.objects.get(email="mai@example.org"))
delegates = ParticipantCategory.objects.create(
    event=event, slug="member-delegate", name={{"en": "Member State delegate"}}, is_accredited=True,
)
Registration.objects.create(
    event=event, user=User.objects.get(email="omar@example.org"), category=delegates, country="JO",
    function="minister", status="approved",
)
print(json.dumps({{"path": f"/en/events/{{event.slug}}/sessions/{{session.slug}}/"}}))
"""


def set_up_session(var_dir: Path) -> str:
    """Run SETUP against the site whose data is in ``var_dir``; return the session page's path."""
    setup = run_pavilion(["shell", "--no-imports", "-c", SETUP], var_dir, PAVILION_DEBUG="1")
    assert setup.returncode == 0, setup.stderr
    return str(json.loads(setup.stdout.strip().splitlines()[-1])["path"])


def open_live_panel(browser: Browser, base: str, email: str, path: str, *, heading: str, panel: str) -> Page:
    """Sign in, open the session page and wait until the panel's live client has its snapshot."""
    page = signed_in_page(browser, base, email, PASSWORD)
    # At the panel's fragment: on the session page chat, questions, polls and the floor are tabs,
    # and the fragment opens the one holding the panel.
    page.goto(f"{base}{path}#{panel}")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    # The live client has its snapshot: the forms now send commands instead of posting.
    expect(page.locator(f"#{panel}")).to_have_attribute("data-live", "on")
    page.evaluate("window.notReloaded = true")
    return page
