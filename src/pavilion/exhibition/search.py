"""Full-text search over the exhibition's booths and products, in every content language.

The index (``SearchDocument``) holds one document per booth and one per product, with the decoded
texts of every language (i18nfield stores them as JSON with ``\\u`` escapes, which no database
search could read): names; descriptions; category and theme labels, country names in every UI
language; pavilion and organisation names. Text is normalised and tokenised in Python
(``search_text``), the same way for documents and queries, so both databases only match exact tokens
(and a prefix for the last word) and find the same things:

- SQLite: the FTS5 table ``exhibition_searchdocument_fts`` (created by migration 0002, kept in step
  with ``exhibition_searchdocument`` by triggers), ranked by ``bm25``.
- PostgreSQL: the ``tsvector`` column ``vector`` (GIN index), written as a literal from our tokens
  (no text search configuration, dictionary or extension involved), ranked by ``ts_rank``.

The index changes in the same transaction as the booth, product, pavilion or organisation it
reflects (signals, below), so it commits or rolls back with it and no visitor ever sees a stale
result; bulk loaders (the demo) wrap their work in ``deferred_indexing()`` to index each booth once
at the end instead of at every save; ``pavilion reindex-exhibition`` rebuilds it. Whether a visitor
may find a document is decided at query time: only documents of published booths of the event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import translation
from django_countries import countries

from pavilion.core.public_cache import bump_public_version
from pavilion.directory.models import Organisation
from pavilion.exhibition.models import (
    Booth,
    BoothStatus,
    ExhibitionTheme,
    Pavilion,
    PavilionKind,
    Product,
    ProductCategory,
    SearchDocument,
)
from pavilion.exhibition.search_text import QueryTerm, fts5_query, index_tokens, query_terms, term_in, tsquery, tsvector

#: Most documents one search returns (an event's exhibition has a few hundred booths and products).
MAX_HITS = 1000
_CHUNK = 200

# Saving only these fields changes nothing a search reads (status is checked when searching).
_BOOTH_UNINDEXED = frozenset({"status", "review_note", "submitted_at", "reviewed_at", "position", "logo", "banner"})
_PRODUCT_UNINDEXED = frozenset({"spec_sheet", "position"})
_PAVILION_UNINDEXED = frozenset({"hall", "tier", "position"})
_ORGANISATION_UNINDEXED = frozenset({"logo", "website", "acronym"})


# --- What a document says ------------------------------------------------------------------------


def _texts(value: Any) -> list[str]:
    """Every language's text of a translated field (or the text of a plain one)."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return [str(text) for text in data.values() if text]
    return [str(data)] if data else []


@cache
def _in_every_language(kind: str, value: str) -> tuple[str, ...]:
    """A label (category, theme) or country name in each UI language, as visitors may type it.

    A country is found by the name Pavilion shows (the United Nations' or the member body's
    spelling: "Viet Nam", "Türkiye") and by the name people usually write, from CLDR through Babel
    ("Vietnam", "فيتنام", "Viêt Nam"), in every UI language.
    """
    names = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            if kind == "country":
                names.append(str(countries.name(value)))
                names.append(_cldr_country_name(value, language))
            elif kind == "category":
                names.append(str(dict(ProductCategory.choices).get(value, "")))
            else:
                names.append(str(dict(ExhibitionTheme.choices).get(value, "")))
    return tuple(dict.fromkeys(name for name in names if name))


def _cldr_country_name(code: str, language: str) -> str:
    """The country's common name in a language, from CLDR ("" when CLDR has none)."""
    try:
        locale = Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return ""
    return str(locale.territories.get(code, ""))


def _indexed(texts: Iterable[str]) -> str:
    return " ".join(token for text in texts for token in index_tokens(text))


def _booth_labels(booth: Booth) -> list[str]:
    """Where a booth stands: its pavilion, the pavilion's country or organisation, its owner."""
    texts = _texts(booth.owner.name)
    country = ""
    pavilion = booth.pavilion
    if pavilion is not None:
        texts += _texts(pavilion.name)
        if pavilion.kind == PavilionKind.NATIONAL:
            country = str(pavilion.country or "")
        elif pavilion.organisation is not None and pavilion.organisation_id != booth.owner_id:
            texts += _texts(pavilion.organisation.name)
    country = country or str(booth.owner.country or "")
    if country:
        texts += _in_every_language("country", country)
    return texts


def _product_labels(product: Product) -> list[str]:
    texts = list(_in_every_language("category", product.category))
    for theme in product.themes or []:
        texts += _in_every_language("theme", theme)
    return texts


