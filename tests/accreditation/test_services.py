from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from pavilion.accreditation.models import Registration, Status
from pavilion.accreditation.services import (
    count_by_status,
    decide_registration,
    delegation_lists,
    is_reviewer,
    registrations_for_review,
    registrations_to_decide,
    submit_registration,
)
from pavilion.events.models import Event, RegisteredAccess
from tests.factories import (
    CategoryFactory,
    EventFactory,
    FocalPointFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _event(**fields: object) -> Event:
    """An event as the pages load it (content fields read back from the database, not factory dicts)."""
    event = EventFactory.create(name={"en": "Digital World", "vi": "Thế giới Số"}, **fields)
    event.refresh_from_db()
    return event


def test_submit_registration_waits_for_the_focal_point_who_is_emailed(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    focal_point = FocalPointFactory.create(event=_event(), country="VN")
    FocalPointFactory.create(event=focal_point.event, country="TH")
    category = CategoryFactory.create(event=focal_point.event)
    delegate = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        registration = submit_registration(event=focal_point.event, user=delegate, category=category, country="VN")
    assert registration.status == Status.PENDING
    assert registration.decided_at is None
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([delegate.email], "[Pavilion] Your registration for Digital World is awaiting approval"),
        ([focal_point.user.email], "[Pavilion] A registration for Digital World awaits your decision"),
    ]
    review_url = f"{settings.PAVILION_SITE_URL}/en/events/{focal_point.event.slug}/registration/review/"
    assert review_url in str(mail.outbox[1].body)


def test_submit_registration_sends_nothing_before_the_commit(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    focal_point = FocalPointFactory.create()
    category, delegate = CategoryFactory.create(event=focal_point.event), UserFactory.create()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_registration(event=focal_point.event, user=delegate, category=category, country="VN")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_submit_registration_in_category_without_approval_is_approved(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    focal_point = FocalPointFactory.create(event=_event())
    category = CategoryFactory.create(event=focal_point.event, requires_approval=False)
    visitor = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        registration = submit_registration(event=focal_point.event, user=visitor, category=category, country="VN")
    assert registration.status == Status.APPROVED
    assert registration.decided_at is not None
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([visitor.email], "[Pavilion] You are registered for Digital World"),
    ]
    # Finding 18: the visitor learns that this opens no "registered" sessions.
    assert (
        f"as {category.name} is confirmed.\n\n{category.name} needs no approval, so your registration was confirmed "
        "at once. It opens the event's public sessions, not the sessions for registered participants: those are "
        "for registrations that a focal point or the organisers approved.\n\n"
    ) in mail.outbox[0].body


def test_a_registration_where_every_registration_counts_is_confirmed_without_the_notice(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    event = _event(registered_access=RegisteredAccess.ANY)
    category = CategoryFactory.create(event=event, requires_approval=False)
    with django_capture_on_commit_callbacks(execute=True):
        submit_registration(event=event, user=UserFactory.create(), category=category, country="VN")
    [message] = mail.outbox
    assert "needs no approval" not in message.body


def test_focal_point_registering_in_own_delegation_is_approved() -> None:
    focal_point = FocalPointFactory.create(country="VN")
    category = CategoryFactory.create(event=focal_point.event)
    registration = submit_registration(event=focal_point.event, user=focal_point.user, category=category, country="VN")
    assert registration.status == Status.APPROVED


def test_focal_point_registering_in_another_delegation_waits() -> None:
    focal_point = FocalPointFactory.create(country="VN")
    category = CategoryFactory.create(event=focal_point.event)
    registration = submit_registration(event=focal_point.event, user=focal_point.user, category=category, country="TH")
    assert registration.status == Status.PENDING


def test_focal_point_of_an_organisation_approves_own_registration() -> None:
    organisation = OrganisationFactory.create()
    focal_point = FocalPointFactory.create(country="", organisation=organisation)
    category = CategoryFactory.create(event=focal_point.event)
    registration = submit_registration(
        event=focal_point.event, user=focal_point.user, category=category, organisation=organisation
    )
    assert registration.status == Status.APPROVED


def test_second_registration_for_the_same_event_is_refused() -> None:
    first = RegistrationFactory.create(status=Status.PENDING)
    with pytest.raises(ValidationError) as refused:
        submit_registration(event=first.event, user=first.user, category=first.category, country="TH")
    assert refused.value.message_dict == {"__all__": ["You are already registered for this event."]}
    assert Registration.objects.filter(user=first.user).count() == 1


def test_registration_needs_exactly_one_delegation() -> None:
    category = CategoryFactory.create()
    user = UserFactory.create()
    with pytest.raises(ValidationError) as neither:
        submit_registration(event=category.event, user=user, category=category)
    with pytest.raises(ValidationError) as both:
        submit_registration(
            event=category.event, user=user, category=category, country="VN", organisation=OrganisationFactory.create()
        )
    message = ["Choose either a country or economy, or an organisation."]
    assert neither.value.message_dict == {"country": message}
    assert both.value.message_dict == {"country": message}
    assert Registration.objects.count() == 0


def test_registration_in_another_events_category_is_refused() -> None:
    category = CategoryFactory.create()
    with pytest.raises(ValidationError) as refused:
        submit_registration(event=EventFactory.create(), user=UserFactory.create(), category=category, country="VN")
    assert refused.value.message_dict == {"category": ["This category belongs to another event."]}
    assert Registration.objects.count() == 0


def test_focal_point_approves_registration_of_own_delegation(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    focal_point = FocalPointFactory.create(event=_event(), country="VN")
    registration = RegistrationFactory.create(event=focal_point.event, country="VN", status=Status.PENDING)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        decide_registration(registration=registration, by=focal_point.user, approve=True)
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED
    assert registration.decided_by == focal_point.user
    assert registration.decided_at is not None
    assert before <= registration.decided_at <= timezone.now()
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([registration.user.email], "[Pavilion] Your registration for Digital World is approved"),
    ]


def test_rejection_without_reason_changes_nothing(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    focal_point = FocalPointFactory.create(country="VN")
    registration = RegistrationFactory.create(event=focal_point.event, country="VN", status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        decide_registration(registration=registration, by=focal_point.user, approve=False, reason="   ")
    assert refused.value.message_dict == {
        "reason": ["Give a reason for the rejection; the registrant will receive it."]
    }
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by, registration.decided_at) == (Status.PENDING, None, None)
    assert mail.outbox == []


def test_rejection_sends_the_reason_to_the_registrant(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    focal_point = FocalPointFactory.create(event=_event(), country="VN")
    registration = RegistrationFactory.create(event=focal_point.event, country="VN", status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        decide_registration(
            registration=registration, by=focal_point.user, approve=False, reason="Not a member of the ministry."
        )
    registration.refresh_from_db()
    assert registration.status == Status.REJECTED
    assert registration.decision_reason == "Not a member of the ministry."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [registration.user.email]
    assert mail.outbox[0].subject == "[Pavilion] Your registration for Digital World was not approved"
    assert "Reason: Not a member of the ministry." in str(mail.outbox[0].body)


def test_focal_point_may_not_decide_another_delegation() -> None:
    focal_point = FocalPointFactory.create(country="VN")
    registration = RegistrationFactory.create(event=focal_point.event, country="TH", status=Status.PENDING)
    with pytest.raises(PermissionDenied):
        decide_registration(registration=registration, by=focal_point.user, approve=True)
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


def test_focal_point_of_another_event_may_not_decide() -> None:
    focal_point = FocalPointFactory.create(country="VN")
    registration = RegistrationFactory.create(country="VN", status=Status.PENDING)
    with pytest.raises(PermissionDenied):
        decide_registration(registration=registration, by=focal_point.user, approve=True)


def test_organiser_decides_any_delegation() -> None:
    event = EventFactory.create()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    registration = RegistrationFactory.create(event=event, country="TH", status=Status.PENDING)
    decide_registration(registration=registration, by=organiser, approve=True)
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by) == (Status.APPROVED, organiser)


def test_registrations_to_decide_are_the_focal_points_delegations_only() -> None:
    focal_point = FocalPointFactory.create(country="VN")
    organisation = OrganisationFactory.create()
    FocalPointFactory.create(event=focal_point.event, user=focal_point.user, country="", organisation=organisation)
    vietnam = RegistrationFactory.create(event=focal_point.event, country="VN", status=Status.PENDING)
    of_organisation = RegistrationFactory.create(event=focal_point.event, country="", organisation=organisation)
    thailand = RegistrationFactory.create(event=focal_point.event, country="TH", status=Status.PENDING)
    organiser = UserFactory.create()
    focal_point.event.organising_team.add(organiser)
    assert list(registrations_to_decide(event=focal_point.event, user=focal_point.user)) == [vietnam, of_organisation]
    assert list(registrations_to_decide(event=focal_point.event, user=organiser)) == [
        vietnam,
        of_organisation,
        thailand,
    ]
    assert list(registrations_to_decide(event=focal_point.event, user=UserFactory.create())) == []


def test_reviewers_are_organisers_and_focal_points_of_that_event() -> None:
    focal_point = FocalPointFactory.create()
    organiser = UserFactory.create()
    focal_point.event.organising_team.add(organiser)
    approved_delegate = RegistrationFactory.create(event=focal_point.event).user
    assert is_reviewer(event=focal_point.event, user=focal_point.user) is True
    assert is_reviewer(event=focal_point.event, user=organiser) is True
    assert is_reviewer(event=focal_point.event, user=approved_delegate) is False
    assert is_reviewer(event=EventFactory.create(), user=focal_point.user) is False


def test_review_lists_awaiting_approval_first_and_counts_each_status() -> None:
    event = EventFactory.create()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    approved = RegistrationFactory.create(event=event)
    rejected = RegistrationFactory.create(event=event, status=Status.REJECTED, decision_reason="Duplicate")
    pending = RegistrationFactory.create(event=event, status=Status.PENDING)
    assert list(registrations_for_review(event=event, user=organiser)) == [pending, approved, rejected]
    assert list(registrations_for_review(event=event, user=organiser, status=Status.REJECTED)) == [rejected]
    counts = count_by_status(registrations=registrations_to_decide(event=event, user=organiser))
    assert counts == {"pending": 1, "approved": 1, "rejected": 1}


def test_delegation_lists_group_by_delegation_in_protocol_order() -> None:
    event = EventFactory.create()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    itu = OrganisationFactory.create(name={"en": "International Telecommunication Union"})

    def member(name: str, function: str, **fields: object) -> Registration:
        return RegistrationFactory.create(
            event=event, user=UserFactory.create(full_name=name), function=function, **fields
        )

    member("Adviser Lan", "adviser", country="VN")
    member("Delegate Binh", "delegate", country="VN")
    member("Minister Hung", "minister", country="VN", is_head_of_delegation=True)
    member("Delegate Anh", "delegate", country="VN")
    member("Delegate Chi", "delegate", country="VN", is_head_of_delegation=False)
    member("Waiting Dung", "head_of_state", country="VN", status=Status.PENDING)
    member("Refused Em", "minister", country="VN", status=Status.REJECTED)
    member("Observer Somchai", "observer", country="TH")
    member("Delegate Niran", "delegate", country="TH", is_head_of_delegation=True)
    member("Official Doreen", "delegate", country="", organisation=itu)

    lists = delegation_lists(event=event, user=organiser)
    assert [(delegation.name, [r.user.full_name for r in delegation.members]) for delegation in lists] == [
        ("International Telecommunication Union", ["Official Doreen"]),
        ("Thailand", ["Delegate Niran", "Observer Somchai"]),
        ("Viet Nam", ["Minister Hung", "Delegate Anh", "Delegate Binh", "Delegate Chi", "Adviser Lan"]),
    ]


def test_delegation_lists_put_the_head_first_among_equal_functions() -> None:
    focal_point = FocalPointFactory.create(country="VN")
    later = timezone.now() + timedelta(minutes=1)
    RegistrationFactory.create(event=focal_point.event, user=UserFactory.create(full_name="Anh"), function="delegate")
    head = RegistrationFactory.create(
        event=focal_point.event,
        user=UserFactory.create(full_name="Zung"),
        function="delegate",
        is_head_of_delegation=True,
    )
    Registration.objects.filter(pk=head.pk).update(created_at=later)
    RegistrationFactory.create(event=focal_point.event, country="TH")
    lists = delegation_lists(event=focal_point.event, user=focal_point.user)
    assert [(delegation.name, [r.user.full_name for r in delegation.members]) for delegation in lists] == [
        ("Viet Nam", ["Zung", "Anh"]),
    ]


def test_delegation_lists_are_empty_for_others() -> None:
    registration = RegistrationFactory.create()
    assert delegation_lists(event=registration.event, user=registration.user) == []


def test_emails_use_the_recipients_language(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    event = _event()
    french_reader = UserFactory.create(preferred_languages=["fr"])
    FocalPointFactory.create(event=event, country="VN", user=french_reader)
    delegate = UserFactory.create(preferred_languages=["vi"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_registration(event=event, user=delegate, category=CategoryFactory.create(event=event), country="VN")
    to_delegate, to_focal_point = mail.outbox
    assert (to_delegate.to, to_focal_point.to) == ([delegate.email], [french_reader.email])
    # The event's own name follows the recipient's language, as do country names (django-countries).
    assert ("Thế giới Số" in to_delegate.subject, "Digital World" in to_delegate.subject) == (True, False)
    assert ("Việt Nam" in str(to_delegate.body), "Viet Nam" in str(to_delegate.body)) == (True, False)
    assert ("Digital World" in to_focal_point.subject, "Thế giới Số" in to_focal_point.subject) == (True, False)
    # French, like English, spells it "Viet Nam" (the UN's spelling); the sentence around it is French.
    assert ("délégation de Viet Nam" in str(to_focal_point.body), "delegation of" in str(to_focal_point.body)) == (
        True,
        False,
    )
    assert f"/fr/events/{event.slug}/registration/review/" in str(to_focal_point.body)


def test_emails_to_an_english_reader_are_in_english(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    event = _event()
    delegate = UserFactory.create(preferred_languages=["en"], full_name="An Nguyen")
    with django_capture_on_commit_callbacks(execute=True):
        submit_registration(event=event, user=delegate, category=CategoryFactory.create(event=event), country="VN")
    assert mail.outbox[0].subject == "[Pavilion] Your registration for Digital World is awaiting approval"
    assert mail.outbox[0].body == (
        "Dear An Nguyen,\n\n"
        "We have received your registration for Digital World. The focal point of Viet Nam will review it, "
        "and you will receive an e-mail with the decision.\n\n"
        f"Your registration: {settings.PAVILION_SITE_URL}/en/events/{event.slug}/registration/\n\n"
        "— Pavilion\n"
    )


def test_delegation_without_focal_point_goes_to_the_organisers(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    event = _event()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    FocalPointFactory.create(event=event, country="VN")  # another delegation's focal point is not asked
    delegate = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        submit_registration(event=event, user=delegate, category=CategoryFactory.create(event=event), country="TH")
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([delegate.email], "[Pavilion] Your registration for Digital World is awaiting approval"),
        ([organiser.email], "[Pavilion] A registration for Digital World awaits your decision"),
    ]
    assert "which has no focal point. As an organiser" in str(mail.outbox[1].body)
