from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from pavilion.accounts.models import User
from pavilion.boothtalk.contacts import leave_contact
from pavilion.leads import services
from pavilion.leads.models import Lead, LeadNote, LeadStatus
from tests.factories import UserFactory
from tests.leads.fixture import Fair, fair

pytestmark = pytest.mark.django_db

HEADER = [
    "Name",
    "E-mail",
    "Organisation",
    "Position",
    "Country or economy",
    "Telephone",
    "Status",
    "Score",
    "Created",
    "Source",
]


def _expected() -> list[list[str]]:
    """The two leads' rows. They are created when the booth's staff first look: today, asked when
    the test compares (a date taken when the file is imported is yesterday's after midnight)."""
    today = timezone.localdate().isoformat()
    return [
        ["Amina Diallo", "amina@example.org", "", "", "Senegal", "", "New", "61", today, "Contact request, Survey"],
        ["Bao Tran", "bao@example.org", "", "", "Viet Nam", "", "New", "20", today, "Survey"],
    ]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_leads_come_from_consented_sources_only() -> None:
    stand = fair()
    services.refresh_leads(booth=stand.booth)
    assert set(Lead.objects.filter(booth=stand.booth).values_list("visitor_id", flat=True)) == {
        stand.amina.pk,
        stand.bao.pk,
    }


def test_leads_contact_is_exactly_what_was_consented() -> None:
    stand = fair()
    rows = services.leads_of(booth=stand.booth)
    assert [row.contact for row in rows] == [
        {"name": "Amina Diallo", "email": "amina@example.org", "country": "SN"},
        {"name": "Bao Tran", "email": "bao@example.org", "country": "VN"},
    ]
    assert "position" not in rows[0].contact  # Amina has a position but did not share it


def test_leads_score_and_reasons_from_the_fixture() -> None:
    stand = fair()
    amina, bao = services.leads_of(booth=stand.booth)
    assert amina.score.points == 30 + 15 + 7 + 5 + 4
    assert amina.score.reasons == [
        "Very interested in Private 5G (+30)",
        "3 visits (+15)",
        "7 minutes at the booth (+7)",
        "1 download (+5)",
        "2 chat messages (+4)",
    ]
    assert bao.score.reasons == ["Interested in Lotus Networks (+20)"]


def test_leads_withdrawn_consent_removes_the_lead() -> None:
    stand = fair()
    services.refresh_leads(booth=stand.booth)
    stand.bao.survey_responses.update(consent_to_share=False)
    services.refresh_leads(booth=stand.booth)
    assert list(Lead.objects.filter(booth=stand.booth).values_list("visitor_id", flat=True)) == [stand.amina.pk]


def test_leads_deleted_account_deletes_lead_and_notes() -> None:
    stand = fair()
    services.refresh_leads(booth=stand.booth)
    lead = Lead.objects.get(booth=stand.booth, visitor=stand.amina)
    services.add_note(lead=lead, author=stand.staff, text="Call back")
    stand.amina.delete()
    assert Lead.objects.filter(booth=stand.booth).count() == 1
    assert LeadNote.objects.count() == 0


