"""The language an account is addressed in outside a request (e-mails, refusals on the live socket)."""

from __future__ import annotations

import pytest

from pavilion.accounts.languages import language_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [(["vi", "fr"], "vi"), (["de", "ar"], "ar"), (["de"], "en"), ([], "en")],
    ids=["first", "first-spoken", "none-spoken", "none"],
)
def test_the_first_preferred_language_pavilion_speaks_else_english(preferred: list[str], expected: str) -> None:
    assert language_of(UserFactory.create(preferred_languages=preferred)) == expected


def test_anonymous_is_addressed_in_the_default_language() -> None:
    assert language_of(None) == "en"
