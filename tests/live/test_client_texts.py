"""The live client's script element carries the page's words for its notices (live/_client.html)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from tests.boothtalk.helpers import stand
from tests.factories import LiveSessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_script(page: str) -> dict[str, str]:
    """The data-* attributes of the page's one live client script element."""
    scripts = re.findall(r'<script src="/static/build/live\.js" defer data-live-client([^>]*)>', page)
    assert len(scripts) == 1, scripts
    return {name: html.unescape(value) for name, value in re.findall(r'data-([a-z-]+)="([^"]*)"', scripts[0])}


def test_session_page_gives_the_client_its_notices_in_the_page_language() -> None:
    session = LiveSessionFactory.create()  # an ended session's page loads no live client
    client = Client()
    client.force_login(UserFactory.create())
    texts = client_script(client.get(f"/fr/events/{session.event.slug}/sessions/{session.slug}/").content.decode())
    assert texts == {
        "busy": "Cette séance est très sollicitée en ce moment : les mises à jour en direct reprendront sous peu.",
        "signed-out": "Vous avez été déconnecté·e : les mises à jour en direct se sont arrêtées.",
        "sign-in": "Se reconnecter",
        "sign-in-url": "/fr/accounts/login/",
        "refused": (
            "Les mises à jour en direct ne sont pas disponibles ici. "
            "Rechargez la page pour voir les dernières nouvelles."
        ),
        "revoked": "Cette séance ne vous est plus ouverte.",
    }


def test_booth_page_says_the_booth_is_no_longer_open() -> None:
    s = stand()
    client = Client()
    client.force_login(s.visitor)
    texts = client_script(client.get(s.page).content.decode())
    assert texts["revoked"] == "This booth is no longer open to you."
    assert texts["sign-in-url"] == "/en/accounts/login/"