def documents_for(booth: Booth, products: Iterable[Product]) -> list[SearchDocument]:
    """The booth's document and one per product (not saved)."""
    labels = _indexed(_booth_labels(booth))
    name = _indexed(_texts(booth.name))
    documents = [
        SearchDocument(
            booth=booth,
            product=None,
            title=name,
            labels=labels,
            body=_indexed(_texts(booth.description)),
            surroundings="",
        )
    ]
    for product in products:
        documents.append(
            SearchDocument(
                booth=booth,
                product=product,
                title=_indexed(_texts(product.name)),
                labels=_indexed(_product_labels(product)),
                body=_indexed(_texts(product.description)),
                surroundings=f"{name} {labels}".strip(),
            )
        )
    return documents


def _content(document: SearchDocument) -> tuple[str, str, str, str]:
    return (document.title, document.labels, document.body, document.surroundings)


# --- Keeping the index current -----------------------------------------------------------------------


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


@transaction.atomic
def reindex_booths(*, booth_ids: Iterable[int]) -> int:
    """Bring the documents of these booths (and their products) up to date; booths that no longer
    exist lose theirs. Unchanged documents are left alone. Returns the number of documents written."""
    written = 0
    for ids in _chunks(sorted(set(booth_ids))):
        booths = Booth.objects.filter(pk__in=ids).select_related("owner", "pavilion__organisation")
        products: dict[int, list[Product]] = {}
        for product in Product.objects.filter(booth__in=ids).order_by("booth_id", "position", "slug"):
            products.setdefault(product.booth_id, []).append(product)
        wanted = {
            (document.booth_id, document.product_id): document
            for booth in booths
            for document in documents_for(booth, products.get(booth.pk, []))
        }
        stale = []
        for document in SearchDocument.objects.filter(booth__in=ids).defer("vector"):
            fresh = wanted.get((document.booth_id, document.product_id))
            if fresh is not None and _content(fresh) == _content(document):
                del wanted[(document.booth_id, document.product_id)]
            else:
                stale.append(document.pk)
        if stale:
            SearchDocument.objects.filter(pk__in=stale).delete()
        if connection.vendor == "postgresql":
            for document in wanted.values():
                document.vector = tsvector(
                    [(document.title, "A"), (document.labels, "B"), (document.body, "C"), (document.surroundings, "D")]
                )
        SearchDocument.objects.bulk_create(wanted.values())
        written += len(wanted)
    return written


def reindex_event(*, event_id: int) -> int:
    """Rebuild the documents of every booth of an event."""
    return reindex_booths(booth_ids=Booth.objects.filter(event_id=event_id).values_list("pk", flat=True))


@transaction.atomic
def reindex_everything() -> int:
    """Rebuild the whole index from scratch (``pavilion reindex-exhibition``), e.g. after loading data
    with signals off or after a change to how text is normalised. Returns the number of documents."""
    SearchDocument.objects.all().delete()
    written = reindex_booths(booth_ids=Booth.objects.values_list("pk", flat=True))
    if connection.vendor == "sqlite":
        # Rebuild the full-text index from its content table too, whatever state it was in.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO exhibition_searchdocument_fts(exhibition_searchdocument_fts) VALUES ('rebuild')"
            )
    return written


_deferred: ContextVar[set[int] | None] = ContextVar("exhibition_search_deferred", default=None)


@contextmanager
def deferred_indexing() -> Iterator[None]:
    """Within this block (or function, as a decorator), changes note their booths instead of
    reindexing at every save; the booths are reindexed once, together, when the block ends without
    an error (still inside the caller's transaction). For bulk loaders such as the demo."""
    if _deferred.get() is not None:  # nested: the outermost block reindexes
        yield
        return
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    reindex_booths(booth_ids=pending)


def _booths_changed(booth_ids: Iterable[int]) -> None:
    pending = _deferred.get()
    if pending is None:
        reindex_booths(booth_ids=booth_ids)
    else:
        pending.update(booth_ids)


def _only_unindexed(kwargs: dict[str, Any], unindexed: frozenset[str]) -> bool:
    fields = kwargs.get("update_fields")
    return fields is not None and set(fields) <= unindexed


