"""The 2D exhibition's reading side: filters from the address, the choices they offer, and the booths
grouped by hall and pavilion, in a fixed number of queries whatever the number of booths.

With a search (``q``) the booths come as a list by relevance instead, each with its products that
match, from the full-text index (``exhibition/search.py``); the other filters still apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_countries import countries

from pavilion.events.models import Event
from pavilion.exhibition.access import published_booths
from pavilion.exhibition.models import (
    Booth,
    ExhibitionTheme,
    Hall,
    Pavilion,
    PavilionKind,
    Product,
    ProductCategory,
)
from pavilion.exhibition.search import search_published

Q_MAX_LENGTH = 100


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ExhibitionFilters:
    q: str = ""
    country: str = ""
    theme: str = ""
    category: str = ""
    kind: str = ""
    pavilion: str = ""

    NAMES = ("q", "country", "theme", "category", "kind", "pavilion")

    @classmethod
    def requested(cls, params: Mapping[str, str]) -> ExhibitionFilters:
        """The filters in the address; unknown values are dropped rather than answered with an error."""
        country = params.get("country", "").upper()
        theme = params.get("theme", "")
        category = params.get("category", "")
        kind = params.get("kind", "")
        return cls(
            q=" ".join(params.get("q", "").split())[:Q_MAX_LENGTH],
            country=country if country in dict(countries) else "",
            theme=theme if theme in ExhibitionTheme.values else "",
            category=category if category in ProductCategory.values else "",
            kind=kind if kind in PavilionKind.values else "",
            pavilion=params.get("pavilion", "")[:80],
        )

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.NAMES)

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.NAMES}

    def query(self) -> str:
        values = [(name, value) for name, value in self.as_dict().items() if value]
        return f"?{urlencode(values)}" if values else ""


@dataclass
class PavilionGroup:
    pavilion: Pavilion | None
    booths: list[Booth] = field(default_factory=list)
    continued: bool = False  # its first booths are on the previous page
    continues: bool = False  # more of its booths are on the next page


@dataclass
class HallGroup:
    hall: Hall | None
    pavilions: list[PavilionGroup] = field(default_factory=list)
    continued: bool = False  # the hall's first booths are on the previous page


@dataclass
class SearchResult:
    """A booth found by a search, with those of its products that match (best first)."""

    booth: Booth
    products: list[Product] = field(default_factory=list)


@dataclass(frozen=True)
class FilterChoices:
    countries: list[Choice]
    themes: list[Choice]
    categories: list[Choice]
    kinds: list[Choice]
    pavilions: list[Choice]


def booth_card_queryset(booths: QuerySet[Booth]) -> QuerySet[Booth]:
    """Booths with what a card shows (pavilion, hall, owner) in the same query."""
    return booths.select_related("pavilion__hall", "pavilion__organisation", "owner").order_by(
        "pavilion__hall__position", "pavilion__position", "pavilion__slug", "position", "slug"
    )


def country_of(booth: Booth) -> str:
    """The country or economy a booth stands for: its national pavilion's, else its owner's."""
    if booth.pavilion is not None and booth.pavilion.country:
        return str(booth.pavilion.country)
    return str(booth.owner.country or "")


#: Booths on one page of the 2D exhibition (a phone scrolls through about a page a minute).
BOOTHS_PER_PAGE = 24


@dataclass(frozen=True)
class Paging:
    """Which page of the booths is shown: ``number`` of ``pages`` (1-based), and the booths' range on it."""

    number: int
    pages: int
    first: int  # 1-based position of the page's first booth among all shown
    last: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def page_of(count: int, requested: str | int | None) -> Paging:
    """The page to show of ``count`` booths: the requested one, else the first; beyond the last, the last."""
    pages = max(1, -(-count // BOOTHS_PER_PAGE))
    try:
        number = int(requested or 1)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), pages)
    first = (number - 1) * BOOTHS_PER_PAGE
    return Paging(number=number, pages=pages, first=first + 1 if count else 0, last=min(first + BOOTHS_PER_PAGE, count))


@dataclass(frozen=True)
class ExhibitionListing:
    """What the 2D exhibition shows: ``groups`` (by hall, then pavilion) without a search, ``results``
    (by relevance) with one, each for one page of ``BOOTHS_PER_PAGE`` booths; the choices of every
    filter; how many booths match in all (``count``) and which page this is."""

    groups: list[HallGroup]
    results: list[SearchResult] | None
    choices: FilterChoices
    count: int
    paging: Paging


