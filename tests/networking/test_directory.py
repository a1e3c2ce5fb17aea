from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pavilion.accounts.models import User
from pavilion.events.models import Event, Track
from pavilion.networking.matching import mark_not_interested, recommendations, undo_not_interested
from pavilion.networking.models import MeetingSlot
from pavilion.networking.profiles import DirectoryFilters, directory, save_profile
from tests.factories import RegistrationFactory, UserFactory
from tests.networking.conftest import listed, participant

pytestmark = pytest.mark.django_db


def names(groups: list) -> list[tuple[str, list[str]]]:
    return [(group.name, [entry.name for entry in group.entries]) for group in groups]


def test_directory_lists_only_people_who_opted_in(event: Event, mai: User, olga: User) -> None:
    quiet = participant(event, full_name="Not Listed")
    save_profile(event=event, by=quiet, is_listed=False)
    assert names(directory(event=event, by=quiet)) == [
        ("Kazakhstan", ["Olga Petrova"]),
        ("Viet Nam", ["Nguyễn Thị Mai"]),
    ]


def test_directory_leaving_removes_the_entry_and_the_consent_time(event: Event, mai: User, olga: User) -> None:
    profile = save_profile(event=event, by=olga, is_listed=False)
    assert profile.consented_at is None
    assert names(directory(event=event, by=mai)) == [("Viet Nam", ["Nguyễn Thị Mai"])]


def test_directory_delegation_in_protocol_order(event: Event, mai: User) -> None:
    delegate = participant(event, country="VN", function="delegate", full_name="An Delegate")
    minister = participant(event, country="VN", function="minister", full_name="Zed Minister")
    listed(event, delegate)
    listed(event, minister)
    assert names(directory(event=event, by=mai)) == [("Viet Nam", ["Zed Minister", "Nguyễn Thị Mai", "An Delegate"])]


def test_directory_shows_only_the_chosen_fields(event: Event, mai: User) -> None:
    shy = participant(event, country="KZ", full_name="Shy Person", job_title="Secret job")
    listed(event, shy, shown=[])
    groups = directory(event=event, by=mai)
    entry = next(entry for group in groups for entry in group.entries if entry.name == "Shy Person")
    assert (entry.position, entry.country, entry.function, entry.organisation) == ("", "", "", "")
    assert groups[-1].name == ""  # shows no delegation: listed last, under "Other participants"


def test_directory_filters_never_find_a_hidden_country(event: Event, mai: User) -> None:
    shy = participant(event, country="KZ", full_name="Shy Person")
    listed(event, shy, shown=["position"])
    assert names(directory(event=event, by=mai, filters=DirectoryFilters(country="KZ"))) == []
    assert names(directory(event=event, by=mai, filters=DirectoryFilters(country="VN"))) == [
        ("Viet Nam", ["Nguyễn Thị Mai"])
    ]


def test_directory_filters_by_theme_function_and_purpose(event: Event, mai: User, olga: User) -> None:
    assert names(directory(event=event, by=mai, filters=DirectoryFilters(theme="broadband"))) == [
        ("Viet Nam", ["Nguyễn Thị Mai"])
    ]
    assert names(directory(event=event, by=mai, filters=DirectoryFilters(function="adviser"))) == [
        ("Kazakhstan", ["Olga Petrova"])
    ]
    assert names(directory(event=event, by=mai, filters=DirectoryFilters(purpose="investment"))) == [
        ("Viet Nam", ["Nguyễn Thị Mai"])
    ]
    assert names(directory(event=event, by=mai, filters=DirectoryFilters(text="petrova"))) == [
        ("Kazakhstan", ["Olga Petrova"])
    ]


def test_directory_refused_to_people_outside_the_event(event: Event, mai: User) -> None:
    stranger = UserFactory.create()
    pending = UserFactory.create()
    RegistrationFactory.create(event=event, user=pending, status="pending")
    for person in (stranger, pending, None):
        with pytest.raises(PermissionDenied):
            directory(event=event, by=person)


def test_directory_leaves_out_someone_whose_registration_was_withdrawn(event: Event, mai: User, olga: User) -> None:
    olga.registrations.update(status="rejected")
    assert names(directory(event=event, by=mai)) == [("Viet Nam", ["Nguyễn Thị Mai"])]


def test_joining_refused_to_a_person_without_an_approved_registration(event: Event) -> None:
    with pytest.raises(PermissionDenied):
        save_profile(event=event, by=UserFactory.create(), is_listed=True)


def test_recommendations_rank_by_fit_and_say_why(
    event: Event, mai: User, olga: User, themes: dict[str, Track], slots: list[MeetingSlot]
) -> None:
    weak = participant(event, full_name="Weak Fit")
    listed(event, weak, themes=[themes["broadband"]])
    found = recommendations(event=event, by=mai)
    assert [item.entry.name for item in found] == ["Olga Petrova", "Weak Fit"]
    assert found[0].fit.reason_text == (
        "shared themes: 5G policy; you offer, they seek: Cooperation; "
        "they offer, you seek: Capacity building; both seek: Capacity building"
    )
    assert found[1].fit.reason_text == "shared themes: Broadband"


def test_not_interested_hides_the_pair_for_both(event: Event, mai: User, olga: User) -> None:
    mark_not_interested(event=event, by=olga, other_id=mai.pk)
    assert recommendations(event=event, by=mai) == []
    assert recommendations(event=event, by=olga) == []
    undo_not_interested(event=event, by=olga, other_id=mai.pk)
    assert [item.entry.name for item in recommendations(event=event, by=mai)] == ["Olga Petrova"]


def test_recommendations_leave_out_people_who_did_not_opt_in(event: Event, mai: User, themes: dict[str, Track]) -> None:
    quiet = participant(event, full_name="Quiet")
    profile = listed(event, quiet, themes=[themes["5g"]])
    profile.is_listed = False
    profile.save()
    assert recommendations(event=event, by=mai) == []
