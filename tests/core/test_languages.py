"""UI languages: URL prefixes, right-to-left Arabic, and no English left on translated pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.utils import translation
from django.utils.translation import get_language_info
from django_countries import countries

from pavilion.accounts.models import User
from pavilion.chat.models import ChatMessage
from pavilion.chat.services import author_name
from pavilion.demo.services import load_demo
from pavilion.exhibition.models import Booth
from pavilion.interpretation.models import TeamMessage
from pavilion.polls.models import Poll, PollOption
from pavilion.qa.models import Question

pytestmark = pytest.mark.django_db
TRANSLATED = ["ar", "es", "fr", "ru", "zh-hans", "vi"]
LOCALE_DIR = Path(__file__).resolve().parents[2] / "src" / "pavilion"
CATALOGUES = sorted(LOCALE_DIR.glob("locale*/*/LC_MESSAGES/django.po"))

# Text that is the same in every language: names, codes, the product's own name.
LANGUAGE_NEUTRAL = re.compile(
    r"^(Pavilion|ITU|APEC TEL|TEL45|MIC|SCO|#[0-9a-f]{6}|https?://\S+|\(?[A-Z][A-Za-z]+/[A-Za-z_/]+\)?|[\W\d_]*|\S+@\S+|.*\(UTC\).*|UTC"
    # A zone's city comes from CLDR in the page's language; some languages write it as English does.
    r"|\(?[^()]+, UTC[+-]\d+(?::\d\d)?\)?)$"
)


class _VisibleText(HTMLParser):
    """Collect text a reader sees (and labels screen readers announce), except <option> lists,
    whose entries (countries, time zones) come from libraries, elements marked with their own
    ``lang`` (language names in the switcher are deliberately in their own language) and names
    marked ``translate="no"`` (people's names)."""

    SKIPPED = frozenset({"script", "style", "option", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag in self.SKIPPED or (tag != "html" and "lang" in names) or names.get("translate") == "no":
            self._skipping.append(tag)
        for name, value in attrs:
            if name in {"aria-label", "placeholder", "title", "alt"} and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipping:
            self.texts.append(text)


def _visible_texts(html: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(html)
    return {text for text in parser.texts if not LANGUAGE_NEUTRAL.match(text)}


def _pages(client: Client, language: str) -> dict[str, str]:
    paths = [
        "/",
        "/events/itu-digital-world-2020/",
        "/events/no-such-event/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        "/events/itu-digital-world-2020/sessions/opening/",
        "/events/itu-digital-world-2020/speakers/",
        "/events/itu-digital-world-2020/sessions/opening/captions/transcript/en/",
        "/events/itu-digital-world-2020/exhibition/3d/",
        "/events/digital-cooperation-live/sessions/live-broadband-gap/",
        "/events/digital-cooperation-live/sessions/opening/",
    ]
    signed_in = [
        "/accounts/profile/",
        "/accounts/my-data/",
        "/accounts/delete/",
        "/accounts/devices/",
        "/accounts/2fa/",
        "/events/itu-digital-world-2020/?view=rooms",
        "/events/itu-digital-world-2020/agenda/",
        "/events/itu-digital-world-2020/registration/",
        "/events/itu-digital-world-2020/registration/review/",
        "/events/itu-digital-world-2020/registration/delegations/",
        "/manage/",
        "/manage/itu-digital-world-2020/",
        "/manage/itu-digital-world-2020/sessions/",
        "/manage/itu-digital-world-2020/sessions/ministerial-roundtable-1/",
        "/manage/itu-digital-world-2020/rooms/",
        "/manage/itu-digital-world-2020/transfer/",
        "/manage/itu-digital-world-2020/captioners/",
        "/manage/itu-digital-world-2020/interpretation/",
        "/manage/itu-digital-world-2020/interpretation/opening/",
        "/manage/itu-digital-world-2020/surveys/",
        "/manage/itu-digital-world-2020/dashboard/",
        "/manage/new/",
        "/events/digital-cooperation-live/sessions/live-broadband-gap/",
        "/events/digital-cooperation-live/sessions/opening/",
    ]
    pages = {path: client.get(f"/{language}{path}").content.decode() for path in paths}
    # The demo organiser organises every event and is a reviewer, so every page opens for them.
    client.force_login(User.objects.get(email="organiser@pavilion.example.org"))
    for path in signed_in:
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, (path, response.status_code)
        pages[path] = response.content.decode()
    client.logout()
    return pages


def test_root_redirects_to_the_browser_language(client: Client) -> None:
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-Hans-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="vi")["Location"] == "/vi/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/en/"


@pytest.mark.parametrize("language", ["en", *TRANSLATED])
def test_every_language_has_its_prefix_and_direction(client: Client, language: str) -> None:
    page = client.get(f"/{language}/").content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}" ' in page


def test_language_switcher_links_to_this_page_in_all_seven_languages(client: Client) -> None:
    page = client.get("/en/accounts/login/?next=/en/").content.decode()
    assert '<a href="/en/accounts/login/?next=/en/" lang="en" hreflang="en" aria-current="true">English</a>' in page
    for code in ["ar", "es", "fr", "ru", "zh-hans", "vi"]:
        name = get_language_info(code)["name_local"]
        assert f'<a href="/{code}/accounts/login/?next=/en/" lang="{code}" hreflang="{code}">{name}</a>' in page


def _same_in_both(language: str) -> set[str]:
    """Words that really are the same in English and this language: catalogue entries translated as
    themselves (French "Actions", Spanish "No"), country names spelt alike ("Kazakhstan") and
    exhibitors' names."""
    directory = language.replace("zh-hans", "zh_Hans")
    with (LOCALE_DIR / "locale" / directory / "LC_MESSAGES" / "django.po").open("rb") as handle:
        same = {
            message.id for message in read_po(handle) if isinstance(message.id, str) and message.string == message.id
        }
    # A message with a number in it that the language writes as English does (French "Option %(number)d")
    # is the same once filled in, e.g. the new-poll form's "Option 1" … "Option 10".
    same |= {
        message % {"number": number}
        for message in list(same)
        if message.count("%(") == 1 and "%(number)d" in message
        for number in range(1, 11)
    }
    with translation.override("en"):
        english_names = {code: str(name) for code, name in countries}
    with translation.override(language):
        same |= {str(name) for code, name in countries if english_names.get(code) == str(name)}
    # Exhibitors' names are proper names (the demo's fictional companies), written as they write them.
    same |= {booth.name.localize("en") for booth in Booth.objects.all()}
    # What people wrote in the live demo's sessions, and their names, stay as they wrote them.
    same |= set(ChatMessage.objects.values_list("text", flat=True)) | set(
        Question.objects.values_list("text", flat=True)
    )
    same |= set(Poll.objects.values_list("question", flat=True)) | set(
        PollOption.objects.values_list("text", flat=True)
    )
    same |= set(TeamMessage.objects.values_list("text", flat=True))  # the interpreters' own chat
    same |= {author_name(user) for user in User.objects.all()}
    return same


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_left_on_translated_pages(client: Client, language: str) -> None:
    load_demo(set_passwords=False)
    english = _pages(client, "en")
    translated = _pages(client, language)
    allowed = _same_in_both(language)
    leftovers = {
        path: sorted((_visible_texts(english[path]) & _visible_texts(translated[path])) - allowed) for path in english
    }
    assert {path: texts for path, texts in leftovers.items() if texts} == {}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(LOCALE_DIR)))
def test_catalogue_is_complete(catalogue: Path) -> None:
    with catalogue.open("rb") as handle:
        messages = [message for message in read_po(handle) if message.id]
    untranslated = [
        message.id
        for message in messages
        if message.fuzzy or not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert untranslated == []
