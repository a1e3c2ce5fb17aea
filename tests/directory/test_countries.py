from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django_countries import countries

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "hong_kong", "taipei"),
    [
        ("en", "Hong Kong, China", "Chinese Taipei"),
        ("zh-hans", "中国香港", "中华台北"),
        ("fr", "Hong Kong, Chine", "Taipei chinois"),
    ],
)
def test_apec_economy_names_follow_the_ui_language(language: str, hong_kong: str, taipei: str) -> None:
    with translation.override(language):
        assert countries.name("HK") == hong_kong
        assert countries.name("TW") == taipei


def test_iso_country_names_follow_the_ui_language() -> None:
    with translation.override("vi"):
        assert countries.name("VN") == "Việt Nam"
    with translation.override("ru"):
        assert countries.name("KZ") == "Казахстан"


def test_profile_country_choices_are_in_the_ui_language(client: Client) -> None:
    client.force_login(UserFactory.create())
    page = client.get("/zh-hans/accounts/profile/").content.decode()
    assert '<option value="TW">中华台北</option>' in page
    assert '<option value="VN">越南</option>' in page
