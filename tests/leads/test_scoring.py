from __future__ import annotations

from django.utils import translation

from pavilion.leads.scoring import Signals, score


def test_score_nothing_is_zero() -> None:
    assert score(Signals()).points == 0
    assert score(Signals()).reasons == []


def test_score_each_signal_with_its_reason() -> None:
    result = score(Signals(interest=(("Private 5G", 5),), visits=3, minutes=7, downloads=1, messages=2))
    assert result.points == 30 + 15 + 7 + 5 + 4
    assert result.reasons == [
        "Very interested in Private 5G (+30)",
        "3 visits (+15)",
        "7 minutes at the booth (+7)",
        "1 download (+5)",
        "2 chat messages (+4)",
    ]


def test_score_caps_every_signal() -> None:
    result = score(Signals(interest=(("A", 5), ("B", 5), ("C", 4)), visits=9, minutes=90, downloads=8, messages=40))
    assert result.points == 35 + 25 + 15 + 15 + 10
    assert result.reasons[:2] == ["Very interested in A (+30)", "Very interested in B (+5)"]
    assert "9 visits (+25)" in result.reasons


def test_score_low_interest_gives_no_points() -> None:
    assert score(Signals(interest=(("A", 2), ("B", 3)))).reasons == ["Somewhat interested in B (+10)"]


def test_score_reasons_use_each_language_plural_forms() -> None:
    with translation.override("ru"):
        reasons = score(Signals(visits=1, minutes=3, messages=5)).reasons
    assert reasons == ["1 посещение (+5)", "3 минуты на стенде (+3)", "5 сообщений в чате (+10)"]


def test_a_product_name_in_another_language_than_the_page_is_marked_on_the_page_and_plain_in_exports() -> None:
    signals = Signals(
        interest=(("Private 5G network", 5), ("Mạng 5G riêng", 4)),
        name_languages=(("Private 5G network", "en"), ("Mạng 5G riêng", "vi")),
        visits=1,
    )
    with translation.override("vi"):
        result = score(signals)
    assert result.reasons[0].endswith("Private 5G network (+30)")
    assert '<span lang="en">Private 5G network</span>' in result.reasons_html[0]
    assert "<span" not in result.reasons_html[1]
    assert "Mạng 5G riêng" in result.reasons_html[1]
    assert len(result.reasons_html) == len(result.reasons) == 3
    escaped = score(Signals(interest=(("<b>5G</b>", 5),), name_languages=(("<b>5G</b>", "fr"),)))
    assert escaped.reasons_html == ['Very interested in <span lang="fr">&lt;b&gt;5G&lt;/b&gt;</span> (+30)']
