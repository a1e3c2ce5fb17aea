"""UI languages and their writing direction.

Content fields (titles, descriptions) are ``i18nfield`` fields: a value per language, shown in the
viewer's language, else the same language family, else English, else the first one filled in.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info

RTL_LANGUAGES = frozenset({"ar"})


def is_rtl(language_code: str) -> bool:
    """Whether a UI language is written right to left."""
    return language_code.split("-")[0] in RTL_LANGUAGES


def ui_language_codes() -> list[str]:
    """The codes of the UI languages, in the order of settings.LANGUAGES."""
    return [code for code, _name in settings.LANGUAGES]


def native_language_names() -> list[tuple[str, str]]:
    """Each UI language with its name in that language, for the language switcher."""
    return [(code, get_language_info(code)["name_local"]) for code in ui_language_codes()]
