"""Languages and protocol (issue 16, slip 9): fallback text marked with its language, titles in the
reader's language and order, our own language names, dates that cannot be misread."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from pavilion.chat.services import author_name
from pavilion.core.i18n import shown_language
from pavilion.events.schedule import language
from tests.factories import EventFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_english_fallback_on_a_spanish_page_is_marked_in_english_only(client: Client) -> None:
    session = SessionFactory.create(title={"en": "Opening ceremony"}, abstract={"en": "Welcome words."})
    page = client.get(f"/es/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    assert '<h1><span lang="en">Opening ceremony</span> <span class="only-in">(solo en inglés)</span></h1>' in page
    assert '<div lang="en"><p>Welcome words.</p></div><p class="only-in">' in page


def test_text_in_the_page_language_is_not_marked(client: Client) -> None:
    session = SessionFactory.create(title={"en": "Opening ceremony", "es": "Ceremonia de apertura"})
    page = client.get(f"/es/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    assert "<h1>Ceremonia de apertura</h1>" in page
    assert "only-in" not in page


def test_shown_language_follows_the_fallback_order() -> None:
    assert shown_language({"en": "A", "vi": "B"}, "vi") == "vi"
    assert shown_language({"en": "A", "vi": "B"}, "ru") == "en"
    assert shown_language({"fr": "A"}, "ru") == "fr"
    assert shown_language({"zh-hans": "A", "en": "B"}, "zh-hans") == "zh-hans"


def test_titles_follow_the_reader_language_and_chinese_order() -> None:
    person = UserFactory.create(full_name="Trần Văn Minh", honorific="mr")
    with translation.override("en"):
        assert person.display_name == "Mr Trần Văn Minh"
    with translation.override("zh-hans"):
        assert person.display_name == "Trần Văn Minh先生"
    with translation.override("vi"):
        assert person.display_name == "Ông Trần Văn Minh"


def test_live_panels_never_show_an_english_title_to_every_language() -> None:
    person = UserFactory.create(full_name="Trần Văn Minh", honorific="mr")
    for code in ["en", "zh-hans", "ar"]:
        with translation.override(code):
            assert author_name(person) == "Trần Văn Minh"


def test_language_names_are_ours_not_djangos() -> None:
    with translation.override("vi"):
        assert language("zh-hans").name == "Tiếng Trung giản thể"
    with translation.override("en"):
        assert language("zh-hans").name == "Simplified Chinese"


def test_registration_dates_spell_the_month(client: Client) -> None:
    from pavilion.core.templatetags.pavilion import day

    with translation.override("es"):
        assert day(EventFactory.create().start_date) == "20 oct 2020"
