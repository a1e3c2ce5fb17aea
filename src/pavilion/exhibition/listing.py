"""The 2D exhibition's reading side: filters from the address, the choices they offer, and the booths
grouped by hall and pavilion, in a fixed number of queries whatever the number of booths.

Search (``q``) is a placeholder: a case-insensitive substring of a booth's or product's name in any
language, matched in Python over the rows already loaded (i18nfield stores texts as JSON with
``\\u`` escapes, so a database ``icontains`` would miss every non-ASCII letter). The full-text
search replaces ``matching_booth_ids``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class HallGroup:
    hall: Hall | None
    pavilions: list[PavilionGroup] = field(default_factory=list)


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


def _texts(value: Any) -> Iterable[str]:
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return [str(text) for text in data.values() if text]
    return [str(data)] if data else []


def matching_booth_ids(*, booths: Iterable[Booth], products: Iterable[Product], q: str) -> set[int]:
    """Booths whose name, or one of whose products' names, contains ``q`` in any language (any case)."""
    needle = q.casefold()
    found = {booth.pk for booth in booths if any(needle in text.casefold() for text in _texts(booth.name))}
    found |= {
        product.booth_id for product in products if any(needle in text.casefold() for text in _texts(product.name))
    }
    return found


def country_of(booth: Booth) -> str:
    """The country or economy a booth stands for: its national pavilion's, else its owner's."""
    if booth.pavilion is not None and booth.pavilion.country:
        return str(booth.pavilion.country)
    return str(booth.owner.country or "")


def exhibition_listing(*, event: Event, filters: ExhibitionFilters) -> tuple[list[HallGroup], FilterChoices, int]:
    """Published booths matching the filters, grouped by hall then pavilion; the choices of every filter
    (from all published booths, so a filter never offers something that finds nothing without others);
    and the number of booths shown."""
    booths = list(booth_card_queryset(published_booths(event=event)))
    products = list(
        Product.objects.filter(booth__in=[booth.pk for booth in booths]).only("booth_id", "name", "category", "themes")
    )
    choices = _choices(booths, products)
    shown = booths
    if filters.country:
        shown = [booth for booth in shown if country_of(booth) == filters.country]
    if filters.kind:
        shown = [booth for booth in shown if booth.pavilion is not None and booth.pavilion.kind == filters.kind]
    if filters.pavilion:
        shown = [booth for booth in shown if booth.pavilion is not None and booth.pavilion.slug == filters.pavilion]
    if filters.theme:
        with_theme = {product.booth_id for product in products if filters.theme in (product.themes or [])}
        shown = [booth for booth in shown if booth.pk in with_theme]
    if filters.category:
        in_category = {product.booth_id for product in products if product.category == filters.category}
        shown = [booth for booth in shown if booth.pk in in_category]
    if filters.q:
        found = matching_booth_ids(booths=shown, products=products, q=filters.q)
        shown = [booth for booth in shown if booth.pk in found]
    return _group(shown), choices, len(shown)


def _group(booths: list[Booth]) -> list[HallGroup]:
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
