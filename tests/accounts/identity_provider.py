"""A real OpenID Connect provider for the single sign-on tests: a second Pavilion in its own process
and database (SQLite), with allauth's provider mode on (``allauth.idp.oidc``, tests/accounts/idp_settings.py).

allauth's provider is a maintained, standards-following implementation (authorisation code flow,
discovery, JWKS, userinfo) that Pavilion already depends on, so the tests need no mock server.
Its people sign in there with a password, and one of them with an authenticator app as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import run_pavilion
from tests.servers import running_server

PASSWORD = "a-long-password-at-the-ministry"
CLIENT_SECRET = "a-long-client-secret-shared-with-pavilion"

_SETUP = """
import json
from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Client
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from pavilion.accounts.models import User

client = Client(id="pavilion", name="Pavilion", skip_consent=True)
client.set_secret({secret!r})
client.set_scopes(["openid", "profile", "email"])
client.set_redirect_uris({callbacks!r})
client.save()
people = [
    ("lan@mic.gov.vn", "Nguyễn Thị Lan", "VN"),
    ("minh@mic.gov.vn", "Trần Văn Minh", "VN"),
    ("mai@mic.gov.vn", "Lê Thị Mai", "VN"),
    ("head@un.org", "Someone Else", ""),
]
for email, name, country in people:
    user = User.objects.create_user(email=email, password={password!r}, full_name=name, country=country)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
secret = generate_totp_secret()
TOTP.activate(User.objects.get(email="mai@mic.gov.vn"), secret)
print(json.dumps({{"mai_secret": secret}}))
"""


@dataclass(frozen=True)
class Provider:
    url: str
    secrets: dict[str, str]


@contextmanager
def running_provider(var_dir: Path, *, callbacks: Sequence[str]) -> Iterator[Provider]:
    """The ministry's provider, serving at 127.0.0.1, with Pavilion registered as a client whose
    redirect addresses are ``callbacks``; its people are those of ``_SETUP``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    env = {"DJANGO_SETTINGS_MODULE": "tests.accounts.idp_settings", "PAVILION_TEST_IDP_KEY": key.decode()}
    with running_server(var_dir, workers=1, migrate=True, **env) as url:
        setup = _SETUP.format(secret=CLIENT_SECRET, callbacks=list(callbacks), password=PASSWORD)
        done = run_pavilion(["shell", "--no-imports", "-c", setup], var_dir, PAVILION_DEBUG="1", **env)
        assert done.returncode == 0, done.stderr
        yield Provider(url=url, secrets=json.loads(done.stdout.strip().splitlines()[-1]))
