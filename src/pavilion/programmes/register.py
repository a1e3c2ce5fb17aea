"""The document register: filtering, search in every language, and its CSV export.

Search looks in ``Document.search_text``: the number, every language's title, the group, series,
agenda item and source, case-folded, so a search in Russian finds the Russian title.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from pavilion.core.spreadsheets import csv_document
from pavilion.events.access import AnyUser
from pavilion.events.models import Event
from pavilion.events.schemas import translations
from pavilion.programmes.access import listed_documents, viewer_for, visible_programmes
from pavilion.programmes.models import Document


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


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    """A CSV download through core.spreadsheets (formulas neutralised, a byte-order mark for spreadsheets)."""
    response = HttpResponse(csv_document([list(header), *rows]), content_type="text/csv; charset=utf-8")
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