def _booth_saved(sender: type, instance: Booth, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not _only_unindexed(kwargs, _BOOTH_UNINDEXED):
        _booths_changed([instance.pk])


def _product_saved(sender: type, instance: Product, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not _only_unindexed(kwargs, _PRODUCT_UNINDEXED):
        _booths_changed([instance.booth_id])


def _reindex_and_retire(booth_ids: list[int]) -> None:
    """Reindex booths changed through something else (a pavilion, an organisation) and retire the
    cached search pages of their events (the exhibition's own signals only see exhibition models)."""
    if not booth_ids:
        return
    _booths_changed(booth_ids)
    for event_id in set(Booth.objects.filter(pk__in=booth_ids).values_list("event_id", flat=True)):
        bump_public_version(event_id)


def _pavilion_saved(sender: type, instance: Pavilion, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not kwargs.get("created") and not _only_unindexed(kwargs, _PAVILION_UNINDEXED):
        _booths_changed(instance.booths.values_list("pk", flat=True))


def _pavilion_deleting(sender: type, instance: Pavilion, **kwargs: Any) -> None:
    # Its booths stay, out of any pavilion (SET_NULL, without a save signal): reindex them after.
    instance._search_booth_ids = list(instance.booths.values_list("pk", flat=True))  # type: ignore[attr-defined]


def _pavilion_deleted(sender: type, instance: Pavilion, **kwargs: Any) -> None:
    _booths_changed(getattr(instance, "_search_booth_ids", []))


def _organisation_saved(sender: type, instance: Organisation, **kwargs: Any) -> None:
    if kwargs.get("raw") or kwargs.get("created") or _only_unindexed(kwargs, _ORGANISATION_UNINDEXED):
        return
    owned = Booth.objects.filter(owner=instance).values_list("pk", flat=True)
    hosted = Booth.objects.filter(pavilion__organisation=instance).values_list("pk", flat=True)
    _reindex_and_retire(sorted(set(owned) | set(hosted)))


def connect() -> None:
    post_save.connect(_booth_saved, sender=Booth, dispatch_uid="exhibition-search-booth")
    post_save.connect(_product_saved, sender=Product, dispatch_uid="exhibition-search-product")
    post_save.connect(_pavilion_saved, sender=Pavilion, dispatch_uid="exhibition-search-pavilion")
    pre_delete.connect(_pavilion_deleting, sender=Pavilion, dispatch_uid="exhibition-search-pavilion-deleting")
    post_delete.connect(_pavilion_deleted, sender=Pavilion, dispatch_uid="exhibition-search-pavilion-deleted")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="exhibition-search-organisation")
    # Deleting a booth or a product deletes its documents (foreign keys, CASCADE).


# --- Searching -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A matching document: a booth's own (``product_id`` None) or a product's. ``own_text``: the
    product's own texts contain part of the query (not only its booth's name or place)."""

    booth_id: int
    product_id: int | None
    score: float
    own_text: bool = True


# Column weights: names 10, labels 4, descriptions 2, a product's booth 1 (bm25 is lower for better
# matches, hence the minus). PostgreSQL's ts_rank weighs A, B, C, D (the same columns) 1, 0.4, 0.2, 0.1.
_SQLITE_SEARCH = """
    SELECT d.booth_id, d.product_id,
           -bm25(exhibition_searchdocument_fts, 10.0, 4.0, 2.0, 1.0) AS score,
           d.title, d.labels, d.body
    FROM exhibition_searchdocument_fts
    JOIN exhibition_searchdocument d ON d.id = exhibition_searchdocument_fts.rowid
    JOIN exhibition_booth b ON b.id = d.booth_id
    WHERE exhibition_searchdocument_fts MATCH %s AND b.event_id = %s AND b.status = %s
    ORDER BY score DESC, d.id
    LIMIT %s
"""

_POSTGRESQL_SEARCH = """
    SELECT d.booth_id, d.product_id, ts_rank(d.vector, query) AS score, d.title, d.labels, d.body
    FROM exhibition_searchdocument d
    JOIN exhibition_booth b ON b.id = d.booth_id
    CROSS JOIN CAST(%s AS tsquery) AS query
    WHERE d.vector @@ query AND b.event_id = %s AND b.status = %s
    ORDER BY score DESC, d.id
    LIMIT %s
"""


def search_published(*, event_id: int, q: str) -> list[Hit]:
    """Documents of the event's published booths and their products that contain every word of ``q``
    (the last one possibly unfinished), best first. One query; nothing for a query without words."""
    terms = query_terms(q)
    if not terms:
        return []
    if connection.vendor == "postgresql":
        sql, match = _POSTGRESQL_SEARCH, tsquery(terms)
    else:
        sql, match = _SQLITE_SEARCH, fts5_query(terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, event_id, BoothStatus.PUBLISHED.value, MAX_HITS])
        rows = cursor.fetchall()
    return [
        Hit(
            booth_id=booth_id,
            product_id=product_id,
            score=float(score),
            own_text=product_id is None or _mentions(terms, f"{title} {labels} {body}"),
        )
        for booth_id, product_id, score, title, labels, body in rows
    ]


def _mentions(terms: list[QueryTerm], indexed: str) -> bool:
    tokens = set(indexed.split())
    return any(term_in(term, tokens) for term in terms)
