"""A real SAML 2.0 identity provider for the single sign-on tests: pysaml2's IdP side (``saml2.server``)
in its own process, signing its assertions with a key made for the test (xmlsec1 does the signing).

It plays a ministry's provider: it knows Pavilion from Pavilion's own SP metadata (what an operator
hands the ministry), shows its own sign-in page at its sign-in (SSO) address, and answers Pavilion's
request with a signed assertion carrying the person's e-mail address, name, country and organisation
as Microsoft's claim types (what AD FS and Entra ID send), posted back through the browser.

Run as ``python -m tests.accounts.saml_identity_provider PORT FOLDER`` (FOLDER holds key.pem,
cert.pem and sp.xml); tests use ``running_saml_provider``.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.servers import module_process

PASSWORD = "a-long-password-at-the-ministry"
EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
COUNTRY = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/country"
ORGANISATION = "urn:oid:2.5.4.10"  # organizationName
#: The authentication context the provider asserts after a password alone. The sign-in form's
#: ``authn_context`` field stands for the provider's own second-factor step: what it asserts after it.
PASSWORD_ONLY = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"

#: The ministry's people: e-mail address → (persistent NameID, full name, country, organisation).
PEOPLE = {
    # Lan works at an agency of the ministry, named by its acronym.
    "lan@mic.gov.vn": ("c0a8f1e2-lan", "Nguyễn Thị Lan", "VN", "VNNIC"),
    "mallory@mic.gov.vn": ("c0a8f1e2-mallory", "Mallory Trần", "VN", "mic-vn"),
    "head@un.org": ("c0a8f1e2-head", "Someone Else", "", ""),
}


def _tampered(xml: str) -> str:
    # Mallory, signed in at the ministry as herself, rewrites the address in her assertion to Lan's.
    return xml.replace("mallory@mic.gov.vn", "lan@mic.gov.vn")


def _unsigned(xml: str) -> str:
    # ... or sends it without its signature.
    return re.sub(r"<(\w+:)?Signature\b.*?</(\w+:)?Signature>", "", xml, flags=re.DOTALL)


#: What the holder of an assertion (Mallory's own browser) may do to it before posting it to Pavilion.
ALTERATIONS: dict[str, Callable[[str], str]] = {"tampered": _tampered, "unsigned": _unsigned}


def altered(saml_response: str, alteration: str) -> str:
    """A base64 ``SAMLResponse`` changed by one of ``ALTERATIONS``."""
    xml = base64.b64decode(saml_response).decode()
    changed = ALTERATIONS[alteration](xml)
    assert changed != xml
    return base64.b64encode(changed.encode()).decode()


@dataclass(frozen=True)
class SAMLProvider:
    url: str
    entity_id: str
    sso_url: str
    certificate: str  # PEM


def signing_certificate(folder: Path, *, days: int = 30) -> str:
    """A new RSA key and a self-signed certificate for it in ``folder`` (key.pem, cert.pem); returns the
    certificate's PEM. ``days`` < 0 makes one that has already expired."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.mic.gov.vn")])
    now = datetime.now(UTC)
    start, end = (
        (now - timedelta(days=1), now + timedelta(days=days))
        if days > 0
        else (now - timedelta(days=60), now + timedelta(days=days))
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (folder / "cert.pem").write_text(pem)
    return pem


def provider_address(port: int) -> SAMLProvider:
    """Where the provider of ``port`` serves (before it runs: the operator registers it first)."""
    url = f"http://127.0.0.1:{port}"
    return SAMLProvider(url=url, entity_id=f"{url}/metadata", sso_url=f"{url}/sso", certificate="")


@contextmanager
def running_saml_provider(folder: Path, port: int, *, sp_metadata: str) -> Iterator[SAMLProvider]:
    """The provider in its own process at 127.0.0.1:``port``, with the key and certificate of
    ``signing_certificate(folder)`` and Pavilion registered from ``sp_metadata`` (its SP metadata)."""
    (folder / "sp.xml").write_text(sp_metadata)
    address = provider_address(port)
    with module_process(
        "tests.accounts.saml_identity_provider",
        str(port),
        str(folder),
        probe=lambda: httpx.get(f"{address.url}/metadata", timeout=5).raise_for_status(),
        what="SAML provider",
    ):
        yield SAMLProvider(
            url=address.url,
            entity_id=address.entity_id,
            sso_url=address.sso_url,
            certificate=(folder / "cert.pem").read_text(),
        )


# --- The provider's process -----------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ministry sign-in</title></head><body>
<h1>Ministry of Information sign-in</h1>{error}
<form method="post" action="/sso/login">
<input type="hidden" name="SAMLRequest" value="{request}"><input type="hidden" name="RelayState" value="{relay}">
<p><label for="email">Email</label> <input id="email" name="email" type="email"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
<p><button type="submit">Sign In</button></p>
</form></body></html>"""


def _identity_provider(port: int, folder: Path) -> Any:
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.config import IdPConfig
    from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
    from saml2.server import Server

    address = provider_address(port)
    config = IdPConfig()
    config.load(
        {
            "entityid": address.entity_id,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (address.sso_url, BINDING_HTTP_REDIRECT),
                            (address.sso_url, BINDING_HTTP_POST),
                        ]
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}},
                }
            },
            "key_file": str(folder / "key.pem"),
            "cert_file": str(folder / "cert.pem"),
            "metadata": {"local": [str(folder / "sp.xml")]},
            # Debian's xmlsec1 (.ci/install-system-packages) signs the assertions.
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "allow_unknown_attributes": True,
        }
    )
    return Server(config=config)


def _application(port: int, folder: Path) -> Callable[..., Iterable[bytes]]:
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    server = _identity_provider(port, folder)

    def page(start_response: Callable[..., Any], body: str, status: str = "200 OK") -> list[bytes]:
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode()]

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        if path == "/favicon.ico":  # asked for by the browser on the sign-in page
            start_response("204 No Content", [])
            return []
        if path == "/metadata":
            start_response("200 OK", [("Content-Type", "text/xml")])
            return [b"<ok/>"]
        if path == "/sso" and environ["REQUEST_METHOD"] == "GET":
            query = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
            # Checked now (signature-free redirect binding: the issuer must be a known service provider).
            server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
            return page(
                start_response,
                _PAGE.format(
                    error="",
                    request=html.escape(query["SAMLRequest"]),
                    relay=html.escape(query.get("RelayState", "")),
                ),
            )
        if path == "/sso/login" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = {key: values[0] for key, values in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
            person = PEOPLE.get(form.get("email", ""))
            if person is None or form.get("password") != PASSWORD:
                error = "<p role='alert'>Wrong e-mail address or password.</p>"
                body = _PAGE.format(
                    error=error,
                    request=html.escape(form["SAMLRequest"]),
                    relay=html.escape(form.get("RelayState", "")),
                )
                return page(start_response, body, "403 Forbidden")
            request = server.parse_authn_request(form["SAMLRequest"], BINDING_HTTP_REDIRECT).message
            sp_entity_id = request.issuer.text
            binding, destination = server.pick_binding(
                "assertion_consumer_service", bindings=[BINDING_HTTP_POST], entity_id=sp_entity_id, request=request
            )
            uid, name, country, organisation = person
            identity = {EMAIL: [form["email"]], NAME: [name]}
            if country:
                identity[COUNTRY] = [country]
            if organisation:
                identity[ORGANISATION] = [organisation]
            response = server.create_authn_response(
                identity,
                in_response_to=request.id,
                destination=destination,
                sp_entity_id=sp_entity_id,
                name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=uid),
                authn={"class_ref": form.get("authn_context") or PASSWORD_ONLY},
                sign_assertion=True,
                sign_response=False,
                sign_alg=SIG_RSA_SHA256,
                digest_alg=DIGEST_SHA256,
            )
            http_args = server.apply_binding(
                binding, str(response), destination, form.get("RelayState", ""), response=True
            )
            return page(start_response, http_args["data"])
        return page(start_response, "<p>Not found</p>", "404 Not Found")

    return application


def main() -> None:
    from wsgiref.simple_server import make_server

    port, folder = int(sys.argv[1]), Path(sys.argv[2])
    with make_server("127.0.0.1", port, _application(port, folder)) as httpd:
        httpd.serve_forever()


if __name__ == "__main__":
    main()
