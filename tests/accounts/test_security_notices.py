"""E-mails that tell an account's owner of a security change (issue 18; allauth's
``ACCOUNT_EMAIL_NOTIFICATIONS``), in the owner's language, naming where the change came from."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import formats, timezone, translation

from pavilion.accounts.models import User
from tests.accounts.two_factor import totp_code
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-long-password"


def _signed_in(user: User) -> Client:
    """A browser signed in through the login form (so allauth counts a recent sign-in)."""
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox/128.0")
    assert client.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD}).status_code == 302
    mail.outbox.clear()
    return client


def _times(action: Callable[[], object], language: str) -> set[str]:
    """Run the action; the minute(s) it ran in, as the e-mail writes them in ``language``."""
    before = timezone.now()
    action()
    after = timezone.now()
    with translation.override(language):
        return {f"{formats.date_format(moment.astimezone(UTC), 'DATETIME_FORMAT')} UTC" for moment in (before, after)}


def _change_password(client: Client) -> None:
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302


def test_a_password_change_is_told_in_the_page_language_when_the_account_has_none() -> None:
    user = UserFactory.create(email="lan@example.org", preferred_languages=[])
    client = _signed_in(user)
    times = _times(lambda: _change_password(client), "en")
    [message] = mail.outbox
    assert (message.to, message.subject) == (["lan@example.org"], "[Pavilion] Password Changed")
    assert message.body in {
        "Hello from testserver!\n\n"
        "You are receiving this mail because the following change was made to your account:\n\n"
        "Your password has been changed.\n\n"
        "If you do not recognize this change then please take proper security precautions immediately. "
        "The change to your account originates from:\n\n"
        "- IP address: 203.0.113.7\n"
        "- Browser: Firefox/128.0\n"
        f"- Date: {when}\n\n"
        "Thank you for using testserver!\n"
        "testserver"
        for when in times
    }


def test_a_password_change_is_told_in_the_account_language_whatever_the_page() -> None:
    user = UserFactory.create(email="claire@example.org", preferred_languages=["fr", "en"])
    client = _signed_in(user)
    times = _times(lambda: _change_password(client), "fr")
    [message] = mail.outbox
    assert (message.to, message.subject) == (["claire@example.org"], "[Pavilion] Mot de passe modifié")
    assert message.body in {
        "Bonjour, c'est testserver !\n\n"
        "Vous recevez cet e-mail car la modification suivante a été apportée à votre compte :\n\n"
        "Votre mot de passe a été modifié.\n\n"
        "Si vous ne reconnaissez pas ce changement, veuillez prendre immédiatement les mesures de sécurité "
        "qui s'imposent. La modification de votre compte provient de :\n\n"
        "- L'adresse IP : 203.0.113.7\n"
        "- Navigateur : Firefox/128.0\n"
        f"- Date : {when}\n\n"
        "Merci d'utiliser testserver !\n"
        "testserver"
        for when in times
    }


def test_a_wrong_current_password_changes_nothing_and_sends_nothing() -> None:
    client = _signed_in(UserFactory.create())
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": "not-the-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert mail.outbox == []


def test_a_new_primary_address_is_told_to_the_old_one() -> None:
    user = UserFactory.create(email="minh@example.org", preferred_languages=["en"])
    EmailAddress.objects.create(user=user, email="minh@mic.gov.vn", verified=True, primary=False)
    client = _signed_in(user)
    client.post("/en/accounts/email/", {"email": "minh@mic.gov.vn", "action_primary": ""})
    user.refresh_from_db()
    assert user.email == "minh@mic.gov.vn"
    [message] = mail.outbox
    assert (message.to, message.subject) == (["minh@example.org"], "[Pavilion] Email Changed")
    assert "Your email has been changed from minh@example.org to minh@mic.gov.vn.\n" in message.body


def test_a_removed_address_is_told_to_the_primary_one() -> None:
    user = UserFactory.create(email="minh@example.org", preferred_languages=["es"])
    EmailAddress.objects.create(user=user, email="old@example.org", verified=True, primary=False)
    client = _signed_in(user)
    client.post("/en/accounts/email/", {"email": "old@example.org", "action_remove": ""})
    assert not EmailAddress.objects.filter(email="old@example.org").exists()
    [message] = mail.outbox
    assert (message.to, message.subject) == (["minh@example.org"], "[Pavilion] Correo electrónico eliminado")
    assert "\n\nLa dirección de correo electrónico old@example.org ha sido eliminada de tu cuenta.\n\n" in message.body


# allauth sends these once the change is committed, within the request (no ATOMIC_REQUESTS).
@pytest.mark.django_db(transaction=True)
def test_an_authenticator_app_added_codes_renewed_and_app_removed_are_told_each_time_in_vietnamese() -> None:
    user = UserFactory.create(email="mai@mic.gov.vn", preferred_languages=["vi"])
    client = _signed_in(user)
    client.post("/en/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    secret = client.get("/en/accounts/2fa/totp/activate/").context["form"].secret
    assert client.post("/en/accounts/2fa/totp/activate/", {"code": totp_code(secret)}).status_code == 302
    [added] = mail.outbox
    assert (added.to, added.subject) == (["mai@mic.gov.vn"], "[Pavilion] Đã kích hoạt ứng dụng xác thực")
    assert "\n\nĐã kích hoạt ứng dụng xác thực.\n\n" in added.body
    assert "- Địa chỉ IP: 203.0.113.7\n" in added.body

    assert client.post("/en/accounts/2fa/recovery-codes/generate/").status_code == 302
    assert [message.subject for message in mail.outbox[1:]] == ["[Pavilion] Đã tạo mã khôi phục mới"]

    assert client.post("/en/accounts/2fa/totp/deactivate/").status_code == 302
    assert [(message.to, message.subject) for message in mail.outbox[2:]] == [
        (["mai@mic.gov.vn"], "[Pavilion] Đã tắt ứng dụng xác thực")
    ]


def test_a_password_reset_is_told_once_done() -> None:
    user = UserFactory.create(email="head@example.org", preferred_languages=["en"])
    client = Client()
    client.post("/en/accounts/password/reset/", {"email": user.email})
    [reset] = mail.outbox
    link = next(line for line in reset.body.splitlines() if "/password/reset/key/" in line)
    form = client.get(link.removeprefix("http://testserver"))
    client.post(form["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert [message.subject for message in mail.outbox] == [
        "[Pavilion] Password Reset Email",
        "[Pavilion] Password Reset",
    ]
    assert "Your password has been reset.\n" in mail.outbox[1].body
