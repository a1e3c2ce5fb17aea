"""The rules for programmes and their documents: creating, membership, numbering, files, revisions, access.

Every write checks who is writing (the secretariat, see access.py) and raises PermissionDenied or a
ValidationError naming the field before anything changes.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts.models import User
from pavilion.directory.models import Organisation
from pavilion.events.models import Event, Session
from pavilion.events.schemas import translations
from pavilion.live.broker import publish_on_commit
from pavilion.programmes.access import is_secretariat
from pavilion.programmes.models import (
    REVISION_LABELS,
    Document,
    DocumentAccess,
    DocumentCounter,
    DocumentFile,
    DocumentKind,
    Membership,
    Programme,
    ProgrammeKind,
    ProgrammeMeeting,
    Purpose,
    RevisionKind,
    private_storage,
)
from pavilion.programmes.uploads import checked_document

NUMBER_FIELDS = frozenset({"year", "meeting", "group", "series", "seq"})
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def _require_secretariat(*, programme: Programme, by: User) -> None:
    if not is_secretariat(programme=programme, user=by):
        raise PermissionDenied(_("Only the programme's secretariat may do this."))


# --- Programmes -----------------------------------------------------------------------------------


def validate_number_pattern(pattern: str) -> None:
    """A pattern names only known fields, {seq} exactly once, and formats."""
    try:
        fields = [name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None]
    except ValueError:
        fields = ["?"]
    unknown = sorted(set(fields) - NUMBER_FIELDS)
    if unknown or fields.count("seq") != 1:
        raise ValidationError(
            {"number_pattern": _("Use {seq} once and only {year}, {meeting}, {group} and {series} besides.")}
        )
    try:
        pattern.format(year=2012, meeting="M", group="G", series="S", seq=1)
    except (ValueError, IndexError, KeyError):
        raise ValidationError({"number_pattern": _("This pattern cannot be filled in.")}) from None


def create_programme(
    *,
    by: User,
    slug: str,
    name: Mapping[str, str],
    kind: str = ProgrammeKind.BODY,
    acronym: str = "",
    description: Mapping[str, str] | None = None,
    number_pattern: str = "{year}/{meeting}/{group}/{seq:03}",
    tracker_access: str = "members",
    is_published: bool = False,
) -> Programme:
    """Create a programme; its creator becomes its first secretariat member.

    Platform admins and accounts with the "add programme" permission may create programmes.
    """
    if not (by.is_superuser or by.has_perm("programmes.add_programme")):
        raise PermissionDenied(_("You may not create programmes."))
    validate_number_pattern(number_pattern)
    if not any(text.strip() for text in name.values()):
        raise ValidationError({"name": _("Give the programme a name.")})
    if Programme.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another programme already uses this short name.")})
    programme = Programme(
        slug=slug,
        kind=kind,
        name=dict(name),
        acronym=acronym,
        description=dict(description or {}),
        number_pattern=number_pattern,
        tracker_access=tracker_access,
        is_published=is_published,
    )
    programme.full_clean()
    with transaction.atomic():
        programme.save()
        programme.secretariat.add(by)
    return programme


def set_programme_published(*, programme: Programme, by: User, published: bool) -> None:
    """Show the programme to everyone, or only to its secretariat."""
    _require_secretariat(programme=programme, by=by)
    programme.is_published = published
    programme.save(update_fields=["is_published"])


def add_secretariat_member(*, programme: Programme, by: User, user: User) -> None:
    _require_secretariat(programme=programme, by=by)
    programme.secretariat.add(user)


def add_member(
    *, programme: Programme, by: User, country: str = "", organisation: Organisation | None = None
) -> Membership:
    """Add a member (a country or economy, or an organisation) to the programme; idempotent."""
    _require_secretariat(programme=programme, by=by)
    if bool(country) == (organisation is not None):
        raise ValidationError({"country": _("Choose a country or economy, or an organisation.")})
    membership, _created = Membership.objects.get_or_create(
        programme=programme, country=country, organisation=organisation
    )
    return membership


def add_meeting(*, programme: Programme, by: User, event: Event, code: str) -> ProgrammeMeeting:
    """Make an event one of the programme's meetings; ``code`` goes into document numbers ("TEL45")."""
    _require_secretariat(programme=programme, by=by)
    code = code.strip()
    if not code or "/" in code:
        raise ValidationError({"code": _("Give the meeting a short code without slashes, e.g. TEL45.")})
    meeting, created = ProgrammeMeeting.objects.get_or_create(programme=programme, event=event, defaults={"code": code})
    if not created and meeting.code != code:
        meeting.code = code
        meeting.save(update_fields=["code"])
    return meeting


# --- Document numbers -----------------------------------------------------------------------------


class _Placeholder:
    """Stands for the sequence number while the number's prefix (its counter's scope) is worked out."""

    def __format__(self, spec: str) -> str:
        return "#"


