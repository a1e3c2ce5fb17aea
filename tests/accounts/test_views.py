from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from pavilion.accounts.models import User
from tests.factories import TEST_PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sign_up(client: Client, email: str = "new.delegate@example.org") -> None:
    response = client.post(
        "/en/accounts/signup/",
        {"full_name": "Nguyễn Văn An", "email": email, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"


def test_sign_up_sends_verification_mail_and_verified_user_can_sign_in(client: Client) -> None:
    _sign_up(client)
    user = User.objects.get(email="new.delegate@example.org")
    assert user.full_name == "Nguyễn Văn An"
    assert user.password.startswith("argon2$")
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/en/accounts/confirm-email/\S+/)", str(mail.outbox[0].body))
    assert link is not None

    assert client.post(link.group(1)).status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True
    client.logout()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"


def test_unverified_user_cannot_sign_in(client: Client) -> None:
    user = UserFactory.create(verified=False)
    response = client.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_sign_up_with_mismatched_passwords_creates_nothing(client: Client) -> None:
    response = client.post(
        "/en/accounts/signup/",
        {"full_name": "A", "email": "x@example.org", "password1": TEST_PASSWORD, "password2": "different-password-1"},
    )
    assert response.status_code == 200
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()
    assert mail.outbox == []


def test_login_attempts_from_one_address_are_rate_limited(client: Client) -> None:
    for attempt in range(30):
        response = client.post("/en/accounts/login/", {"login": f"nobody{attempt}@example.org", "password": "x"})
        assert response.status_code == 200
    response = client.post("/en/accounts/login/", {"login": "nobody@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_password_reset_mails_a_link(client: Client) -> None:
    user = UserFactory.create()
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "/en/accounts/password/reset/key/" in mail.outbox[0].body


def test_profile_requires_sign_in(client: Client) -> None:
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/accounts/profile/"


def test_profile_saves_and_continues_in_the_chosen_language(client: Client) -> None:
    user = UserFactory.create()
    organisation = OrganisationFactory.create()
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/",
        {
            "honorific": "he",
            "full_name": "Trần Thị Lan",
            "job_title": "Vice-Minister",
            "country": "VN",
            "organisation": organisation.pk,
            "time_zone": "Asia/Ho_Chi_Minh",
            "language": "vi",
            "other_languages": ["en", "vi", "fr"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/vi/accounts/profile/"
    user.refresh_from_db()
    assert (user.honorific, user.full_name, user.job_title) == ("he", "Trần Thị Lan", "Vice-Minister")
    assert user.country == "VN"
    assert user.organisation == organisation
    assert user.time_zone == "Asia/Ho_Chi_Minh"
    assert user.preferred_languages == ["vi", "en", "fr"]


def test_a_profile_saved_under_an_old_zone_name_shows_the_place_and_saves_its_current_name(client: Client) -> None:
    # Browsers in Viet Nam still report Asia/Saigon, and accounts saved it before the list held current names only.
    user = UserFactory.create(full_name="Trần Văn Minh", time_zone="Asia/Saigon")
    client.force_login(user)
    page = client.get("/en/accounts/profile/").content.decode()
    assert '<option value="Asia/Ho_Chi_Minh" selected>' in page
    response = client.post(
        "/en/accounts/profile/",
        {"full_name": "Trần Văn Minh", "time_zone": "Asia/Saigon", "language": "en", "other_languages": ["en"]},
    )
    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    assert user.time_zone == "Asia/Ho_Chi_Minh"


def test_profile_with_bad_input_explains_and_changes_nothing(client: Client) -> None:
    user = UserFactory.create(full_name="Kept Name")
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/", {"full_name": "", "time_zone": "Mars/Olympus_Mons", "language": "xx"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"full_name", "time_zone", "language"}
    user.refresh_from_db()
    assert user.full_name == "Kept Name"
    assert user.preferred_languages == ["en"]


def test_profile_language_is_used_when_url_has_no_prefix(client: Client) -> None:
    client.force_login(UserFactory.create(preferred_languages=["ru", "en"]))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Location"] == "/ru/"


def test_language_switcher_choice_beats_profile(client: Client) -> None:
    client.force_login(UserFactory.create(preferred_languages=["ru"]))
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/ru/accounts/profile/"})
    assert response["Location"] == "/ar/accounts/profile/"
    assert client.get("/")["Location"] == "/ar/"
