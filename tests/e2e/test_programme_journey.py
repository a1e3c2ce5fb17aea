"""The secretariat's path (issue 15's "done when"), on a phone and in a desktop browser: create the
programme, upload a document in three languages and see it numbered, restrict it, publish a draft
declaration, two delegations propose amendments, adopt it, turn two paragraphs into commitments,
report progress at a later meeting, download the register and the adopted text; a delegate of
another programme sees none of the restricted records."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from pavilion.programmes.models import Commitment, Document, Membership, Programme, ProgrammeMeeting
from tests.e2e.signing_in import sign_in
from tests.exhibition.files import minimal_pdf
from tests.factories import TEST_PASSWORD, EventFactory, RegistrationFactory, SessionFactory, UserFactory
from tests.programmes.files import docx_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DECLARATION = "We met in St Petersburg.\n\nWe welcome broadband for all.\n\nWe instruct the TEL to report."


def _person(browser: Browser, base: str, email: str, *, phone: bool = False) -> Page:
    options = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True} if phone else {}
    page = browser.new_context(locale="en-GB", timezone_id="Europe/Zurich", **options).new_page()  # type: ignore[arg-type]
    page.set_default_timeout(20_000)
    sign_in(page, base, email, TEST_PASSWORD)
    return page


def test_secretariat_runs_a_programme_from_documents_to_commitments(
    browser: Browser, live_server: LiveServer, artifacts: Path
) -> None:
    base = live_server.url
    tel45 = EventFactory.create(
        slug="tel45", name={"en": "APEC TEL45"}, start_date=date(2012, 4, 16), end_date=date(2012, 4, 21)
    )
    tel46 = EventFactory.create(
        slug="tel46", name={"en": "APEC TEL46"}, start_date=date(2012, 10, 1), end_date=date(2012, 10, 5)
    )
    SessionFactory.create(event=tel45, slug="drafting", title={"en": "Declaration drafting"}, kind="drafting")
    secretariat = UserFactory.create(email="secretariat@example.org", full_name="Secretariat Officer")
    secretariat.user_permissions.add(Permission.objects.get(codename="add_programme"))
    RegistrationFactory.create(event=tel45, country="VN", user=UserFactory.create(email="vn@example.org"))
    RegistrationFactory.create(event=tel45, country="RU", user=UserFactory.create(email="ru@example.org"))
    other = Programme.objects.create(slug="sco", kind="summit_series", name={"en": "SCO"}, is_published=True)
    karamay = EventFactory.create(slug="karamay")
    ProgrammeMeeting.objects.create(programme=other, event=karamay, code="K")
    Membership.objects.create(programme=other, country="PK")
    RegistrationFactory.create(event=karamay, country="PK", user=UserFactory.create(email="pk@example.org"))

    phone = _person(browser, base, "secretariat@example.org", phone=True)
    phone.goto(f"{base}/en/programmes/")
    phone.get_by_role("link", name="Create a programme").click()
    phone.get_by_label("Short name for links").fill("apec-tel")
    phone.get_by_label("Name (English)").fill("APEC TEL")
    phone.get_by_label("Commitment tracker").select_option("members")
    phone.get_by_label("Published").check()
    phone.get_by_role("button", name="Create").click()
    for event, code in [(tel45, "TEL45"), (tel46, "TEL46")]:
        phone.get_by_label("Event").select_option(str(event.pk))
        phone.get_by_label("Code in document numbers").fill(code)
        phone.get_by_role("button", name="Add the meeting").click()
    for country in ["VN", "RU"]:
        phone.get_by_label("Country or economy").select_option(country)
        phone.get_by_role("button", name="Add the member").click()
    expect(phone.get_by_role("list").filter(has_text="Viet Nam")).to_contain_text("Russia")

    phone.get_by_role("link", name="Upload a document").first.click()
    phone.get_by_label("Type").select_option("contribution")
    phone.get_by_label(re.compile(r"^Meeting:?$")).select_option(str(tel45.pk))
    phone.get_by_label("Group").fill("LSG")
    phone.get_by_label("Title (English)").fill("Broadband for all")
    phone.get_by_label("Title (Russian)").fill("Широкополосный доступ для всех")
    phone.get_by_label("Title (Vietnamese)").fill("Băng rộng cho mọi người")
    phone.get_by_label("File in English").set_input_files(
        {"name": "en.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}
    )
    phone.get_by_label("File in Russian").set_input_files(
        {"name": "ru.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}
    )
    phone.get_by_label("File in Vietnamese").set_input_files(
        {"name": "vi.docx", "mimeType": "application/octet-stream", "buffer": docx_file().read()}
    )
    phone.get_by_role("button", name="Save and number").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("2012/TEL45/LSG/001")
    phone.screenshot(path=str(artifacts / "programme-document-numbered-phone.png"), full_page=True)
    phone.get_by_label("Who may open the files").select_option("members")
    phone.get_by_label("List the record publicly").uncheck()
    phone.get_by_role("button", name="Save", exact=True).first.click()
    expect(phone.get_by_text("Programme members").first).to_be_visible()
    document = Document.objects.get(number="2012/TEL45/LSG/001")
    assert (document.access, document.files.count()) == ("members", 3)

    desk = _person(browser, base, "secretariat@example.org")
    desk.goto(f"{base}/en/programmes/apec-tel/outcomes/new/")
    desk.get_by_label("Short name for links").fill("telmin9")
    desk.get_by_label("Title (English)").fill("Draft TELMIN9 declaration")
    desk.get_by_label(re.compile(r"^Meeting:?$")).select_option(str(tel45.pk))
    desk.get_by_label("Drafting session").select_option(label="Declaration drafting")
    desk.get_by_label(re.compile(r"^Text:?$")).fill(DECLARATION)
    desk.get_by_role("button", name="Save the draft").click()
    desk.get_by_role("button", name="Open the negotiation").click()
    expect(desk.get_by_text("Under negotiation").first).to_be_visible()

    for email, paragraph, text in [
        ("vn@example.org", 2, "We welcome affordable broadband for all."),
        ("ru@example.org", 3, "We instruct the TEL to report at TELMIN10."),
    ]:
        delegate = _person(browser, base, email)
        delegate.goto(f"{base}/en/programmes/apec-tel/outcomes/telmin9/")
        proposal = delegate.locator("details").filter(has_text=f"paragraph {paragraph}")
        proposal.locator("summary").click()
        proposal.get_by_label("Proposed text").fill(text)
        proposal.get_by_label("Reason").fill("Clearer")
        proposal.get_by_role("button", name="Propose").click()
        expect(delegate.locator("ins").first).to_be_visible()
        delegate.context.close()

    desk.reload()
    for _ in range(2):
        desk.get_by_role("button", name="Accept", exact=True).first.click()
    desk.get_by_role("button", name="Adopt the text").click()
    desk.get_by_role("link", name="The text as adopted").click()
    expect(desk.get_by_role("cell", name="We welcome affordable broadband for all.")).to_be_visible()
    with desk.expect_download() as adopted:
        desk.get_by_role("link", name="Download (DOCX)").first.click()
    exported = docx.Document(io.BytesIO(Path(adopted.value.path()).read_bytes()))
    lines = [paragraph.text for paragraph in exported.paragraphs]
    assert lines[2:] == [
        "1. We met in St Petersburg.",
        "2. We welcome affordable broadband for all.",
        "3. We instruct the TEL to report at TELMIN10.",
    ]

    for number, country in [(2, "VN"), (3, "RU")]:
        desk.goto(f"{base}/en/programmes/apec-tel/outcomes/telmin9/")
        desk.get_by_role("link", name=f"Turn paragraph {number} into a commitment").click()
        desk.get_by_label("Owner: country or economy").select_option(country)
        desk.get_by_role("button", name="Save").click()
        expect(desk.get_by_role("heading", level=2, name="Progress reports")).to_be_visible()
    commitment = Commitment.objects.get(country="VN")
    desk.goto(f"{base}/en/programmes/apec-tel/commitments/{commitment.pk}/")
    desk.get_by_label("Date").fill("2012-10-02")
    desk.get_by_label("Meeting where it was reported").select_option(str(tel46.pk))
    desk.get_by_label("Status").select_option("advanced")
    desk.get_by_role("button", name="Report").click()
    expect(desk.locator(".timeline")).to_contain_text("APEC TEL46")
    desk.goto(f"{base}/en/programmes/apec-tel/commitments/")
    expect(desk.get_by_role("row").filter(has_text="We welcome affordable")).to_contain_text("75%")
    desk.goto(f"{base}/en/programmes/apec-tel/documents/")
    with desk.expect_download() as register:
        desk.get_by_role("link", name="Download the register (CSV)").click()
    assert "2012/TEL45/LSG/001" in Path(register.value.path()).read_text(encoding="utf-8-sig")
    desk.screenshot(path=str(artifacts / "programme-register.png"), full_page=True)

    outsider = _person(browser, base, "pk@example.org")
    assert outsider.goto(f"{base}/en/programmes/apec-tel/documents/{document.pk}/").status == 404  # type: ignore[union-attr]
    outsider.goto(f"{base}/en/programmes/apec-tel/documents/?q=broadband")
    expect(outsider.get_by_text("No document matches.")).to_be_visible()
    assert outsider.goto(f"{base}/en/programmes/apec-tel/commitments/").status == 404  # type: ignore[union-attr]
    api = outsider.request.get(f"{base}/api/v1/programmes/apec-tel/documents/")
    assert api.json() == []
    for page in [phone, desk, outsider]:
        page.context.close()