def _number_fields(*, programme: Programme, meeting: Event | None, group: str, series: str) -> dict[str, Any]:
    code = ""
    if meeting is not None:
        link = ProgrammeMeeting.objects.filter(programme=programme, event=meeting).first()
        code = link.code if link else meeting.slug.upper()
    year = meeting.start_date.year if meeting is not None else date.today().year
    return {"year": year, "meeting": code, "group": group or "PLEN", "series": series}


def next_number(*, programme: Programme, meeting: Event | None, group: str, series: str) -> tuple[str, int]:
    """The next document number under the programme's pattern, and its sequence number.

    Must run inside the transaction that saves the document: the counter row of the number's
    prefix stays locked until it commits, so a second upload at the same moment waits and gets the
    next number. (Two first uploads under a new prefix both try to create the counter; the unique
    constraint lets one win and get_or_create makes the other read it.)
    """
    fields = _number_fields(programme=programme, meeting=meeting, group=group, series=series)
    scope = programme.number_pattern.format(**fields, seq=_Placeholder())
    DocumentCounter.objects.get_or_create(programme=programme, scope=scope)
    counter = DocumentCounter.objects.select_for_update().get(programme=programme, scope=scope)
    counter.last += 1
    counter.save(update_fields=["last"])
    return programme.number_pattern.format(**fields, seq=counter.last), counter.last


# --- Documents ------------------------------------------------------------------------------------


def _search_text(document: Document) -> str:
    titles = list(translations(document.title).values())
    parts = [document.number, *titles, document.group, document.series, document.agenda_item, document.source_name]
    return " ".join(part for part in parts if part).casefold()


def _check_files(files: Mapping[str, File]) -> dict[str, tuple[File, str]]:
    checked: dict[str, tuple[File, str]] = {}
    for language, upload in files.items():
        if language not in LANGUAGE_CODES:
            raise ValidationError({"language": _("Choose one of the platform's languages.")})
        checked[language] = checked_document(upload, field=f"file_{language}")
    return checked


def _store_files(*, document: Document, checked: Mapping[str, tuple[File, str]], by: User, stored: list[str]) -> None:
    """Write the checked files and their rows; ``stored`` collects the written names for clean-up."""
    for language, (content, file_format) in checked.items():
        row = DocumentFile(document=document, language=language, file_format=file_format, uploaded_by=by)
        row.size = content.size or 0
        row.file.save(content.name or "document", content, save=False)
        stored.append(row.file.name or "")
        row.save()


@contextmanager
def _files_removed_on_failure() -> Iterator[list[str]]:
    """Files written inside the block are deleted again if the block fails (their rows rolled back)."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            private_storage().delete(name)
        raise


def _document_event(document: Document) -> dict[str, Any]:
    """What the session topic's subscribers learn of a new document.

    Only a record everyone on the topic may see travels whole; for a restricted one the panel is
    told to read its list again (over HTTP, with the permission check), so nothing leaks.
    """
    if document.access == DocumentAccess.PUBLIC or document.listed_publicly:
        return {"documents": {"added": document_record(document)}}
    return {"documents": {"changed": True}}


def document_record(document: Document) -> dict[str, Any]:
    """A document's record, JSON-ready (what the register, the session panel and the API show)."""
    return {
        "id": document.pk,
        "number": document.number,
        "title": translations(document.title),
        "kind": document.kind,
        "purpose": document.purpose,
        "source": document.source_name,
        "access": document.access,
        "languages": sorted(file.language for file in document.files.all()),
        "created_at": document.created_at.isoformat() if document.created_at else None,
    }


