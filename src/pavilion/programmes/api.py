"""The programmes part of the JSON API: programmes, their documents and commitments, a meeting's documents.

The same access rules as the pages (``programmes.access``): what a caller may not see is absent
from lists and 404 alone. A document record the caller may see but not open has no file links.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from pavilion.events.access import get_visible_event
from pavilion.events.schemas import READ_ERRORS, Translations, current_user, one_of, translations
from pavilion.programmes.access import (
    get_visible_programme,
    listed_documents,
    may_open_document,
    may_see_tracker,
    viewer_for,
    visible_programmes,
)
from pavilion.programmes.commitments import commitment_data, tracker
from pavilion.programmes.models import Document, DocumentAccess, DocumentKind, Membership, Programme
from pavilion.programmes.register import RegisterQuery, filtered, meeting_documents

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    slug: str
    kind: str
    name: Translations
    acronym: str
    meetings: list[str] = Field(description="Slugs of the programme's meetings (events).")
    members: list[str] = Field(description="Members: ISO country codes or organisation slugs.")


class DocumentFileOut(Schema):
    language: str
    format: str
    size: int
    url: str | None = Field(description="The download address; null when the caller may not open the file.")


class DocumentOut(Schema):
    id: int
    number: str
    title: Translations
    kind: str = Field(json_schema_extra=one_of(DocumentKind.values))
    purpose: str
    source: str
    meeting: str | None
    session: str | None
    group: str
    agenda_item: str
    access: str = Field(json_schema_extra=one_of(DocumentAccess.values))
    revises: str | None = Field(description="The number of the document this one revises, amends or corrects.")
    created_at: str
    files: list[DocumentFileOut]


class DocumentFilters(Schema):
    q: str = Field("", description="Words to find in the number, titles (every language), group or source.")
    meeting: str = Field("", description="A meeting's (event's) slug.")
    group: str = Field("", description="A group code, e.g. LSG.")
    kind: str = Field("", json_schema_extra=one_of(DocumentKind.values))
    language: str = Field("", description="Only documents with a file in this language.")


def member_key(member: Membership) -> str:
    """An ISO country code, or an organisation's slug."""
    if member.country:
        return str(member.country)
    return member.organisation.slug if member.organisation is not None else ""


def programme_out(programme: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        slug=programme.slug,
        kind=programme.kind,
        name=translations(programme.name),
        acronym=programme.acronym,
        meetings=[link.event.slug for link in programme.programme_meetings.all()],
        members=[member_key(member) for member in programme.memberships.all()],
    )


def document_out(document: Document, *, may_open: bool) -> DocumentOut:
    slug = document.programme.slug
    return DocumentOut(
        id=document.pk,
        number=document.number,
        title=translations(document.title),
        kind=document.kind,
        purpose=document.purpose,
        source=document.source_name,
        meeting=document.meeting.slug if document.meeting else None,
        session=document.session.slug if document.session else None,
        group=document.group,
        agenda_item=document.agenda_item,
        access=document.access,
        revises=document.revises.number if document.revises else None,
        created_at=document.created_at.isoformat(),
        files=[
            DocumentFileOut(
                language=item.language,
                format=item.file_format,
                size=item.size,
                url=reverse(
                    "programmes:document_download", kwargs={"slug": slug, "pk": document.pk, "language": item.language}
                )
                if may_open
                else None,
            )
            for item in document.files.all()
        ],
    )


def _query(filters: DocumentFilters) -> RegisterQuery:
    return RegisterQuery(
        q=filters.q, meeting=filters.meeting, group=filters.group, kind=filters.kind, language=filters.language
    )


@router.get("programmes/", response=list[ProgrammeOut], summary="Programmes the caller may see")
def list_programmes(request: HttpRequest) -> list[ProgrammeOut]:
    programmes = visible_programmes(user=current_user(request)).prefetch_related(
        "programme_meetings__event", "memberships__organisation"
    )
    return [programme_out(programme) for programme in programmes]


@router.get("programmes/{slug}/", response={200: ProgrammeOut, **READ_ERRORS}, summary="One programme")
def get_programme(request: HttpRequest, slug: str) -> ProgrammeOut:
    return programme_out(get_visible_programme(slug=slug, user=current_user(request)))


@router.get(
    "programmes/{slug}/documents/",
    response={200: list[DocumentOut], **READ_ERRORS},
    summary="The programme's documents the caller may see",
)
def list_programme_documents(request: HttpRequest, slug: str, filters: Query[DocumentFilters]) -> list[DocumentOut]:
    """Newest first. Records listed publicly appear to everyone; their file links only to those who may open them."""
    user = current_user(request)
    programme = get_visible_programme(slug=slug, user=user)
    viewer = viewer_for(programme=programme, user=user)
    documents = filtered(listed_documents(programme=programme, viewer=viewer), _query(filters))
    documents = documents.select_related("session", "revises")
    return [
        document_out(document, may_open=may_open_document(document=document, viewer=viewer)) for document in documents
    ]


@router.get(
    "events/{slug}/documents/",
    response={200: list[DocumentOut], **READ_ERRORS},
    summary="A meeting's documents the caller may see",
)
def list_meeting_documents(request: HttpRequest, slug: str, filters: Query[DocumentFilters]) -> list[DocumentOut]:
    user = current_user(request)
    event = get_visible_event(slug=slug, user=user)
    documents = filtered(meeting_documents(event=event, user=user), _query(filters)).select_related(
        "session", "revises"
    )
    viewers = {}
    result = []
    for document in documents:
        if document.programme_id not in viewers:
            viewers[document.programme_id] = viewer_for(programme=document.programme, user=user)
        viewer = viewers[document.programme_id]
        result.append(document_out(document, may_open=may_open_document(document=document, viewer=viewer)))
    return result


class ProgressReportOut(Schema):
    reported_on: str = Field(description="The date (YYYY-MM-DD).")
    meeting: str | None = Field(description="The slug of the meeting where it was reported.")
    status: str
    progress: int = Field(description="Percent.")
    note: Translations


class CommitmentOut(Schema):
    id: int
    title: Translations
    owner: str
    partners: list[str]
    theme: str
    origin: str
    due_date: str | None
    status: str
    progress: int = Field(description="Percent; a commitment with parts rolls up their progress, weighted.")
    parent: int | None
    weight: int
    session: int | None = Field(description="The session whose decision it records, if it does.")
    reports: list[ProgressReportOut] = Field(description="The dated timeline of progress reports, oldest first.")


@router.get(
    "programmes/{slug}/commitments/",
    response={200: list[CommitmentOut], **READ_ERRORS},
    summary="The programme's commitments (public or members-only tracker)",
)
def list_commitments(
    request: HttpRequest, slug: str, owner: str = "", status: str = "", theme: str = ""
) -> list[CommitmentOut]:
    user = current_user(request)
    programme = get_visible_programme(slug=slug, user=user)
    if not may_see_tracker(programme=programme, viewer=viewer_for(programme=programme, user=user)):
        raise Http404("No such tracker.")
    chosen, progress = tracker(programme=programme, owner=owner, status=status, theme=theme)
    return [CommitmentOut(**commitment_data(commitment, progress)) for commitment in chosen]
