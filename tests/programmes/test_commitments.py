"""Commitments (roll-up, reports, tracker access, CSV, reminders, My data) and the statement archive."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pavilion.accounts.privacy import personal_data
from pavilion.events.services import add_to_agenda
from pavilion.programmes import commitments, outcomes
from pavilion.programmes.models import Commitment, Statement
from tests.factories import OrganisationFactory, SessionFactory
from tests.programmes.factories import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def _commitment(world: World, title: str = "National cybersecurity strategy", **extra: object) -> Commitment:
    arguments: dict[str, object] = {
        "programme": world.programme,
        "by": world.secretariat,
        "title": {"en": title},
        "country": "VN",
    }
    arguments.update(extra)
    return commitments.create_commitment(**arguments)  # type: ignore[arg-type]


def test_parts_roll_up_their_progress_weighted(world: World) -> None:
    plan = _commitment(world, "Work plan 2022")
    strategy = _commitment(world, "Strategy", parent=plan, weight=3, status="completed")
    training = _commitment(world, "Training", parent=plan, weight=1, status="planned")
    campaign = _commitment(world, "Campaign", parent=training, weight=1, status="started")
    _commitment(world, "Courses", parent=training, weight=1, status="advanced")
    _chosen, progress = commitments.tracker(programme=world.programme)
    assert progress[campaign.pk] == 25
    assert progress[training.pk] == 50  # (25 + 75) / 2
    assert progress[strategy.pk] == 100
    assert progress[plan.pk] == 88  # (100 * 3 + 50 * 1) / 4 = 87.5


def test_from_a_paragraph_only_once_the_text_is_adopted(world: World) -> None:
    declaration = outcomes.create_outcome(
        programme=world.programme, by=world.secretariat, slug="d", title={"en": "D"}, paragraphs=[{"en": "We act."}]
    )
    paragraph = outcomes.numbered_paragraphs(declaration)[0][1]
    with pytest.raises(ValidationError):
        _commitment(world, paragraph=paragraph)
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    outcomes.advance_outcome(outcome=declaration, by=world.secretariat)
    paragraph.refresh_from_db()
    made = _commitment(world, paragraph=paragraph, partners=[("RU", None), ("", OrganisationFactory.create())])
    assert (made.origin, made.partners.count()) == ("paragraph", 2)


def test_owner_delegates_and_secretariat_report_progress_others_cannot(world: World) -> None:
    item = _commitment(world)
    commitments.report_progress(
        commitment=item, by=world.member, status="started", reported_on=date(2022, 3, 1), meeting=world.meeting
    )
    commitments.report_progress(
        commitment=item, by=world.secretariat, status="advanced", progress=60, reported_on=date(2022, 9, 1)
    )
    for user in [world.participant, world.outsider]:
        with pytest.raises(PermissionDenied):
            commitments.report_progress(commitment=item, by=user, status="completed", reported_on=date(2022, 10, 1))
    item.refresh_from_db()
    assert (item.status.slug, item.progress) == ("advanced", 60)
    assert [(report.reported_on, report.progress, report.meeting_id) for report in item.reports.all()] == [
        (date(2022, 3, 1), 25, world.meeting.pk),
        (date(2022, 9, 1), 60, None),
    ]
    page = Client()
    page.force_login(world.member)
    html = page.get(f"/en/programmes/apec-tel/commitments/{item.pk}/").content.decode()
    assert '<time datetime="2022-03-01">2022-03-01</time>' in html
    assert "Report progress" in html
    (listed,) = page.get("/api/v1/programmes/apec-tel/commitments/").json()
    assert listed["reports"] == [
        {"reported_on": "2022-03-01", "meeting": "tel45", "status": "started", "progress": 25, "note": {}},
        {"reported_on": "2022-09-01", "meeting": None, "status": "advanced", "progress": 60, "note": {}},
    ]
    assert listed["session"] is None


def test_commitments_api_reads_reports_without_a_query_per_commitment(world: World) -> None:
    client = Client()
    client.force_login(world.secretariat)

    def queries_for(count: int) -> int:
        for index in range(count - world.programme.commitments.count()):
            item = _commitment(world, f"Item {index}")
            commitments.report_progress(
                commitment=item,
                by=world.secretariat,
                status="started",
                reported_on=date(2022, 3, 1),
                meeting=world.meeting,
            )
        with CaptureQueriesContext(connection) as captured:
            assert len(client.get("/api/v1/programmes/apec-tel/commitments/").json()) == count
        return len(captured)

    assert queries_for(1) == queries_for(3)


@pytest.mark.parametrize("tracker_access", ["members", "public"])
def test_tracker_access_in_pages_and_api(world: World, tracker_access: str) -> None:
    world.programme.tracker_access = tracker_access
    world.programme.save()
    _commitment(world)
    for role, user in world.roles().items():
        client = Client()
        if user is not None:
            client.force_login(user)
        allowed = tracker_access == "public" or role in {"admin", "secretariat", "member"}
        assert client.get("/en/programmes/apec-tel/commitments/").status_code == (200 if allowed else 404), role
        api = client.get("/api/v1/programmes/apec-tel/commitments/")
        assert api.status_code == (200 if allowed else 404), role
        if allowed:
            assert [item["title"] for item in api.json()] == [{"en": "National cybersecurity strategy"}]


def test_csv_export_and_import_all_or_nothing(world: World) -> None:
    plan = _commitment(world, "Plan", due_date=date(2022, 6, 30), theme="cybersecurity")
    _commitment(world, "Part", parent=plan, status="completed")
    client = Client()
    client.force_login(world.secretariat)
    exported = client.get("/en/programmes/apec-tel/commitments/?format=csv").content.decode("utf-8-sig")
    assert exported.splitlines() == [
        "title,owner_country,owner_organisation,partners,theme,due_date,status,progress,weight,parent",
        "Plan,VN,,,cybersecurity,2022-06-30,planned,100,1,",
        "Part,VN,,,,,completed,100,1,Plan",
    ]
    bad = exported.replace("Part,VN", "Part,").encode()
    with pytest.raises(ValidationError, match="Line 3"):
        commitments.import_csv(programme=world.programme, by=world.secretariat, data=bad)
    assert Commitment.objects.count() == 2
    created = commitments.import_csv(programme=world.programme, by=world.secretariat, data=exported.encode("utf-8-sig"))
    fresh = Commitment.objects.filter(pk__in=[item.pk for item in created]).order_by("pk")
    assert [(str(item.title), item.parent_id == created[0].pk) for item in fresh] == [("Plan", False), ("Part", True)]
    with pytest.raises(PermissionDenied):
        commitments.import_csv(programme=world.programme, by=world.member, data=exported.encode())


def test_reminders_go_once_per_due_date_through_the_mail_backend(world: World) -> None:
    item = _commitment(world, due_date=date(2022, 6, 30), contact=world.member)
    _commitment(world, "Far away", due_date=date(2023, 1, 1), contact=world.member)
    _commitment(world, "Done", due_date=date(2022, 6, 20), contact=world.member, status="completed")
    call_command("send_commitment_reminders", "--days", "14", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []  # today is long after 2022
    assert commitments.send_due_reminders(today=date(2022, 6, 20)) == 1
    assert commitments.send_due_reminders(today=date(2022, 6, 21)) == 0
    assert mail.outbox[0].to == [world.member.email]
    assert mail.outbox[0].subject == "Due on 2022-06-30: National cybersecurity strategy"
    item.due_date = date(2022, 7, 1)
    item.save()
    assert commitments.send_due_reminders(today=date(2022, 6, 21)) == 1


def test_my_data_holds_commitments_amendments_and_reports(world: World) -> None:
    item = _commitment(world, contact=world.member)
    commitments.report_progress(commitment=item, by=world.member, status="started", reported_on=date(2022, 3, 1))
    data = json.loads(json.dumps(personal_data(user=world.member), default=str))["programmes"]
    assert data["commitments_as_contact"][0]["programme__slug"] == "apec-tel"
    assert data["progress_reported"][0]["progress"] == 25


def test_statement_archive_by_year_and_occasion_in_every_language(world: World) -> None:
    for year in [2021, 2022]:
        Statement.objects.create(
            programme=world.programme,
            slug=f"wtisd-{year}",
            title={"en": f"Message {year}", "ru": f"Послание {year}"},
            text={"en": "Connect the unconnected.", "ru": "Подключить неподключённых."},
            author="Secretary-General",
            occasion="World Telecommunication Day",
            delivered_on=date(year, 5, 17),
            is_official=True,
        )
    page = Client().get("/en/programmes/apec-tel/statements/").content.decode()
    assert page.index("<h2>2022</h2>") < page.index("<h2>2021</h2>")
    russian = Client().get("/ru/programmes/apec-tel/statements/wtisd-2022/").content.decode()
    assert "Подключить неподключённых." in russian
    chosen = Client().get("/en/programmes/apec-tel/statements/wtisd-2022/?lang=ru").content.decode()
    assert '<article lang="ru">' in chosen


def test_send_reminders_sends_each_due_reminder_once_however_often_it_runs(world: World) -> None:
    """``pavilion send_reminders`` (the systemd timer's command): sessions and commitments in one run."""
    now = timezone.now()
    _commitment(world, due_date=timezone.localdate() + timedelta(days=10), contact=world.member)
    _commitment(world, "Far away", due_date=timezone.localdate() + timedelta(days=60), contact=world.member)
    session = SessionFactory.create(starts_at=now + timedelta(minutes=30), ends_at=now + timedelta(minutes=90))
    add_to_agenda(user=world.member, session=session)
    runs = []
    for _ in range(3):
        out = StringIO()
        call_command("send_reminders", stdout=out)
        runs.append(out.getvalue())
    assert runs == [
        "session_reminders_sent=1 commitment_reminders_sent=1\n",
        "session_reminders_sent=0 commitment_reminders_sent=0\n",
        "session_reminders_sent=0 commitment_reminders_sent=0\n",
    ]
    assert sorted(message.subject.split(":")[0] for message in mail.outbox) == [
        f"Due on {timezone.localdate() + timedelta(days=10):%Y-%m-%d}",
        "[Pavilion] At " + session.starts_at.astimezone(ZoneInfo(session.event.time_zone)).strftime("%H"),
    ]
    assert [message.to for message in mail.outbox] == [[world.member.email]] * 2