def test_leads_export_csv_equals_the_fixture_exactly() -> None:
    stand = fair()
    response = _client(stand.staff).get(stand.base + "leads/leads.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [HEADER, *_expected()]
    assert b"carl" not in response.content.lower()
    assert b"CTO" not in response.content


def test_leads_export_xlsx_equals_the_fixture_exactly() -> None:
    stand = fair()
    response = _client(stand.staff).get(stand.base + "leads/leads.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [[str(value) if value is not None else "" for value in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [HEADER, *_expected()]


def test_leads_export_xlsx_columns_fit_their_content() -> None:
    stand = fair()
    response = _client(stand.staff).get(stand.base + "leads/leads.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"}
    assert widths["B"] == len("amina@example.org") + 2  # the widest e-mail address
    assert widths["E"] == len("Country or economy") + 2  # the header is the widest
    assert widths["J"] == len("Contact request, Survey") + 2
    assert min(widths.values()) >= 10
    assert sheet.freeze_panes == "A2"


def test_leads_export_follows_the_filters() -> None:
    stand = fair()
    response = _client(stand.staff).get(stand.base + "leads/leads.csv?country=vn")
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [HEADER, _expected()[1]]


def test_leads_page_lists_score_and_reasons() -> None:
    stand = fair()
    response = _client(stand.staff).get(stand.base + "leads/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Very interested in Private 5G (+30)" in html
    assert html.index("Amina Diallo") < html.index("Bao Tran")
    assert "Carl Hidden" not in html


@pytest.mark.parametrize(
    ("query", "names"), [("min_score=50", ["Amina"]), ("status=contacted", []), ("country=SN", ["Amina"])]
)
def test_leads_page_filters(query: str, names: list[str]) -> None:
    stand = fair()
    html = _client(stand.staff).get(stand.base + "leads/?" + query).content.decode()
    assert [name for name in ("Amina", "Bao") if name in html] == names


def test_leads_page_bad_filter_is_400() -> None:
    stand = fair()
    assert _client(stand.staff).get(stand.base + "leads/?min_score=abc").status_code == 400


@pytest.mark.parametrize("who", ["other_staff", "visitor", "organiser"])
def test_leads_pages_are_404_for_others(who: str) -> None:
    stand = fair()
    services.refresh_leads(booth=stand.booth)
    lead = Lead.objects.get(booth=stand.booth, visitor=stand.amina)
    if who == "other_staff":
        user = stand.other_staff
    elif who == "visitor":
        user = stand.amina
    else:
        user = UserFactory.create()
        stand.booth.event.organising_team.add(user)
    client = _client(user)
    for url in ("leads/", "leads/leads.csv", "leads/leads.xlsx", f"leads/{lead.pk}/", "dashboard/"):
        assert client.get(stand.base + url).status_code == 404, url
    assert client.post(stand.base + f"leads/{lead.pk}/", {"status": "closed"}).status_code == 404
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_leads_detail_changes_status_and_adds_notes() -> None:
    stand = fair()
    services.refresh_leads(booth=stand.booth)
    lead = Lead.objects.get(booth=stand.booth, visitor=stand.amina)
    client = _client(stand.staff)
    url = stand.base + f"leads/{lead.pk}/"
    response = client.post(url, {"status": "qualified"}, follow=True)
    assert "The status was saved." in response.content.decode()
    response = client.post(url, {"text": "Wants a demo"}, follow=True)
    assert "The note was added." in response.content.decode()
    assert "Wants a demo" in response.content.decode()
    assert "<dt>E-mail</dt><dd>amina@example.org</dd>" in response.content.decode()
    assert "<dt>Country or economy</dt><dd>Senegal</dd>" in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.QUALIFIED
    assert list(lead.notes.values_list("text", "author")) == [("Wants a demo", stand.staff.pk)]


def test_leads_detail_refuses_bad_forms() -> None:
    stand = fair()
    services.refresh_leads(booth=stand.booth)
    lead = Lead.objects.get(booth=stand.booth, visitor=stand.amina)
    client = _client(stand.staff)
    assert client.post(stand.base + f"leads/{lead.pk}/", {"status": "won"}).status_code == 400
    assert client.post(stand.base + f"leads/{lead.pk}/", {"text": "   "}).status_code == 400
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW
    assert lead.notes.count() == 0


def _count_queries(stand: Fair) -> int:
    client = _client(stand.staff)
    client.get(stand.base + "leads/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(stand.base + "leads/").status_code == 200
    return len(queries)


def test_leads_page_queries_do_not_grow_with_leads() -> None:
    stand = fair()
    stand.bao.survey_responses.update(consent_to_share=False)
    one = _count_queries(stand)
    assert Lead.objects.filter(booth=stand.booth).count() == 1
    stand.bao.survey_responses.update(consent_to_share=True)
    leave_contact(booth=stand.booth, by=UserFactory.create(), fields=["name", "email"], consent=True)
    three = _count_queries(stand)
    assert Lead.objects.filter(booth=stand.booth).count() == 3
    assert one == three


def test_leads_export_never_writes_formulas() -> None:
    stand = fair()
    stand.amina.contact_requests.update(name="=HYPERLINK(1)")
    response = _client(stand.staff).get(stand.base + "leads/leads.csv")
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1][0] == "'=HYPERLINK(1)"
    sheet = load_workbook(io.BytesIO(_client(stand.staff).get(stand.base + "leads/leads.xlsx").content)).active
    assert sheet is not None
    # In XLSX the cell is stored as text, so it keeps exactly what the visitor typed (no apostrophe).
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=HYPERLINK(1)", "s")
