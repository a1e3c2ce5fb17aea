from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from pavilion.accounts.models import User
from pavilion.accreditation.models import Registration, Status
from pavilion.events.models import AccessLevel, Event, RegisteredAccess
from tests.factories import (
    CategoryFactory,
    EventFactory,
    FocalPointFactory,
    OrganisationFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _register_url(event: Event, language: str = "en") -> str:
    return f"/{language}/events/{event.slug}/registration/"


def _review_url(event: Event) -> str:
    return f"/en/events/{event.slug}/registration/review/"


def _decide_url(registration: Registration) -> str:
    return f"/en/events/{registration.event.slug}/registration/review/{registration.pk}/decide/"


def _delegations_url(event: Event) -> str:
    return f"/en/events/{event.slug}/registration/delegations/"


def _organiser_of(event: Event) -> User:
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    return organiser


def _signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


# Registering


def test_register_page_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    event = EventFactory.create()
    response = client.get(_register_url(event))
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next=/en/events/{event.slug}/registration/"


def test_register_page_of_an_unpublished_event_is_not_found(client: Client) -> None:
    event = EventFactory.create(is_published=False)
    CategoryFactory.create(event=event)
    assert _signed_in(client, UserFactory.create()).get(_register_url(event)).status_code == 404


def test_register_form_lists_categories_and_says_which_need_approval(client: Client) -> None:
    event = EventFactory.create(name={"en": "Digital World"})
    CategoryFactory.create(event=event, name={"en": "Member State delegate"}, position=1)
    CategoryFactory.create(event=event, name={"en": "Visitor"}, requires_approval=False, position=2)
    page = _signed_in(client, UserFactory.create()).get(_register_url(event)).content.decode()
    assert "Member State delegate (a focal point approves the registration)" in page
    assert "Visitor (no approval needed; does not open the sessions for registered participants)" in page
    assert f'<a href="/en/events/{event.slug}/">Back to Digital World</a>' in page


def test_register_form_of_an_event_counting_every_registration_says_only_no_approval(client: Client) -> None:
    event = EventFactory.create(registered_access=RegisteredAccess.ANY)
    CategoryFactory.create(event=event, name={"en": "Visitor"}, requires_approval=False)
    page = _signed_in(client, UserFactory.create()).get(_register_url(event)).content.decode()
    assert "Visitor (no approval needed)</label>" in page
    assert "does not open the sessions" not in page


def test_register_form_defaults_to_the_profile_country(client: Client) -> None:
    category = CategoryFactory.create()
    page = _signed_in(client, UserFactory.create(country="VN")).get(_register_url(category.event)).content.decode()
    assert '<option value="VN" selected>Viet Nam</option>' in page
    assert 'value="country" id="id_delegation_kind_0" required checked' in page


def test_register_form_defaults_to_the_profile_organisation(client: Client) -> None:
    category = CategoryFactory.create()
    organisation = OrganisationFactory.create(name={"en": "Ministry of Information and Communications"}, acronym="MIC")
    user = UserFactory.create(organisation=organisation)
    page = _signed_in(client, user).get(_register_url(category.event)).content.decode()
    expected = f'<option value="{organisation.pk}" selected>Ministry of Information and Communications (MIC)</option>'
    assert expected in page
    assert 'value="organisation" id="id_delegation_kind_1" required checked' in page


def test_register_form_names_countries_in_the_ui_language(client: Client) -> None:
    category = CategoryFactory.create()
    page = _signed_in(client, UserFactory.create()).get(_register_url(category.event, "fr")).content.decode()
    assert '<option value="VN">Viet Nam</option>' in page


def test_register_page_without_categories_is_not_open_yet(client: Client) -> None:
    event = EventFactory.create()
    page = _signed_in(client, UserFactory.create()).get(_register_url(event)).content.decode()
    assert "Registration for this event is not open yet." in page
    assert '<form method="post" novalidate>' not in page


def test_registering_waits_for_the_focal_point(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    category = CategoryFactory.create(event=focal_point.event)
    delegate = UserFactory.create()
    form = {
        "category": category.pk,
        "delegation_kind": "country",
        "country": "VN",
        "function": "adviser",
        "is_head_of_delegation": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(client, delegate).post(_register_url(focal_point.event), form)
    assert response.status_code == 302
    assert response["Location"] == _register_url(focal_point.event)
    registration = Registration.objects.get(user=delegate)
    assert (
        registration.category,
        registration.country,
        registration.organisation,
        registration.function,
        registration.is_head_of_delegation,
        registration.status,
    ) == (category, "VN", None, "adviser", True, Status.PENDING)
    assert [message.to for message in mail.outbox] == [[delegate.email], [focal_point.user.email]]
    page = client.get(_register_url(focal_point.event)).content.decode()
    assert "Registration received; the focal point of Viet Nam will review it." in page
    assert '<span class="badge pending">Awaiting approval</span>' in page
    assert "<dd>Adviser</dd>" in page


def test_registering_where_no_focal_point_is_designated_says_the_organisers_review(client: Client) -> None:
    category = CategoryFactory.create()
    form = {"category": category.pk, "delegation_kind": "country", "country": "TH", "function": "delegate"}
    response = _signed_in(client, UserFactory.create()).post(_register_url(category.event), form, follow=True)
    assert "Registration received; the organisers will review it." in response.content.decode()


VISITOR_NOTICE = (
    '<p class="notice" role="note">Visitor needs no approval, so your registration was confirmed at once. It opens '
    "the event's public sessions, not the sessions for registered participants: those are for registrations "
    "that a focal point or the organisers approved.</p>"
)


def test_registering_in_a_category_without_approval_says_which_sessions_it_opens(client: Client) -> None:
    """Finding 18: such a registration counts for nothing "registered" by default, and the visitor is told."""
    category = CategoryFactory.create(name={"en": "Visitor"}, requires_approval=False)
    category.event.name = {"en": "Digital World"}
    category.event.save()
    registered_only = SessionFactory.create(event=category.event, access_level=AccessLevel.REGISTERED)
    user = UserFactory.create()
    form = {"category": category.pk, "delegation_kind": "country", "country": "TH", "function": "observer"}
    response = _signed_in(client, user).post(_register_url(category.event), form, follow=True)
    page = response.content.decode()
    assert (
        "You are registered for Digital World as Visitor. This registration does not open the sessions for "
        "registered participants."
    ) in page
    assert VISITOR_NOTICE in page
    assert '<span class="badge approved">Approved</span>' in page
    assert Registration.objects.get(user=user).status == Status.APPROVED
    # What the notice says holds.
    session_url = f"/en/events/{category.event.slug}/sessions/{registered_only.slug}/"
    assert client.get(session_url).status_code == 404


def test_registering_without_approval_where_every_registration_counts_says_you_are_registered(
    client: Client,
) -> None:
    event = EventFactory.create(name={"en": "Digital World"}, registered_access=RegisteredAccess.ANY)
    category = CategoryFactory.create(event=event, name={"en": "Visitor"}, requires_approval=False)
    registered_only = SessionFactory.create(event=event, access_level=AccessLevel.REGISTERED)
    form = {"category": category.pk, "delegation_kind": "country", "country": "TH", "function": "observer"}
    response = _signed_in(client, UserFactory.create()).post(_register_url(event), form, follow=True)
    page = response.content.decode()
    assert "You are registered for Digital World.</" in page
    assert 'class="notice"' not in page
    assert client.get(f"/en/events/{event.slug}/sessions/{registered_only.slug}/").status_code == 200


@pytest.mark.parametrize("vouched", ["category needs approval", "decided by an organiser"])
def test_a_registration_someone_vouched_for_gets_no_notice(client: Client, vouched: str) -> None:
    event = EventFactory.create()
    category = CategoryFactory.create(
        event=event, name={"en": "Visitor"}, requires_approval=vouched == "category needs approval"
    )
    user = UserFactory.create()
    decided_by = _organiser_of(event) if vouched == "decided by an organiser" else None
    RegistrationFactory.create(event=event, category=category, user=user, decided_by=decided_by)
    page = _signed_in(client, user).get(_register_url(event)).content.decode()
    assert '<span class="badge approved">Approved</span>' in page
    assert 'class="notice"' not in page


def test_a_pending_registration_in_an_open_category_gets_no_notice(client: Client) -> None:
    """Only an approved registration opens anything; a pending one says it waits, not what it opens."""
    category = CategoryFactory.create(name={"en": "Visitor"}, requires_approval=False)
    user = UserFactory.create()
    RegistrationFactory.create(event=category.event, category=category, user=user, status=Status.PENDING)
    page = _signed_in(client, user).get(_register_url(category.event)).content.decode()
    assert 'class="notice"' not in page


def test_registering_for_an_organisation_ignores_the_country(client: Client) -> None:
    category = CategoryFactory.create()
    organisation = OrganisationFactory.create()
    user = UserFactory.create()
    form = {
        "category": category.pk,
        "delegation_kind": "organisation",
        "country": "VN",
        "organisation": organisation.pk,
        "function": "delegate",
    }
    assert _signed_in(client, user).post(_register_url(category.event), form).status_code == 302
    registration = Registration.objects.get(user=user)
    assert (registration.country, registration.organisation) == ("", organisation)


def test_registering_without_a_delegation_shows_the_error_and_saves_nothing(client: Client) -> None:
    category = CategoryFactory.create()
    form = {"category": category.pk, "delegation_kind": "country", "country": "", "function": "delegate"}
    response = _signed_in(client, UserFactory.create()).post(_register_url(category.event), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_country_error"><li>Choose your country or economy.</li></ul>' in page
    assert 'aria-invalid="true" aria-describedby="id_country_helptext id_country_error"' in page
    assert Registration.objects.count() == 0


def test_registering_for_an_organisation_without_choosing_one_shows_the_error(client: Client) -> None:
    category = CategoryFactory.create()
    form = {"category": category.pk, "delegation_kind": "organisation", "country": "VN", "function": "delegate"}
    response = _signed_in(client, UserFactory.create()).post(_register_url(category.event), form)
    assert response.status_code == 400
    assert "Choose your organisation." in response.content.decode()
    assert Registration.objects.count() == 0


def test_registering_in_another_events_category_is_refused(client: Client) -> None:
    event = EventFactory.create()
    CategoryFactory.create(event=event)
    elsewhere = CategoryFactory.create()
    form = {"category": elsewhere.pk, "delegation_kind": "country", "country": "VN", "function": "delegate"}
    response = _signed_in(client, UserFactory.create()).post(_register_url(event), form)
    assert response.status_code == 400
    assert "Select a valid choice. That choice is not one of the available choices." in response.content.decode()
    assert Registration.objects.count() == 0


def test_registering_without_a_category_says_to_choose_one(client: Client) -> None:
    event = EventFactory.create()
    CategoryFactory.create(event=event)
    form = {"delegation_kind": "country", "country": "VN", "function": "delegate"}
    response = _signed_in(client, UserFactory.create()).post(_register_url(event), form)
    assert response.status_code == 400
    assert '<ul class="errorlist" id="id_category_error"><li>Choose a participant category.</li></ul>' in (
        response.content.decode()
    )


def test_a_second_registration_is_refused_with_a_clear_message(client: Client) -> None:
    first = RegistrationFactory.create(status=Status.PENDING, country="VN")
    form = {"category": first.category.pk, "delegation_kind": "country", "country": "TH", "function": "minister"}
    response = _signed_in(client, first.user).post(_register_url(first.event), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "You are already registered for this event." in page
    assert "<dd>Viet Nam</dd>" in page
    assert list(Registration.objects.values_list("country", "function")) == [("VN", "delegate")]


def test_my_registration_shows_its_details_and_the_rejection_reason(client: Client) -> None:
    registration = RegistrationFactory.create(
        status=Status.REJECTED,
        decision_reason="Please register through your ministry.",
        function="vice_minister",
        is_head_of_delegation=True,
        category=CategoryFactory.create(name={"en": "Member State delegate"}),
    )
    page = _signed_in(client, registration.user).get(_register_url(registration.event)).content.decode()
    assert '<span class="badge rejected">Rejected</span>' in page
    assert "<dd>Please register through your ministry.</dd>" in page
    assert "<dd>Member State delegate</dd>" in page
    assert "<dd>Viet Nam</dd>" in page
    assert "<dd>Vice-Minister</dd>" in page
    assert "<dt>Head of delegation</dt>\n      <dd>Yes</dd>" in page
    assert 'name="category"' not in page


def test_review_links_are_shown_to_reviewers_only(client: Client) -> None:
    focal_point = FocalPointFactory.create()
    CategoryFactory.create(event=focal_point.event)
    review_link = f'href="{_review_url(focal_point.event)}"'
    assert review_link in _signed_in(client, focal_point.user).get(_register_url(focal_point.event)).content.decode()
    delegate_page = _signed_in(client, UserFactory.create()).get(_register_url(focal_point.event)).content.decode()
    assert review_link not in delegate_page


# Reviewing


def test_review_page_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    event = EventFactory.create()
    response = client.get(_review_url(event))
    assert response["Location"] == f"/en/accounts/login/?next=/en/events/{event.slug}/registration/review/"


def test_review_page_is_not_found_for_delegates_and_other_events_focal_points(client: Client) -> None:
    registration = RegistrationFactory.create(status=Status.PENDING)
    elsewhere = FocalPointFactory.create(country="VN")
    assert _signed_in(client, registration.user).get(_review_url(registration.event)).status_code == 404
    assert _signed_in(client, elsewhere.user).get(_review_url(registration.event)).status_code == 404


def test_focal_point_reviews_own_delegation_only(client: Client) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    vietnam = RegistrationFactory.create(
        event=focal_point.event, user=UserFactory.create(full_name="Nguyen An"), status=Status.PENDING
    )
    RegistrationFactory.create(
        event=focal_point.event, country="TH", user=UserFactory.create(full_name="Somchai"), status=Status.PENDING
    )
    response = _signed_in(client, focal_point.user).get(_review_url(focal_point.event))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="row"><span translate="no">Nguyen An</span></th>' in page
    assert f'<a href="mailto:{vietnam.user.email}">{vietnam.user.email}</a>' in page
    assert "Somchai" not in page
    assert f'action="{_decide_url(vietnam)}"' in page
    assert '<a href="?status=pending" aria-current="page">Awaiting approval (1)</a>' in page


def test_organiser_reviews_every_delegation(client: Client) -> None:
    event = EventFactory.create()
    RegistrationFactory.create(event=event, user=UserFactory.create(full_name="Nguyen An"), status=Status.PENDING)
    RegistrationFactory.create(
        event=event, country="TH", user=UserFactory.create(full_name="Somchai"), status=Status.PENDING
    )
    page = _signed_in(client, _organiser_of(event)).get(_review_url(event)).content.decode()
    assert '<th scope="row"><span translate="no">Nguyen An</span></th>' in page
    assert '<th scope="row"><span translate="no">Somchai</span></th>' in page


def test_review_filters_by_status_with_awaiting_approval_by_default(client: Client) -> None:
    event = EventFactory.create()
    RegistrationFactory.create(event=event, user=UserFactory.create(full_name="Approved Anh"))
    RegistrationFactory.create(
        event=event,
        user=UserFactory.create(full_name="Rejected Binh"),
        status=Status.REJECTED,
        decision_reason="Duplicate account",
    )
    RegistrationFactory.create(event=event, user=UserFactory.create(full_name="Pending Chi"), status=Status.PENDING)
    _signed_in(client, _organiser_of(event))

    def names(query: str) -> list[str]:
        page = client.get(_review_url(event) + query).content.decode()
        return [name for name in ["Approved Anh", "Rejected Binh", "Pending Chi"] if name in page]

    assert names("") == ["Pending Chi"]
    assert names("?status=nonsense") == ["Pending Chi"]
    assert names("?status=approved") == ["Approved Anh"]
    assert names("?status=rejected") == ["Rejected Binh"]
    everything = client.get(_review_url(event) + "?status=all").content.decode()
    assert everything.index("Pending Chi") < everything.index("Approved Anh") < everything.index("Rejected Binh")
    assert "Duplicate account" in everything
    assert '<a href="?status=all" aria-current="page">All (3)</a>' in everything


def test_review_page_empty_state(client: Client) -> None:
    focal_point = FocalPointFactory.create()
    page = _signed_in(client, focal_point.user).get(_review_url(focal_point.event)).content.decode()
    assert '<p class="empty">No registrations are awaiting approval.</p>' in page


def test_focal_point_approves_a_registration_of_own_delegation(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    registration = RegistrationFactory.create(
        event=focal_point.event, user=UserFactory.create(full_name="Nguyen An"), status=Status.PENDING
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(client, focal_point.user).post(
            _decide_url(registration), {"decision": "approve", "status": "pending"}
        )
    assert response.status_code == 302
    assert response["Location"] == _review_url(focal_point.event) + "?status=pending"
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by) == (Status.APPROVED, focal_point.user)
    assert registration.decided_at is not None
    assert [message.to for message in mail.outbox] == [[registration.user.email]]
    assert "The registration of Nguyen An is approved." in client.get(response["Location"]).content.decode()


def test_rejecting_without_a_reason_shows_the_error_and_changes_nothing(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    registration = RegistrationFactory.create(event=focal_point.event, status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(client, focal_point.user).post(
            _decide_url(registration), {"decision": "reject", "reason": " ", "status": "pending"}
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'aria-describedby="reason-{registration.pk}-error" autofocus' in page
    assert "Give a reason for the rejection; the registrant will receive it." in page
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by, registration.decided_at) == (Status.PENDING, None, None)
    assert mail.outbox == []


def test_rejecting_with_a_reason_sends_it_to_the_registrant(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    registration = RegistrationFactory.create(event=focal_point.event, status=Status.PENDING)
    form = {"decision": "reject", "reason": "Not on the ministry's list.", "status": "all"}
    # First the question (issue 16: Reject asks for confirmation), and nothing changes yet.
    with django_capture_on_commit_callbacks(execute=True):
        question = _signed_in(client, focal_point.user).post(_decide_url(registration), form)
    assert question.status_code == 200
    page = question.content.decode()
    assert '<input type="hidden" name="confirmed" value="1">' in page
    assert 'value="Not on the ministry&#x27;s list."' in page
    assert '<button type="submit" name="decision" value="reject" class="danger">Reject</button>' in page
    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_decide_url(registration), {**form, "confirmed": "1"})
    assert response["Location"] == _review_url(focal_point.event) + "?status=all"
    registration.refresh_from_db()
    assert (registration.status, registration.decision_reason) == (Status.REJECTED, "Not on the ministry's list.")
    assert len(mail.outbox) == 1
    assert "Reason: Not on the ministry's list." in str(mail.outbox[0].body)


def test_focal_point_cannot_decide_another_delegations_registration(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    thailand = RegistrationFactory.create(
        event=focal_point.event, country="TH", user=UserFactory.create(full_name="Somchai"), status=Status.PENDING
    )
    with django_capture_on_commit_callbacks(execute=True):
        approve = _signed_in(client, focal_point.user).post(_decide_url(thailand), {"decision": "approve"})
        reject = client.post(_decide_url(thailand), {"decision": "reject", "reason": "No"})
    assert (approve.status_code, reject.status_code) == (404, 404)
    assert "Somchai" not in approve.content.decode()
    thailand.refresh_from_db()
    assert (thailand.status, thailand.decided_by) == (Status.PENDING, None)
    assert mail.outbox == []


def test_delegates_cannot_decide_registrations(client: Client) -> None:
    registration = RegistrationFactory.create(status=Status.PENDING)
    colleague = RegistrationFactory.create(event=registration.event)
    response = _signed_in(client, colleague.user).post(_decide_url(registration), {"decision": "approve"})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_organiser_decides_any_delegation(client: Client) -> None:
    registration = RegistrationFactory.create(country="TH", status=Status.PENDING)
    organiser = _organiser_of(registration.event)
    response = _signed_in(client, organiser).post(_decide_url(registration), {"decision": "approve"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by) == (Status.APPROVED, organiser)


def test_decide_answers_only_post(client: Client) -> None:
    registration = RegistrationFactory.create(status=Status.PENDING)
    response = _signed_in(client, _organiser_of(registration.event)).get(_decide_url(registration))
    assert response.status_code == 405


def test_decide_with_an_unknown_decision_changes_nothing(client: Client) -> None:
    registration = RegistrationFactory.create(status=Status.PENDING)
    response = _signed_in(client, _organiser_of(registration.event)).post(
        _decide_url(registration), {"decision": "maybe"}
    )
    assert response.status_code == 400
    assert "Select a valid choice. maybe is not one of the available choices." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def _queries_for_review_page(client: Client, registrations: int) -> int:
    event = EventFactory.create()
    organisation = OrganisationFactory.create()
    for number in range(registrations):
        delegation = {"country": "VN"} if number % 2 else {"country": "", "organisation": organisation}
        RegistrationFactory.create(event=event, status=Status.PENDING, **delegation)
    _signed_in(client, _organiser_of(event))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_review_url(event)).status_code == 200
    return len(queries)


def test_review_page_query_count_does_not_grow_with_registrations(client: Client) -> None:
    # A browser each: the first page after a sign-in records the signed-in device (6 queries once).
    assert _queries_for_review_page(client, 1) == _queries_for_review_page(Client(), 3)


# Delegation lists


def test_delegation_list_groups_in_protocol_order_and_marks_the_head(client: Client) -> None:
    event = EventFactory.create()
    for name, function, country, head in [
        ("Delegate Binh", "delegate", "VN", False),
        ("Minister Hung", "minister", "VN", True),
        ("Observer Somchai", "observer", "TH", False),
        ("Vice-Minister Lan", "vice_minister", "VN", False),
    ]:
        RegistrationFactory.create(
            event=event,
            user=UserFactory.create(full_name=name),
            function=function,
            country=country,
            is_head_of_delegation=head,
        )
    RegistrationFactory.create(event=event, user=UserFactory.create(full_name="Pending Dung"), status=Status.PENDING)
    page = _signed_in(client, _organiser_of(event)).get(_delegations_url(event)).content.decode()
    order = ["Thailand", "Observer Somchai", "Viet Nam", "Minister Hung", "Vice-Minister Lan", "Delegate Binh"]
    positions = [page.index(f">{text}") for text in order]
    assert positions == sorted(positions)
    badge = '<span class="badge">Head of delegation</span>'
    head_row = f'<th scope="row"><span translate="no">Minister Hung</span> {badge}</th>'
    assert head_row in page
    assert '<th scope="row"><span translate="no">Delegate Binh</span></th>' in page
    assert "Pending Dung" not in page


def test_focal_point_sees_own_delegation_list_only(client: Client) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    RegistrationFactory.create(event=focal_point.event, user=UserFactory.create(full_name="Nguyen An"))
    RegistrationFactory.create(event=focal_point.event, country="TH", user=UserFactory.create(full_name="Somchai"))
    page = _signed_in(client, focal_point.user).get(_delegations_url(focal_point.event)).content.decode()
    assert '<h2 id="delegation-1">Viet Nam</h2>' in page
    assert "Nguyen An" in page
    assert "Somchai" not in page
    assert "Thailand" not in page


def test_delegation_list_is_not_found_for_delegates(client: Client) -> None:
    registration = RegistrationFactory.create()
    assert _signed_in(client, registration.user).get(_delegations_url(registration.event)).status_code == 404


def test_delegation_list_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    event = EventFactory.create()
    assert client.get(_delegations_url(event)).status_code == 302


def test_delegation_list_empty_state(client: Client) -> None:
    focal_point = FocalPointFactory.create()
    page = _signed_in(client, focal_point.user).get(_delegations_url(focal_point.event)).content.decode()
    assert '<p class="empty">No participants have been approved yet.</p>' in page


def _queries_for_delegation_list(client: Client, registrations: int) -> int:
    event = EventFactory.create()
    for number in range(registrations):
        RegistrationFactory.create(event=event, country=["VN", "TH"][number % 2])
    _signed_in(client, _organiser_of(event))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_delegations_url(event)).status_code == 200
    return len(queries)


def test_delegation_list_query_count_does_not_grow_with_registrations(client: Client) -> None:
    assert _queries_for_delegation_list(client, 1) == _queries_for_delegation_list(Client(), 3)


# Back office


@pytest.mark.parametrize(
    "path",
    [
        "/admin/accreditation/participantcategory/",
        "/admin/accreditation/participantcategory/add/",
        "/admin/accreditation/focalpoint/",
        "/admin/accreditation/focalpoint/add/",
        "/admin/accreditation/registration/",
        "/admin/accreditation/registration/add/",
        "/admin/accreditation/registration/?status__exact=pending",
    ],
)
def test_admin_pages_open_for_platform_admins(client: Client, path: str) -> None:
    RegistrationFactory.create(status=Status.PENDING)
    FocalPointFactory.create()
    _signed_in(client, UserFactory.create(is_staff=True, is_superuser=True))
    assert client.get(path).status_code == 200


def test_admin_change_pages_open(client: Client) -> None:
    registration = RegistrationFactory.create()
    focal_point = FocalPointFactory.create()
    _signed_in(client, UserFactory.create(is_staff=True, is_superuser=True))
    for path in [
        f"/admin/accreditation/participantcategory/{registration.category.pk}/change/",
        f"/admin/accreditation/focalpoint/{focal_point.pk}/change/",
        f"/admin/accreditation/registration/{registration.pk}/change/",
    ]:
        assert client.get(path).status_code == 200


def test_admin_approve_action_goes_through_the_service(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    registration = RegistrationFactory.create(status=Status.PENDING)
    admin = UserFactory.create(is_staff=True, is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(client, admin).post(
            "/admin/accreditation/registration/",
            {"action": "approve", "_selected_action": [registration.pk]},
        )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by) == (Status.APPROVED, admin)
    assert [message.to for message in mail.outbox] == [[registration.user.email]]


def test_focal_points_are_listed_by_event_in_the_admin(client: Client) -> None:
    focal_point = FocalPointFactory.create(user=UserFactory.create(full_name="Focal Viet Nam"))
    FocalPointFactory.create(user=UserFactory.create(full_name="Focal Elsewhere"))
    _signed_in(client, UserFactory.create(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/accreditation/focalpoint/?event__id__exact={focal_point.event.pk}").content.decode()
    assert ("Focal Viet Nam" in page, "Focal Elsewhere" in page) == (True, False)


def test_event_pages_link_to_the_review_for_focal_points_only(client: Client) -> None:
    focal_point = FocalPointFactory.create()
    review = f'href="/en/events/{focal_point.event.slug}/registration/review/"'
    client.force_login(focal_point.user)
    assert review in client.get(f"/en/events/{focal_point.event.slug}/").content.decode()
    client.force_login(UserFactory.create())
    assert review not in client.get(f"/en/events/{focal_point.event.slug}/").content.decode()


def test_approve_and_reject_look_different(client: Client) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    RegistrationFactory.create(event=focal_point.event, status=Status.PENDING)
    page = _signed_in(client, focal_point.user).get(_review_url(focal_point.event)).content.decode()
    assert 'name="decision" value="approve" class="primary"' in page
    assert 'name="decision" value="reject" class="danger"' in page
