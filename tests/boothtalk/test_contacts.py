"""Leave my contact: consent, exactly the chosen details, who sees the requests, notifications, statuses."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pavilion.boothtalk import contacts
from pavilion.boothtalk.models import ContactRequest, ContactStatus
from pavilion.live.broker import MemoryBroker
from tests.boothtalk.helpers import Stand, stand
from tests.factories import BoothFactory, OrganisationFactory, UserFactory
from tests.live.features import published

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def _complete_profile(s: Stand) -> None:
    visitor = s.visitor
    visitor.honorific = "dr"
    visitor.job_title = "Director, ICT Policy"
    visitor.country = "SN"
    visitor.organisation = OrganisationFactory.create(name={"en": "Ministry of Digital Economy"})
    visitor.save()


def test_without_consent_nothing_is_stored_and_the_form_says_why() -> None:
    s = stand()
    with pytest.raises(ValidationError) as refused:
        contacts.leave_contact(booth=s.booth, by=s.visitor, fields=["name", "email"], consent=False)
    assert refused.value.message_dict == {
        "consent": ["Tick the box to agree that the booth may contact you; nothing was sent."]
    }
    client = Client()
    client.force_login(s.visitor)
    response = client.post(s.page + "contact/", {"fields_to_share": ["name", "email"], "message": "Call me"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was sent. Please correct the errors shown below." in page
    assert "Tick the box to agree that the booth may contact you; nothing was sent." in page
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


def test_exactly_the_chosen_details_are_stored_as_they_were(
    broker: MemoryBroker, django_capture_on_commit_callbacks: Capture
) -> None:
    s = stand()
    _complete_profile(s)
    client = Client()
    client.force_login(s.visitor)
    form = client.get(s.page + "contact/").content.decode()
    assert "I agree that Lotus Networks may contact me about its products and services" in form
    assert "Organisation: Ministry of Digital Economy" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            s.page + "contact/",
            {
                "fields_to_share": ["name", "organisation", "phone"],
                "phone": "+221 33 123 45 67",
                "message": "  About rural broadband.  ",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == f"/en/events/{s.booth.event.slug}/exhibition/my-contacts/"
    request = ContactRequest.objects.get()
    assert request.shared_fields == ["name", "organisation", "phone"]
    stored = {field: getattr(request, field) for field in ["name", "email", "organisation", "position", "phone"]}
    assert stored == {
        "name": "Dr Amina Diallo",
        "email": "",
        "organisation": "Ministry of Digital Economy",
        "position": "",
        "phone": "+221 33 123 45 67",
    }
    assert request.country == ""
    assert request.message == "About rural broadband."
    assert request.consent_text == (
        "I agree that Lotus Networks may contact me about its products and services, using the details I share here."
    )
    assert request.language == "en"
    assert request.status == ContactStatus.OPEN
    assert timezone.now() - request.consented_at < timedelta(minutes=1)
    # A later change of profile does not change what was shared.
    s.visitor.full_name = "Amina D."
    s.visitor.save()
    request.refresh_from_db()
    assert request.name == "Dr Amina Diallo"
    # The staff are told: live on their own topic (no details beyond the name) and by e-mail.
    added = {
        "id": request.pk,
        "name": "Dr Amina Diallo",
        "status": "open",
        "at": request.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    assert published(broker, f"user:{s.staff.pk}") == [{"boothcontacts": {"booth": s.booth.pk, "added": added}}]
    assert published(broker, f"user:{s.organiser.pk}") == []
    assert published(broker, s.topic) == []
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([s.staff.email], "[Pavilion] New contact request at Lotus Networks")
    ]
    assert f"/en/events/{s.booth.event.slug}/exhibition/my-booths/{s.booth.slug}/contacts/{request.pk}/" in (
        mail.outbox[0].body
    )
    assert "+221" not in mail.outbox[0].body  # the details stay on the page behind the sign-in


def test_what_may_not_be_shared_or_is_missing_is_refused() -> None:
    s = stand()
    cases = [
        (
            ["name"],
            "",
            {"fields": ["Share at least your e-mail address or a telephone number, so the booth can reach you."]},
        ),
        (
            ["email", "organisation"],
            "",
            {"fields": ["Your profile has no organisation: add it to your profile or do not share it."]},
        ),
        (["phone"], "call me", {"phone": ["Enter a telephone number with its country code, e.g. +84 24 3825 1234."]}),
        (["email", "password"], "", {"fields": ["These details cannot be shared: password."]}),
    ]
    for fields, phone, errors in cases:
        with pytest.raises(ValidationError) as refused:
            contacts.leave_contact(booth=s.booth, by=s.visitor, fields=fields, phone=phone, consent=True)
        assert refused.value.message_dict == errors
    # A telephone typed but not chosen is not kept.
    request = contacts.leave_contact(
        booth=s.booth, by=s.visitor, fields=["email"], phone="+33 1 23 45 67 89", consent=True
    )
    assert (request.shared_fields, request.email, request.phone) == (["email"], s.visitor.email, "")
    # One open request per visitor and booth.
    with pytest.raises(ValidationError) as again:
        contacts.leave_contact(booth=s.booth, by=s.visitor, fields=["email"], consent=True)
    assert again.value.message_dict == {
        "__all__": ["You left your contact at this booth already; its staff have not answered yet."]
    }
    with pytest.raises(PermissionDenied):
        contacts.leave_contact(booth=s.booth, by=s.staff, fields=["email"], consent=True)
    assert ContactRequest.objects.count() == 1


def test_only_the_booths_own_staff_see_its_requests() -> None:
    s = stand()
    request = contacts.leave_contact(booth=s.booth, by=s.visitor, fields=["name", "email"], consent=True)
    other_staff = UserFactory.create()
    BoothFactory.create(event=s.booth.event, staff=[other_staff])
    list_url, detail_url = s.desk + "contacts/", s.desk + f"contacts/{request.pk}/"
    for outsider in (other_staff, s.organiser, s.visitor, s.other_visitor):
        client = Client()
        client.force_login(outsider)
        assert client.get(list_url).status_code == 404
        assert client.get(detail_url).status_code == 404
        assert client.post(detail_url, {"status": "answered"}).status_code == 404
    assert Client().get(list_url).status_code == 302  # to the sign-in page
    staff = Client()
    staff.force_login(s.staff)
    listing = staff.get(list_url).content.decode()
    assert "Dr Amina Diallo" not in listing  # no honorific on this profile
    assert "Amina Diallo" in listing
    detail = staff.get(detail_url).content.decode()
    assert f'<a href="mailto:{s.visitor.email}">{s.visitor.email}</a>' in detail
    assert "I agree that Lotus Networks may contact me" in detail
    request.refresh_from_db()
    assert request.status == ContactStatus.OPEN


def test_staff_change_the_status_and_filter_by_it(django_capture_on_commit_callbacks: Capture) -> None:
    s = stand()
    first = contacts.leave_contact(booth=s.booth, by=s.visitor, fields=["email"], consent=True)
    contacts.leave_contact(booth=s.booth, by=s.other_visitor, fields=["email"], consent=True)
    with pytest.raises(PermissionDenied):
        contacts.set_status(request=first, status=ContactStatus.ANSWERED, by=s.organiser)
    client = Client()
    client.force_login(s.staff)
    response = client.post(s.desk + f"contacts/{first.pk}/", {"status": "answered"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.status_changed_by) == (ContactStatus.ANSWERED, s.staff)
    answered = client.get(s.desk + "contacts/?status=answered")
    assert [r.pk for r in answered.context["requests"]] == [first.pk]
    assert [r.pk for r in client.get(s.desk + "contacts/?status=open").context["requests"]] != [first.pk]
    assert client.post(s.desk + f"contacts/{first.pk}/", {"status": "lost"}).status_code == 400
    # The visitor may leave their contact again now that the first one was answered.
    contacts.leave_contact(booth=s.booth, by=s.visitor, fields=["email"], consent=True)
    # Opening the old one again would make two open requests of one visitor: refused, nothing changed.
    with pytest.raises(ValidationError):
        contacts.set_status(request=first, status=ContactStatus.OPEN, by=s.staff)
    first.refresh_from_db()
    assert first.status == ContactStatus.ANSWERED


def test_open_requests_not_answered_in_time_become_missed() -> None:
    s = stand()
    old = contacts.leave_contact(booth=s.booth, by=s.visitor, fields=["email"], consent=True)
    recent = contacts.leave_contact(booth=s.booth, by=s.other_visitor, fields=["email"], consent=True)
    ContactRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - contacts.MISSED_AFTER - timedelta(hours=1)
    )
    output = io.StringIO()
    call_command("mark-missed-contacts", stdout=output)
    assert output.getvalue() == "1 contact request marked missed.\n"
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, old.status_changed_by) == (ContactStatus.MISSED, None)
    assert recent.status == ContactStatus.OPEN
    # The staff's list does the same for its booth when shown.
    ContactRequest.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=4))
    client = Client()
    client.force_login(s.staff)
    assert client.get(s.desk + "contacts/").context["statuses"] == [
        ("open", "Open", 0),
        ("answered", "Answered", 0),
        ("missed", "Missed", 2),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_staff_list_takes_the_same_queries_for_one_request_or_three(count: int) -> None:
    s = stand()
    for _number in range(count):
        contacts.leave_contact(booth=s.booth, by=UserFactory.create(), fields=["name", "email"], consent=True)
    client = Client()
    client.force_login(s.staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(s.desk + "contacts/")
    assert response.status_code == 200
    assert len(response.context["requests"]) == count
    assert len(queries) == 8  # the desk's role questions are asked once per page view (core/request_memo.py)


def test_contact_form_says_an_open_request_exists_before_it_is_filled_in() -> None:
    booth = BoothFactory.create()
    visitor = UserFactory.create()
    ContactRequest.objects.create(
        booth=booth, visitor=visitor, consent_text="I agree", consented_at=timezone.now(), language="en"
    )
    client = Client()
    client.force_login(visitor)
    page = client.get(f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/contact/").content.decode()
    assert "You left your contact at this booth already; its staff have not answered yet." in page
    assert "Send my contact" not in page
    other = Client()
    other.force_login(UserFactory.create())
    page = other.get(f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/contact/").content.decode()
    assert "Send my contact" in page
    assert "already" not in page


def test_a_form_error_puts_focus_on_the_error_summary() -> None:
    booth = BoothFactory.create()
    client = Client()
    client.force_login(UserFactory.create())
    url = f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/contact/"
    response = client.post(url, {"message": "Hello"})
    assert response.status_code == 400
    assert '<div class="errors" role="alert" id="error-summary" tabindex="-1" autofocus>' in response.content.decode()
