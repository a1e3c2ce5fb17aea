"""Full-text search in the 2D exhibition: every content language (Vietnamese with and without
diacritics, Arabic, Chinese, French), prefixes, hostile input, only published booths, the index kept
current by every change, filters combined with a search, and the page's queries.

Runs on SQLite (FTS5) and on PostgreSQL (tsvector) alike: CI runs the suite on both."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pavilion.events.models import Event
from pavilion.exhibition import services
from pavilion.exhibition.models import Booth, BoothStatus, Product, SearchDocument
from pavilion.exhibition.search import reindex_booths, search_published
from pavilion.exhibition.search_text import QueryTerm, fts5_query, index_tokens, normalise, query_terms, tsquery
from tests.factories import (
    BoothFactory,
    EventFactory,
    OrganisationFactory,
    PavilionFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

RESULT = re.compile(r'<h3 class="booth-name"><a href="[^"]+">([^<]+)</a></h3>')
MATCHING_PRODUCT = re.compile(r'<li class="tag"><a href="[^"]+">([^<]+)</a></li>')


def _page(event: Event, query: dict[str, str], client: Client | None = None) -> str:
    response = (client or Client()).get(f"/en/events/{event.slug}/exhibition/", query)
    assert response.status_code == 200
    return response.content.decode()


def _found(event: Event, q: str, **filters: str) -> list[str]:
    """The names of the booths the hall shows for a search, in the order shown."""
    return RESULT.findall(_page(event, {"q": q, **filters}))


def _hit_ids(event: Event, q: str) -> set[tuple[int, int | None]]:
    return {(hit.booth_id, hit.product_id) for hit in search_published(event_id=event.pk, q=q)}


@pytest.fixture
def e_government() -> tuple[Event, Booth, Product]:
    """A published Vietnamese booth with a product described in English, Vietnamese, Arabic and Chinese."""
    event = EventFactory.create()
    pavilion = PavilionFactory.create(event=event, country="VN")
    booth = BoothFactory.create(
        event=event, pavilion=pavilion, name={"en": "Lotus Example Systems", "vi": "Hệ thống Hoa Sen"}
    )
    product = ProductFactory.create(
        booth=booth,
        slug="portal",
        name={"en": "One-stop portal", "vi": "Cổng dịch vụ công", "fr": "Guichet unique des télécommunications"},
        description={
            "en": "Permits online.",
            "vi": "Chính phủ điện tử cho mọi người dân.",
            "ar": "نَشْرُ البَيانات المفتوحة للحكومة الإلكترونية",
            "zh-hans": "基于云计算的政务服务网络平台",
        },
        category="public_services",
        themes=["e_government"],
    )
    BoothFactory.create(event=event, name={"en": "Unrelated Example Booth"})
    return event, booth, product


# --- Languages --------------------------------------------------------------------------------------


def test_search_finds_a_product_by_a_vietnamese_and_an_arabic_word(e_government: tuple[Event, Booth, Product]) -> None:
    event, booth, product = e_government
    for word in ["điện", "المفتوحة"]:
        page = _page(event, {"q": word})
        assert RESULT.findall(page) == ["Lotus Example Systems"]
        assert MATCHING_PRODUCT.findall(page) == ["One-stop portal"]
        assert _hit_ids(event, word) == {(booth.pk, product.pk)}


@pytest.mark.parametrize("q", ["chính phủ", "chinh phu", "CHÍNH PHỦ", "Chinh Phủ", "dien tu", "cong dich vu"])
def test_search_finds_vietnamese_with_and_without_diacritics(
    e_government: tuple[Event, Booth, Product], q: str
) -> None:
    event, _booth, _product = e_government
    assert _found(event, q) == ["Lotus Example Systems"]


@pytest.mark.parametrize(
    "q",
    [
        "البيانات",  # as written, without the tashkeel of the text
        "بيانات",  # without the definite article
        "البَيانات",  # with some tashkeel of its own
        "الإلكترونية",  # hamza under the alef, teh marbuta at the end
        "الالكترونيه",  # the same word typed without them
        "للحكومة",  # "for the government": li + al
    ],
)
def test_search_finds_arabic_with_and_without_the_article_and_tashkeel(
    e_government: tuple[Event, Booth, Product], q: str
) -> None:
    event, _booth, _product = e_government
    assert _found(event, q) == ["Lotus Example Systems"]


@pytest.mark.parametrize("q", ["网络", "云计算", "政务服务", "云", "平台"])
def test_search_finds_chinese_words_inside_a_sentence(e_government: tuple[Event, Booth, Product], q: str) -> None:
    event, _booth, _product = e_government
    assert _found(event, q) == ["Lotus Example Systems"]


def test_search_for_chinese_characters_out_of_order_finds_nothing(e_government: tuple[Event, Booth, Product]) -> None:
    event, _booth, _product = e_government
    # Both characters are in the text, but never side by side in this order.
    assert _found(event, "络网") == []


@pytest.mark.parametrize("q", ["télécommunications", "telecommunications", "TÉLÉCOMMUNICATIONS", "guichet"])
def test_search_finds_a_french_accented_word_either_way(e_government: tuple[Event, Booth, Product], q: str) -> None:
    event, _booth, _product = e_government
    assert _found(event, q) == ["Lotus Example Systems"]


def test_search_finds_a_prefix_of_the_last_word_only(e_government: tuple[Event, Booth, Product]) -> None:
    event, _booth, _product = e_government
    assert _found(event, "guichet télécom") == ["Lotus Example Systems"]
    assert _found(event, "guich") == ["Lotus Example Systems"]
    assert _found(event, "guich unique") == []  # only the last word may be unfinished


def test_search_finds_labels_and_country_names_in_every_ui_language(
    e_government: tuple[Event, Booth, Product],
) -> None:
    event, _booth, _product = e_government
    # The theme and the category (in each language their catalogue has), the country in Vietnamese,
    # Chinese, Arabic and Russian.
    for q in ["e-government", "digital public services", "Việt Nam", "越南", "فييت نام", "Вьетнам"]:
        assert _found(event, q) == ["Lotus Example Systems"], q


@pytest.mark.parametrize(
    ("language", "q"),
    [
        ("en", "Vietnam"),
        ("es", "Vietnam"),
        ("ar", "فيتنام"),
        ("fr", "Viêt Nam"),
        ("ru", "Вьетнам"),
        ("zh-hans", "越南"),
        ("vi", "Việt Nam"),
        ("en", "Viet Nam"),  # the United Nations' spelling, which the pavilion shows
    ],
)
def test_search_finds_a_country_by_its_usual_name_in_each_language(
    e_government: tuple[Event, Booth, Product], language: str, q: str
) -> None:
    event, _booth, _product = e_government
    response = Client().get(f"/{language}/events/{event.slug}/exhibition/", {"q": q})
    assert response.status_code == 200
    expected = "Hệ thống Hoa Sen" if language == "vi" else "Lotus Example Systems"
    assert RESULT.findall(response.content.decode()) == [expected], (language, q)


def test_search_combines_words_of_a_product_and_of_its_booths_place(
    e_government: tuple[Event, Booth, Product],
) -> None:
    event, _booth, _product = e_government
    page = _page(event, {"q": "portal Viet Nam"})
    assert RESULT.findall(page) == ["Lotus Example Systems"]
    assert MATCHING_PRODUCT.findall(page) == ["One-stop portal"]


def test_products_found_only_by_their_booths_name_are_not_listed_as_matching(
    e_government: tuple[Event, Booth, Product],
) -> None:
    event, booth, product = e_government
    page = _page(event, {"q": "Lotus"})
    assert RESULT.findall(page) == ["Lotus Example Systems"]
    assert MATCHING_PRODUCT.findall(page) == []
    assert _hit_ids(event, "Lotus") == {(booth.pk, None), (booth.pk, product.pk)}


def test_search_ranks_a_name_above_a_description() -> None:
    event = EventFactory.create()
    BoothFactory.create(event=event, name={"en": "Harbour Example"}, description={"en": "We build satellite links."})
    BoothFactory.create(event=event, name={"en": "Satellite Example"}, description={"en": "Ground stations."})
    assert _found(event, "satellite") == ["Satellite Example", "Harbour Example"]


# --- Hostile input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    ['"', "*", "NEAR(", ") OR (", 'portal" OR "x', "portal*", "portal NOT", "-portal", "^portal", "{title}: portal",
     "'; DROP TABLE exhibition_booth; --", "portal:*", "portal & !x", "\\", "a" * 150],
)  # fmt: skip
def test_hostile_search_input_gets_a_normal_answer(e_government: tuple[Event, Booth, Product], q: str) -> None:
    event, _booth, _product = e_government
    page = _page(event, {"q": q})
    assert 'id="results-heading"' in page
    assert Booth.objects.filter(event=event).count() == 2


def test_search_words_that_are_fts_operators_are_plain_words() -> None:
    event = EventFactory.create()
    BoothFactory.create(event=event, name={"en": "Near Or Not Example"})
    assert _found(event, "NEAR OR NOT") == ["Near Or Not Example"]
    assert _found(event, ") OR (") == ["Near Or Not Example"]


def test_search_without_any_word_finds_nothing_and_says_so(e_government: tuple[Event, Booth, Product]) -> None:
    event, _booth, _product = e_government
    page = _page(event, {"q": '"*'})
    assert RESULT.findall(page) == []
    assert "No booth or product matches “&quot;*”." in page


def test_empty_result_keeps_the_query_in_the_field_escaped(e_government: tuple[Event, Booth, Product]) -> None:
    event, _booth, _product = e_government
    page = _page(event, {"q": "<b>nothing</b>"})
    assert 'name="q" value="&lt;b&gt;nothing&lt;/b&gt;"' in page
    assert "No booth or product matches “&lt;b&gt;nothing&lt;/b&gt;”." in page
    assert "<b>nothing</b>" not in page
    assert '<p class="result-count" role="status">0 booths</p>' in page


def test_search_results_show_the_query_heading_and_product_links(e_government: tuple[Event, Booth, Product]) -> None:
    event, booth, _product = e_government
    page = _page(event, {"q": "portal"})
    assert "Search results for “portal”" in page
    assert f'href="/en/events/{event.slug}/exhibition/booths/{booth.slug}/products/portal/">One-stop portal</a>' in page
    assert 'value="portal"' in page
    assert '<p class="result-count" role="status">1 booth</p>' in page


# --- Who finds what ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [BoothStatus.DRAFT, BoothStatus.SUBMITTED, BoothStatus.APPROVED])
def test_unpublished_booth_and_its_products_are_never_found(status: str) -> None:
    event = EventFactory.create()
    organiser = UserFactory.create(is_superuser=True)
    booth = BoothFactory.create(event=event, status=status, name={"en": "Secret Example Lab"})
    ProductFactory.create(booth=booth, name={"en": "Hidden gadget"}, description={"ar": "جهاز سري"})
    for q in ["secret", "gadget", "سري"]:
        assert _hit_ids(event, q) == set()
        assert RESULT.findall(_page(event, {"q": q})) == []
        # Not even for the event's organisers: the hall is what visitors see.
        client = Client()
        client.force_login(organiser)
        assert RESULT.findall(_page(event, {"q": q}, client)) == []


def test_booth_is_found_once_published_and_no_longer_once_unpublished() -> None:
    event = EventFactory.create()
    organiser = UserFactory.create(is_superuser=True)
    booth = BoothFactory.create(event=event, status=BoothStatus.APPROVED, name={"en": "Orbit Example"})
    ProductFactory.create(booth=booth, name={"en": "Ground station", "vi": "Trạm mặt đất"})
    assert _found(event, "trạm") == []
    services.publish_booth(booth=booth, by=organiser)
    assert _found(event, "tram mat dat") == ["Orbit Example"]
    services.unpublish_booth(booth=booth, by=organiser)
    assert _found(event, "orbit") == []


def test_search_finds_booths_of_this_event_only(e_government: tuple[Event, Booth, Product]) -> None:
    event, _booth, _product = e_government
    other = EventFactory.create()
    BoothFactory.create(event=other, name={"en": "Lotus Example Elsewhere"})
    assert _found(event, "lotus") == ["Lotus Example Systems"]
    assert _found(other, "lotus") == ["Lotus Example Elsewhere"]


# --- The index follows every change -----------------------------------------------------------------


def test_product_changes_reach_the_index() -> None:
    event = EventFactory.create()
    staff = UserFactory.create()
    booth = BoothFactory.create(event=event, staff=[staff], name={"en": "Harbour Example"})
    product = services.save_product(
        booth=booth, by=staff, slug="p", name={"en": "Fibre kit"}, category="networks", themes=["broadband"]
    )
    assert _found(event, "fibre") == ["Harbour Example"]
    services.save_product(booth=booth, by=staff, product=product, name={"en": "Copper kit", "ar": "طقم النحاس"})
    assert _found(event, "fibre") == []
    assert _found(event, "نحاس") == ["Harbour Example"]
    services.delete_product(product=product, by=staff)
    assert _found(event, "copper") == []
    assert SearchDocument.objects.filter(booth=booth).count() == 1


def test_booth_pavilion_and_organisation_changes_reach_the_index() -> None:
    event = EventFactory.create()
    staff = UserFactory.create()
    organiser = UserFactory.create(is_superuser=True)
    owner = OrganisationFactory.create(name={"en": "Quarry Example Holdings"})
    pavilion = PavilionFactory.create(event=event, country="KE")
    booth = BoothFactory.create(event=event, pavilion=pavilion, owner=owner, staff=[staff], name={"en": "Savanna"})
    assert _found(event, "kenya") == ["Savanna"]
    assert _found(event, "quarry") == ["Savanna"]
    services.update_booth(booth=booth, by=staff, name={"en": "Baobab", "fr": "Baobab connecté"})
    assert _found(event, "savanna") == []
    assert _found(event, "connecte") == ["Baobab"]
    services.save_pavilion(event=event, by=organiser, pavilion=pavilion, country="TZ")
    assert _found(event, "kenya") == []
    assert _found(event, "tanzania") == ["Baobab"]
    owner.name = {"en": "Granite Example Holdings"}
    owner.save()
    assert _found(event, "quarry") == []
    assert _found(event, "granite") == ["Baobab"]
    services.delete_pavilion(pavilion=pavilion, by=organiser)
    assert _found(event, "tanzania") == []
    assert _found(event, "baobab") == ["Baobab"]
    booth.delete()
    assert SearchDocument.objects.count() == 0


def test_a_change_that_fails_leaves_the_index_as_it_was() -> None:
    event = EventFactory.create()
    staff = UserFactory.create()
    booth = BoothFactory.create(event=event, staff=[staff], name={"en": "Harbour Example"})
    with pytest.raises(services.ValidationError):
        services.update_booth(booth=booth, by=staff, name={"en": "Renamed"}, website="http://not-https.example")
    assert _found(event, "harbour") == ["Harbour Example"]
    assert _found(event, "renamed") == []


def test_unchanged_booths_are_not_rewritten(e_government: tuple[Event, Booth, Product]) -> None:
    _event, booth, _product = e_government
    before = set(SearchDocument.objects.filter(booth=booth).values_list("pk", flat=True))
    assert reindex_booths(booth_ids=[booth.pk]) == 0
    assert set(SearchDocument.objects.filter(booth=booth).values_list("pk", flat=True)) == before


def test_reindex_command_rebuilds_the_index(e_government: tuple[Event, Booth, Product]) -> None:
    event, _booth, _product = e_government
    SearchDocument.objects.all().delete()
    assert _found(event, "lotus") == []
    output = StringIO()
    call_command("reindex-exhibition", stdout=output)
    assert output.getvalue() == "Search index rebuilt: 3 documents (2 booths, 1 products).\n"
    assert _found(event, "lotus") == ["Lotus Example Systems"]


def test_demo_exhibition_is_searchable_once_loaded() -> None:
    from pavilion.demo.services import load_demo

    load_demo(set_passwords=False)
    event = Event.objects.get(slug="itu-digital-world-2020")
    assert "Mekong Example Telecom" in _found(event, "Mekong")
    portal_booths = Booth.objects.filter(
        event=event, status=BoothStatus.PUBLISHED, products__slug="one-stop-portal"
    ).count()
    assert portal_booths > 0
    for q in ["dịch vụ công một cửa", "dich vu cong mot cua", "الحكومية الموحدة"]:
        page = _page(event, {"q": q})
        assert len(RESULT.findall(page)) == portal_booths, q
        assert set(MATCHING_PRODUCT.findall(page)) == {"One-stop public service portal"}, q
    # The draft booth of the demo exhibitor is not found, though its name is in the index.
    assert "Mekong Example Telecom Labs" not in _found(event, "Mekong")


# --- Filters and queries ----------------------------------------------------------------------------


def test_filters_combine_with_a_search() -> None:
    event = EventFactory.create()
    viet_nam = PavilionFactory.create(event=event, country="VN")
    company = PavilionFactory.create(
        event=event, kind="corporate", country="", organisation=OrganisationFactory.create(kind="company")
    )
    lotus = BoothFactory.create(event=event, pavilion=viet_nam, name={"en": "Lotus"})
    orbit = BoothFactory.create(event=event, pavilion=company, name={"en": "Orbit"})
    ProductFactory.create(booth=lotus, name={"en": "Cloud gateway"}, themes=["cloud"], category="networks")
    ProductFactory.create(booth=lotus, name={"en": "Cloud school"}, themes=["digital_skills"], category="training")
    ProductFactory.create(booth=orbit, name={"en": "Cloud uplink"}, themes=["satellite"], category="connectivity")
    assert sorted(_found(event, "cloud")) == ["Lotus", "Orbit"]
    assert _found(event, "cloud", country="VN") == ["Lotus"]
    assert _found(event, "cloud", kind="corporate") == ["Orbit"]
    assert _found(event, "cloud", pavilion=company.slug) == ["Orbit"]
    assert _found(event, "cloud", theme="satellite") == ["Orbit"]
    assert _found(event, "cloud", country="VN", theme="satellite") == []
    page = _page(event, {"q": "cloud", "category": "training"})
    assert RESULT.findall(page) == ["Lotus"]
    assert MATCHING_PRODUCT.findall(page) == ["Cloud school"]  # not the gateway, outside the category
    assert 'value="training" selected' in page


def _count_queries(url: str) -> int:
    client = Client()
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_search_page_queries_do_not_grow_with_booths_and_products() -> None:
    counts = []
    for number in (1, 3):
        event = EventFactory.create()
        for index in range(number):
            pavilion = PavilionFactory.create(event=event, country=["VN", "TH", "KZ"][index])
            booth = BoothFactory.create(event=event, pavilion=pavilion, name={"en": f"Network Example {index}"})
            for _ in range(number):
                ProductFactory.create(booth=booth, name={"en": "Network kit"})
        counts.append(_count_queries(f"/en/events/{event.slug}/exhibition/?q=network&theme=5g"))
    assert counts[0] == counts[1]


# --- How text is read -------------------------------------------------------------------------------


def test_normalise_folds_case_marks_and_letters_without_decomposition() -> None:
    assert normalise("Đà Nẵng CHÍNH PHỦ") == "da nang chinh phu"
    assert normalise("Œuvre ＦＵＬＬ５Ｇ Ёлка") == "oeuvre full5g елка"
    assert normalise("الْبَيَانَاتُ أداة إلى مدرسة ١٢") == "البيانات اداه الي مدرسه 12"


def test_index_tokens_pair_chinese_characters_and_strip_the_arabic_article() -> None:
    assert index_tokens("5G网络") == ["5g", "网络", "网", "络"]
    assert index_tokens("云计算") == ["云计", "计算", "云", "计", "算"]
    assert index_tokens("والبيانات ال") == ["والبيانات", "بيانات", "ال"]


def test_query_terms_become_quoted_fts5_strings_and_tsquery_lexemes() -> None:
    terms = query_terms('云计算 "NEAR( البيانات 5G*')
    assert terms == [
        QueryTerm(("云计", "计算")),
        QueryTerm(("near",)),
        QueryTerm(("بيانات",)),
        QueryTerm(("5g",), prefix=True),
    ]
    assert fts5_query(terms) == '"云计 计算" AND "near" AND "بيانات" AND "5g"*'
    assert tsquery(terms) == "('云计' <-> '计算') & 'near' & 'بيانات' & '5g':*"
    assert query_terms('" * ( ) : ^ -') == []
