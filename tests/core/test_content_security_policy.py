"""Content-Security-Policy (issue 18, finding 19): the header everywhere, and pages that obey it.

The policy allows scripts and style sheets from our own files only, so a page that carried an
inline script without the request's nonce, an event-handler attribute (``onclick``), a ``style``
attribute, a ``<style>`` element or a ``javascript:`` link would break under it. The scan renders
the main kinds of pages from the demo, signed out and signed in, and looks for each of them.
"""

from __future__ import annotations

import asyncio
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.demo.services import load_demo
from pavilion.events.models import Event, Session
from pavilion.exhibition.models import Booth, BoothStatus, Product
from pavilion.programmes.commitment_models import Commitment
from pavilion.programmes.models import Programme
from tests.csp import directives
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; connect-src 'self'; worker-src 'self' blob:; img-src 'self' data: blob:; "
    "frame-ancestors 'none'; script-src 'self'; frame-src https:; font-src 'self'; object-src 'none'; "
    "style-src 'self'; media-src 'self' https: blob:; form-action 'self'; base-uri 'self'"
)
#: <script> types that hold data, never run (JSON for scripts, allauth's and Swagger's settings).
DATA_TYPES = frozenset({"application/json", "application/ld+json", "importmap"})


@pytest.mark.parametrize("path", ["/en/", "/api/v1/events/", "/static/build/app.js"])
def test_pages_api_and_static_files_carry_the_policy_and_the_other_headers(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def test_no_unsafe_source_in_the_policy(client: Client) -> None:
    policy = directives(client.get("/en/")["Content-Security-Policy"])
    for name in ("script-src", "style-src", "default-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "data:"} & set(policy[name]), name
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_api_docs_load_swagger_from_our_own_static_files(client: Client) -> None:
    page = client.get("/api/docs").content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in page
    assert "https://" not in page  # no CDN: closed networks, and the policy would refuse it


def test_a_page_served_from_the_public_cache_carries_the_same_headers(client: Client) -> None:
    """The ASGI router answers cached pages without Django: it must send the same headers."""
    from pavilion.core.public_cache import forget_local
    from tests.core.test_public_cache import _get

    forget_local()
    event = EventFactory.create()
    path = f"/en/events/{event.slug}/"
    assert client.get(path).status_code == 200  # rendered by Django, and remembered
    sent = asyncio.run(_get(path, b"", []))
    headers = dict(sent[0]["headers"])
    assert headers[b"x-pavilion-cache"] == b"hit"
    assert directives(headers[b"content-security-policy"].decode()) == directives(POLICY)
    assert headers[b"permissions-policy"] == b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    assert headers[b"referrer-policy"] == b"same-origin"
    assert b"strict-transport-security" not in headers  # plain http, and debug


class InlineCode(HTMLParser):
    """What a strict policy would block in one page: each finding as a short description."""

    def __init__(self, nonce: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.findings: list[str] = []
        self._in_script: dict[str, str | None] | None = None
        self._script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            if name == "style":
                self.findings.append(f"<{tag} style=…>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.findings.append(f"<{tag} {name}=javascript:…>")
        if tag == "style" and (self.nonce is None or names.get("nonce") != self.nonce):
            self.findings.append("<style> without the nonce")
        if tag == "script":
            self._in_script = names
            self._script_text = ""

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._in_script is None:
            return
        attributes, self._in_script = self._in_script, None
        if attributes.get("src") or (attributes.get("type") or "").lower() in DATA_TYPES:
            return
        if self._script_text.strip() and (self.nonce is None or attributes.get("nonce") != self.nonce):
            self.findings.append(f"inline <script> without the nonce: {self._script_text.strip()[:40]!r}")


def blocked_inline_code(response: Any) -> list[str]:
    """What the response's own Content-Security-Policy would block in its page."""
    header = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", header)
    scanner = InlineCode(nonce[1] if nonce else None)
    scanner.feed(response.content.decode())
    return scanner.findings


def test_the_scan_finds_inline_code() -> None:
    page = (
        '<script>alert(1)</script><script nonce="n1">ok()</script><button onclick="go()">Go</button>'
        '<p style="color:red">x</p><a href="javascript:void(0)">x</a><style>p{}</style>'
        '<script type="application/json">{"data": 1}</script><script src="/static/app.js"></script>'
    )
    scanner = InlineCode("n1")
    scanner.feed(page)
    assert scanner.findings == [
        "inline <script> without the nonce: 'alert(1)'",
        "<button onclick=…>",
        "<p style=…>",
        "<a href=javascript:…>",
        "<style> without the nonce",
    ]


def _main_pages() -> tuple[list[str], list[str]]:
    """The main kinds of pages of the demo: (signed-out paths, signed-in paths)."""
    event = Event.objects.get(slug="itu-digital-world-2020")
    live_session = Session.objects.filter(event__slug="digital-cooperation-live").order_by("starts_at").last()
    assert live_session is not None
    booth = Booth.objects.filter(event=event, status=BoothStatus.PUBLISHED, products__isnull=False).first()
    assert booth is not None
    product = Product.objects.filter(booth=booth).first()
    assert product is not None
    programme = Programme.objects.filter(commitments__isnull=False).first()
    assert programme is not None
    commitment = Commitment.objects.filter(programme=programme).first()
    assert commitment is not None
    exhibition = f"/en/events/{event.slug}/exhibition/"
    signed_out = [
        "/en/",
        f"/en/events/{event.slug}/",
        f"/en/events/{event.slug}/speakers/",
        f"/en/events/{event.slug}/sessions/opening/",
        f"/en/events/{live_session.event.slug}/sessions/{live_session.slug}/",
        exhibition,
        f"{exhibition}3d/",
        f"{exhibition}booths/{booth.slug}/",
        f"{exhibition}booths/{booth.slug}/products/{product.slug}/",
        "/en/programmes/",
        f"/en/programmes/{programme.slug}/",
        f"/en/programmes/{programme.slug}/commitments/",
        f"/en/programmes/{programme.slug}/commitments/{commitment.pk}/",
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/api/docs",
    ]
    signed_in = [
        "/en/accounts/profile/",
        "/en/accounts/my-data/",
        "/en/accounts/email/",
        f"/en/events/{event.slug}/?view=rooms",
        f"/en/events/{event.slug}/agenda/",
        f"/en/events/{event.slug}/registration/",
        f"/en/events/{live_session.event.slug}/sessions/{live_session.slug}/",
        f"{exhibition}booths/{booth.slug}/",
        f"/en/manage/{event.slug}/",
        f"/en/manage/{event.slug}/edit/",
        f"/en/manage/{event.slug}/sessions/opening/",
        f"/en/manage/{event.slug}/dashboard/",
        f"/en/programmes/{programme.slug}/",
    ]
    return signed_out, signed_in


def test_main_pages_have_no_inline_code_the_policy_would_block(client: Client) -> None:
    load_demo(set_passwords=False)
    signed_out, signed_in = _main_pages()
    findings: dict[str, list[str]] = {}
    for path in signed_out:
        response = client.get(path)
        assert response.status_code == 200, path
        findings[path] = blocked_inline_code(response)
    client.force_login(User.objects.get(email="organiser@pavilion.example.org"))
    for path in signed_in:
        response = client.get(path)
        assert response.status_code == 200, path
        findings[f"{path} (signed in)"] = blocked_inline_code(response)
    assert {page: found for page, found in findings.items() if found} == {}