def exhibition_listing(*, event: Event, filters: ExhibitionFilters, page: str | int | None = None) -> ExhibitionListing:
    """Published booths matching the filters. The choices of every filter come from all published
    booths, so a filter never offers something that finds nothing without the others. The same number
    of queries whatever the number of booths (one more for a search)."""
    booths = list(booth_card_queryset(published_booths(event=event)))
    products = list(
        Product.objects.filter(booth__in=[booth.pk for booth in booths])
        .only("booth_id", "slug", "name", "category", "themes")
        .order_by("position", "slug")
    )
    choices = _choices(booths, products)
    shown = booths
    if filters.country:
        shown = [booth for booth in shown if country_of(booth) == filters.country]
    if filters.kind:
        shown = [booth for booth in shown if booth.pavilion is not None and booth.pavilion.kind == filters.kind]
    if filters.pavilion:
        shown = [booth for booth in shown if booth.pavilion is not None and booth.pavilion.slug == filters.pavilion]
    # Theme and category are products' filters: a booth stays when one of its products passes them.
    products = [
        product
        for product in products
        if (not filters.theme or filters.theme in (product.themes or []))
        and (not filters.category or product.category == filters.category)
    ]
    if filters.theme or filters.category:
        with_products = {product.booth_id for product in products}
        shown = [booth for booth in shown if booth.pk in with_products]
    if not filters.q:
        paging = page_of(len(shown), page)
        on_page = shown[paging.first - 1 : paging.last] if shown else []
        before = shown[paging.first - 2] if paging.first > 1 else None
        after = shown[paging.last] if paging.last < len(shown) else None
        groups = _group(on_page, before=before, after=after)
        return ExhibitionListing(groups=groups, results=None, choices=choices, count=len(shown), paging=paging)
    results = _search_results(event=event, q=filters.q, booths=shown, products=products)
    paging = page_of(len(results), page)
    on_page_results = results[paging.first - 1 : paging.last] if results else []
    return ExhibitionListing(groups=[], results=on_page_results, choices=choices, count=len(results), paging=paging)


def _search_results(*, event: Event, q: str, booths: list[Booth], products: list[Product]) -> list[SearchResult]:
    """The booths among ``booths`` whose own document or one of whose ``products`` matches ``q``, best
    first; under each, the products whose own texts match (not those found only by their booth's name
    or place)."""
    booths_by_id = {booth.pk: booth for booth in booths}
    products_by_id = {product.pk: product for product in products}
    results: dict[int, SearchResult] = {}
    for hit in search_published(event_id=event.pk, q=q):  # best first
        booth = booths_by_id.get(hit.booth_id)
        if booth is None:  # filtered out
            continue
        if hit.product_id is not None and hit.product_id not in products_by_id:
            continue  # a product outside the chosen theme or category
        result = results.setdefault(booth.pk, SearchResult(booth=booth))
        if hit.product_id is not None and hit.own_text:
            result.products.append(products_by_id[hit.product_id])
    return list(results.values())


def _hall_id(booth: Booth) -> int | None:
    return booth.pavilion.hall_id if booth.pavilion is not None else None


def _group(booths: list[Booth], *, before: Booth | None = None, after: Booth | None = None) -> list[HallGroup]:
    """The page's booths by hall and pavilion. ``before`` and ``after`` are the booths just before and
    after the page: a pavilion (or hall) they share with the page's first or last booth spans two
    pages, and says so ("continued", "continues on the next page") instead of starting afresh."""
    halls: dict[int | None, HallGroup] = {}
    pavilions: dict[int | None, PavilionGroup] = {}
    for booth in booths:
        pavilion = booth.pavilion
        hall = pavilion.hall if pavilion is not None else None
        hall_key = hall.pk if hall is not None else None
        if hall_key not in halls:
            halls[hall_key] = HallGroup(hall=hall)
        pavilion_key = pavilion.pk if pavilion is not None else None
        if pavilion_key not in pavilions:
            pavilions[pavilion_key] = PavilionGroup(pavilion=pavilion)
            halls[hall_key].pavilions.append(pavilions[pavilion_key])
        pavilions[pavilion_key].booths.append(booth)
    if booths and before is not None:
        first = booths[0]
        pavilions[first.pavilion_id].continued = before.pavilion_id == first.pavilion_id
        halls[_hall_id(first)].continued = _hall_id(before) == _hall_id(first)
    if booths and after is not None:
        pavilions[booths[-1].pavilion_id].continues = after.pavilion_id == booths[-1].pavilion_id
    # Booths outside any hall (or pavilion) come last.
    return sorted(halls.values(), key=lambda group: group.hall is None)


def _choices(booths: list[Booth], products: list[Product]) -> FilterChoices:
    country_codes = {country_of(booth) for booth in booths} - {""}
    country_choices = sorted(
        (Choice(code, str(countries.name(code))) for code in country_codes), key=lambda choice: choice.label
    )
    used_themes = {theme for product in products for theme in (product.themes or [])}
    used_categories = {product.category for product in products}
    pavilions: dict[int, Pavilion] = {}
    for booth in booths:
        if booth.pavilion is not None:
            pavilions.setdefault(booth.pavilion.pk, booth.pavilion)
    kinds = {pavilion.kind for pavilion in pavilions.values()}
    return FilterChoices(
        countries=country_choices,
        themes=[Choice(value, str(label)) for value, label in ExhibitionTheme.choices if value in used_themes],
        categories=[Choice(value, str(label)) for value, label in ProductCategory.choices if value in used_categories],
        kinds=[Choice(value, str(label)) for value, label in PavilionKind.choices if value in kinds],
        pavilions=sorted(
            (Choice(pavilion.slug, pavilion.display_name) for pavilion in pavilions.values()),
            key=lambda choice: choice.label,
        ),
    )


def no_pavilion_label() -> str:
    return _("Other exhibitors")
