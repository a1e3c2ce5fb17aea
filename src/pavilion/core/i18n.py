"""UI languages and their writing direction.

Content fields (titles, descriptions) are ``i18nfield`` fields: a value per language, shown in the
viewer's language, else the same language family, else English, else the first one filled in.
"""

from __future__ import annotations

from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from django.conf import settings
from django.utils import translation
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


def unambiguous_date(value: date, *, with_year: bool = True, language: str | None = None) -> str:
    """A date with the month as a word, in the UI language (CLDR's pattern through Babel):
    "Jun 12, 2026" (en), "12 jun 2026" (es), "12 يونيو 2026" (ar), "2026年6月12日" (zh-hans)."""
    code = translation.to_locale(language or translation.get_language() or "en")
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return format_skeleton("yMMMd" if with_year else "MMMd", value, locale=locale)


def shown_language(value: object, language: str | None = None) -> str:
    """The language a translated content field (i18nfield) is shown in on a page in ``language``:
    its own text, else the same family's, else English, else the first filled in ("" when empty).

    Mirrors ``LazyI18nString.localize`` so a page can mark text that fell back to another language.
    """
    data = getattr(value, "data", value)
    page = language or translation.get_language() or settings.LANGUAGE_CODE
    if not isinstance(data, dict):
        return page if data else ""
    family = page.split("-")[0]
    if data.get(page):
        return page
    if data.get(family):
        return family
    for code, text in data.items():
        if text and code.startswith(family + "-"):
            return str(code)
    if data.get(settings.LANGUAGE_CODE):
        return settings.LANGUAGE_CODE
    return next((str(code) for code, text in data.items() if text), "")


def language_name(code: str, language: str | None = None) -> str:
    """A language's name as it reads inside a sentence of the UI language, from CLDR: "inglés" (es),
    "الإنجليزية" (ar), "英语" (zh-hans)."""
    page = translation.to_locale(language or translation.get_language() or "en")
    try:
        names = Locale.parse(page).languages
    except (UnknownLocaleError, ValueError):
        return code
    return str(names.get(translation.to_locale(code)) or names.get(code.split("-")[0]) or code)
