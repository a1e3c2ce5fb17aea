"""A session's "Add to calendar" (its own .ics, Google and Outlook links) and e-mail reminders before
the sessions of a person's agenda (``pavilion send_session_reminders``), each sent once."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from pavilion.events.models import AgendaItem, Session
from pavilion.events.reminders import send_session_reminders
from pavilion.events.services import add_to_agenda
from tests.factories import RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db
# Two days ahead at noon UTC, so the session is still to come whenever the suite runs.
SOON = (timezone.now() + timedelta(days=2)).replace(hour=12, minute=0, second=0, microsecond=0)
DAY = f"{SOON:%Y%m%d}"


def upcoming(**kwargs: object) -> Session:
    """A session starting 30 minutes after SOON (13:30 in Ho Chi Minh City's UTC+7 is 12:30 UTC)."""
    return SessionFactory.create(
        starts_at=SOON + timedelta(minutes=30),
        ends_at=SOON + timedelta(minutes=90),
        title={"en": "Closing the broadband gap", "vi": "Thu hẹp khoảng cách băng thông rộng"},
        **kwargs,
    )


def page_url(session: Session, language: str = "en") -> str:
    return f"/{language}/events/{session.event.slug}/sessions/{session.slug}/"


def test_session_ics_has_the_one_session_in_its_event_zone(client: Client) -> None:
    session = upcoming()
    response = client.get(f"{page_url(session)}calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{session.event.slug}-{session.slug}.ics"'
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    local = (SOON + timedelta(minutes=30)).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert f"DTSTART;TZID=Asia/Ho_Chi_Minh:{local:%Y%m%dT%H%M%S}\r\n" in text
    assert f"{local:%H:%M}" == "19:30"
    assert "SUMMARY:Closing the broadband gap\r\n" in text
    assert page_url(session) in text.replace("\r\n ", "")
    vietnamese = client.get(f"{page_url(session, 'vi')}calendar.ics").content.decode()
    assert "SUMMARY:Thu hẹp khoảng cách băng thông rộng\r\n" in vietnamese


def test_a_closed_sessions_ics_is_not_found_for_those_who_may_not_see_it(client: Client) -> None:
    session = upcoming(access_level="accredited")
    assert client.get(f"{page_url(session)}calendar.ics").status_code == 404
    client.force_login(UserFactory.create())
    assert client.get(f"{page_url(session)}calendar.ics").status_code == 404
    delegate = RegistrationFactory.create(event=session.event).user
    client.force_login(delegate)
    response = client.get(f"{page_url(session)}calendar.ics")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_session_page_offers_the_file_google_and_outlook(client: Client) -> None:
    session = upcoming()
    html = client.get(page_url(session)).content.decode()
    assert "<summary>Add to calendar</summary>" in html
    assert f'href="{page_url(session)}calendar.ics" download' in html
    google = html.split('href="https://calendar.google.com/calendar/render?', 1)[1].split('"', 1)[0]
    query = parse_qs(urlsplit("?" + google.replace("&amp;", "&")).query)
    assert query["text"] == ["Closing the broadband gap"]
    assert query["dates"] == [f"{DAY}T123000Z/{DAY}T133000Z"]
    assert query["ctz"] == ["Asia/Ho_Chi_Minh"]
    assert query["details"][0].endswith(page_url(session))
    outlook = html.split('href="https://outlook.live.com/calendar/0/deeplink/compose?', 1)[1].split('"', 1)[0]
    query = parse_qs(outlook.replace("&amp;", "&"))
    assert (query["subject"], query["startdt"], query["enddt"]) == (
        ["Closing the broadband gap"],
        [f"{SOON:%Y-%m-%d}T12:30:00Z"],
        [f"{SOON:%Y-%m-%d}T13:30:00Z"],
    )
    ended = SessionFactory.create(event=session.event)  # 2020: nothing to add any more
    assert "Add to calendar" not in client.get(page_url(ended)).content.decode()


def test_reminders_go_once_in_each_persons_language_and_zone() -> None:
    session = upcoming()
    later = upcoming(event=session.event, slug="later")
    Session.objects.filter(pk=later.pk).update(starts_at=SOON + timedelta(hours=3), ends_at=SOON + timedelta(hours=4))
    lan = UserFactory.create(full_name="Trần Thị Lan", preferred_languages=["vi"], time_zone="Asia/Ho_Chi_Minh")
    omar = UserFactory.create(full_name="Omar Diallo", preferred_languages=["fr"], time_zone="Africa/Dakar")
    quiet = UserFactory.create()
    for user in (lan, omar, quiet):
        add_to_agenda(user=user, session=session)
        add_to_agenda(user=user, session=later)
    AgendaItem.objects.filter(user=quiet).update(remind=False)
    gone = UserFactory.create(is_active=False)
    add_to_agenda(user=gone, session=session)

    assert send_session_reminders(now=SOON, minutes=60) == 2
    assert send_session_reminders(now=SOON + timedelta(minutes=5), minutes=60) == 0  # once
    by_person = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_person) == sorted([lan.email, omar.email])
    vietnamese = by_person[lan.email]
    assert vietnamese.subject == "[Pavilion] Lúc 19:30: Thu hẹp khoảng cách băng thông rộng"
    assert "19:30 (TP Hồ Chí Minh, UTC+7)" in vietnamese.body
    assert "Giờ của bạn" not in vietnamese.body  # the same zone as the event: said once
    french = by_person[omar.email]
    assert french.subject == "[Pavilion] À 19:30 : Closing the broadband gap"
    assert "19:30 (Hô-Chi-Minh-Ville, UTC+7)" in french.body
    assert "12:30 (Dakar, UTC)" in french.body
    assert f"/fr/events/{session.event.slug}/sessions/{session.slug}/" in french.body
    assert set(
        AgendaItem.objects.filter(session=session, reminded_at__isnull=False).values_list("user", flat=True)
    ) == {
        lan.pk,
        omar.pk,
    }
    assert send_session_reminders(now=SOON + timedelta(hours=2, minutes=30), minutes=60) == 2  # the later one


def test_reminders_skip_a_session_the_person_may_no_longer_see() -> None:
    session = upcoming(access_level="accredited")
    registration = RegistrationFactory.create(event=session.event)
    add_to_agenda(user=registration.user, session=session)
    registration.status = "rejected"
    registration.save()
    assert send_session_reminders(now=SOON) == 0
    assert mail.outbox == []


def test_agenda_page_turns_the_reminders_of_an_event_off_and_on(client: Client) -> None:
    session = upcoming()
    user = UserFactory.create()
    add_to_agenda(user=user, session=session)
    client.force_login(user)
    agenda = f"/en/events/{session.event.slug}/agenda/"
    assert (
        "You get an e-mail about 60 minutes before each session of your agenda." in client.get(agenda).content.decode()
    )
    assert client.post(f"{agenda}reminders/", {"remind": "0"}).status_code == 302
    assert "You get no e-mail reminders for this event's sessions." in client.get(agenda).content.decode()
    add_to_agenda(user=user, session=upcoming(event=session.event, slug="another"))
    assert set(AgendaItem.objects.filter(user=user).values_list("remind", flat=True)) == {False}
    assert send_session_reminders(now=SOON) == 0
    client.post(f"{agenda}reminders/", {"remind": "1"})
    assert send_session_reminders(now=SOON) == 2


def test_command_prints_how_many_it_sent() -> None:
    out = StringIO()
    call_command("send_session_reminders", "--minutes", "5", stdout=out)
    assert out.getvalue() == "reminders_sent=0\n"
