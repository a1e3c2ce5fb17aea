"""The back office opens for platform admins (i18n field widgets included) and for nobody else."""

from __future__ import annotations

import pytest
from django.test import Client

from pavilion.demo.services import load_demo
from pavilion.directory.models import Organisation
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
    "/admin/directory/organisation/",
    "/admin/directory/organisation/add/",
    "/admin/accounts/identityprovider/add/",
    "/admin/socialaccount/socialapp/add/",
    "/admin/mfa/authenticator/",
    "/admin/events/event/",
    "/admin/events/event/add/",
    "/admin/events/session/",
    "/admin/events/session/add/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_open_for_platform_admins(client: Client, path: str) -> None:
    load_demo(set_passwords=False)
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    assert client.get(path).status_code == 200


def test_admin_change_page_shows_each_content_language(client: Client) -> None:
    load_demo(set_passwords=False)
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    itu = Organisation.objects.get(slug="itu")
    form = client.get(f"/admin/directory/organisation/{itu.pk}/change/").content.decode()
    assert 'value="International Telecommunication Union"' in form
    assert 'value="Liên minh Viễn thông Quốc tế"' in form
    assert 'value="国际电信联盟"' in form


def test_admin_refuses_ordinary_accounts(client: Client) -> None:
    client.force_login(UserFactory.create())
    response = client.get("/admin/events/event/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_login_is_the_sites_rate_limited_login(client: Client) -> None:
    admin = UserFactory.create(is_staff=True, is_superuser=True, email="admin@example.org")
    page = client.get("/admin/login/?next=/admin/")
    assert (page.status_code, page["Location"]) == (302, "/en/accounts/login/?next=%2Fadmin%2F")
    # Django's own admin form no longer signs anyone in, whatever the password.
    posted = client.post("/admin/login/", {"username": admin.email, "password": TEST_PASSWORD, "next": "/admin/"})
    assert posted.status_code == 302
    assert "_auth_user_id" not in client.session
    for _attempt in range(15):
        client.post("/en/accounts/login/", {"login": admin.email, "password": "wrong-password"})
    client.post("/en/accounts/login/", {"login": admin.email, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
