"""The language to address an account in when there is no request to take it from."""

from __future__ import annotations

from django.conf import settings

from pavilion.accounts.models import User


def language_of(user: User | None) -> str:
    """The account's first preferred language that Pavilion speaks, else the default.

    Used for e-mails and for refusals on the live socket (pages use the request's language).
    """
    languages = {code for code, _name in settings.LANGUAGES}
    preferred = [code for code in (user.preferred_languages if user else None) or [] if code in languages]
    return preferred[0] if preferred else settings.LANGUAGE_CODE