def upload_document(
    *,
    programme: Programme,
    by: User,
    title: Mapping[str, str],
    kind: str,
    files: Mapping[str, File],
    purpose: str = Purpose.INFORMATION,
    meeting: Event | None = None,
    session: Session | None = None,
    group: str = "",
    series: str = "",
    agenda_item: str = "",
    country: str = "",
    organisation: Organisation | None = None,
    access: str = DocumentAccess.PUBLIC,
    listed_publicly: bool = False,
) -> Document:
    """Number and store a new document with one file per language (at least one).

    The source is the secretariat unless a country/economy or an organisation is given. Files are
    checked by content first: a refused file stores nothing and uses no number.
    """
    _require_secretariat(programme=programme, by=by)
    if not any(text.strip() for text in title.values()):
        raise ValidationError({"title": _("Give the document a title.")})
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose a document type.")})
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose for action or for information.")})
    if access not in DocumentAccess.values:
        raise ValidationError({"access": _("Choose who may open the files.")})
    if meeting is not None and not programme.meetings.filter(pk=meeting.pk).exists():
        raise ValidationError({"meeting": _("This event is not one of the programme's meetings.")})
    if session is not None:
        if meeting is None:
            meeting = session.event
        if session.event_id != meeting.pk:
            raise ValidationError({"session": _("This session belongs to another meeting.")})
    if country and organisation is not None:
        raise ValidationError({"country": _("Choose a country or economy, or an organisation, not both.")})
    if not files:
        raise ValidationError({"file": _("Upload the document in at least one language.")})
    group, series = group.strip().upper(), series.strip()
    if "/" in group:
        raise ValidationError({"group": _("A group code cannot contain a slash.")})
    checked = _check_files(files)
    with _files_removed_on_failure() as stored, transaction.atomic():
        number, _seq = next_number(programme=programme, meeting=meeting, group=group, series=series)
        document = Document.objects.create(
            programme=programme,
            meeting=meeting,
            session=session,
            group=group,
            series=series,
            number=number,
            title=dict(title),
            kind=kind,
            purpose=purpose,
            agenda_item=agenda_item.strip(),
            from_secretariat=not country and organisation is None,
            country=country,
            organisation=organisation,
            access=access,
            listed_publicly=listed_publicly,
            created_by=by,
        )
        _store_files(document=document, checked=checked, by=by, stored=stored)
        document.search_text = _search_text(document)
        document.save(update_fields=["search_text"])
        if session is not None:
            publish_on_commit(f"session:{session.pk}", _document_event(document))
    return document


def add_document_file(*, document: Document, by: User, language: str, upload: File) -> DocumentFile:
    """Add a language version under the same number. A language already there needs a revision instead."""
    _require_secretariat(programme=document.programme, by=by)
    if document.files.filter(language=language).exists():
        raise ValidationError(
            {"language": _("This language is already there; issue a revision or corrigendum to change it.")}
        )
    checked = _check_files({language: upload})
    with _files_removed_on_failure() as stored, transaction.atomic():
        _store_files(document=document, checked=checked, by=by, stored=stored)
        if document.session_id is not None:
            publish_on_commit(f"session:{document.session_id}", {"documents": {"changed": True}})
    return document.files.get(language=language)


def revise_document(
    *,
    original: Document,
    by: User,
    revision_kind: str,
    files: Mapping[str, File],
    title: Mapping[str, str] | None = None,
) -> Document:
    """Issue a revision, addendum or corrigendum: a new record numbered "<original> Rev.1" (Add.1, Corr.1).

    It keeps the original's meeting, session, type, source and access; the history is the list of
    the original's revisions.
    """
    _require_secretariat(programme=original.programme, by=by)
    if original.revises_id is not None:
        raise ValidationError({"revises": _("Revise the original document, not one of its revisions.")})
    if revision_kind not in RevisionKind.values:
        raise ValidationError({"revision_kind": _("Choose revision, addendum or corrigendum.")})
    if not files:
        raise ValidationError({"file": _("Upload the document in at least one language.")})
    checked = _check_files(files)
    with _files_removed_on_failure() as stored, transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=original.pk)
        index = locked.revisions.filter(revision_kind=revision_kind).count() + 1
        label = REVISION_LABELS[RevisionKind(revision_kind)]
        revision = Document.objects.create(
            programme=locked.programme,
            meeting=locked.meeting,
            session=locked.session,
            group=locked.group,
            series=locked.series,
            number=f"{locked.number} {label}{index}",
            title=dict(title) if title and any(title.values()) else translations(locked.title),
            kind=locked.kind,
            purpose=locked.purpose,
            agenda_item=locked.agenda_item,
            from_secretariat=locked.from_secretariat,
            country=locked.country,
            organisation=locked.organisation,
            access=locked.access,
            listed_publicly=locked.listed_publicly,
            revises=locked,
            revision_kind=revision_kind,
            revision_index=index,
            created_by=by,
        )
        _store_files(document=revision, checked=checked, by=by, stored=stored)
        revision.search_text = _search_text(revision)
        revision.save(update_fields=["search_text"])
        if revision.session_id is not None:
            publish_on_commit(f"session:{revision.session_id}", _document_event(revision))
    return revision


def set_document_access(*, document: Document, by: User, access: str, listed_publicly: bool) -> None:
    """Change who may open the files and whether the record is listed publicly."""
    _require_secretariat(programme=document.programme, by=by)
    if access not in DocumentAccess.values:
        raise ValidationError({"access": _("Choose who may open the files.")})
    document.access = access
    document.listed_publicly = listed_publicly
    with transaction.atomic():
        document.save(update_fields=["access", "listed_publicly"])
        if document.session_id is not None:
            publish_on_commit(f"session:{document.session_id}", {"documents": {"changed": True}})


def document_history(document: Document) -> list[Document]:
    """The original and all its revisions, addenda and corrigenda, oldest first."""
    original = document.revises or document
    return [original, *original.revisions.order_by("created_at", "pk")]
