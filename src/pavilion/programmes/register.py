"""The document register: filtering, search in every language, and its CSV export.

Search looks in ``Document.search_text``: the number, every language's title, the group, series,
agenda item and source, case-folded, so a search in Russian finds the Russian title.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from pavilion.events.access import AnyUser
from pavilion.events.models import Event
from pavilion.events.schemas import translations
from pavilion.programmes.access import listed_documents, viewer_for, visible_programmes
from pavilion.programmes.models import Document

#: A spreadsheet would run text starting with these as a formula; such cells get a leading quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RegisterQuery:
    q: str = ""
    meeting: str = ""  # an event slug
    group: str = ""
    kind: str = ""
    language: str = ""


def filtered(documents: QuerySet[Document], query: RegisterQuery) -> QuerySet[Document]:
    if query.q.strip():
        for word in query.q.casefold().split():
            documents = documents.filter(search_text__contains=word)
    if query.meeting:
        documents = documents.filter(meeting__slug=query.meeting)
    if query.group:
        documents = documents.filter(group=query.group)
    if query.kind:
        documents = documents.filter(kind=query.kind)
    if query.language:
        documents = documents.filter(files__language=query.language).distinct()
    return documents.select_related("meeting", "organisation", "programme").prefetch_related("files")


def meeting_documents(*, event: Event, user: AnyUser) -> QuerySet[Document]:
    """A meeting's documents across the programmes it belongs to, each programme's rules applied."""
    allowed = Q(pk__in=[])
    for programme in visible_programmes(user=user).filter(meetings=event):
        viewer = viewer_for(programme=programme, user=user)
        allowed |= Q(pk__in=listed_documents(programme=programme, viewer=viewer).filter(meeting=event).values("pk"))
    return Document.objects.filter(allowed)


def spreadsheet_safe(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    """A UTF-8 CSV download with a byte-order mark (so spreadsheets read Arabic and Chinese right),
    formulas neutralised. The one place programmes write CSV (to switch to a shared helper later)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def register_csv(*, documents: Iterable[Document], filename: str) -> HttpResponse:
    header = [_("Number"), _("Title"), _("Type"), _("Purpose"), _("Source"), _("Meeting"), _("Agenda item")]
    header += [_("Access"), _("Languages"), _("Date")]
    rows = []
    for document in documents:
        titles = translations(document.title)
        rows.append(
            [
                document.number,
                str(document.title) or next(iter(titles.values()), ""),
                document.get_kind_display(),
                document.get_purpose_display(),
                document.source_name,
                str(document.meeting) if document.meeting else "",
                document.agenda_item,
                document.get_access_display(),
                " ".join(sorted(file.language for file in document.files.all())),
                document.created_at.date().isoformat(),
            ]
        )
    return csv_response(filename=filename, header=[str(cell) for cell in header], rows=rows)
