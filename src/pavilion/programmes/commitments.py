"""Commitments: created from an adopted paragraph, a session's decision or by the secretariat; progress
reported at meetings; children rolling up into their parent (weighted); CSV in and out; reminders.

Who writes: the secretariat creates and imports; the secretariat and the owner delegation's
delegates report progress. Who reads: the tracker is public or for members (Programme.tracker_access).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from pavilion.accounts.models import User
from pavilion.accreditation.models import Registration, Status
from pavilion.core.spreadsheets import unescaped_cell
from pavilion.directory.models import Organisation
from pavilion.events.models import Event, Session
from pavilion.events.schemas import translations
from pavilion.programmes.access import is_secretariat, viewer_for
from pavilion.programmes.commitment_models import (
    Commitment,
    CommitmentPartner,
    CommitmentStatus,
    Origin,
    ProgressReport,
)
from pavilion.programmes.models import Programme
from pavilion.programmes.outcome_models import OutcomeState, Paragraph

#: The catalogue a programme starts with: (slug, names, default progress).
DEFAULT_STATUSES: list[tuple[str, dict[str, str], int]] = [
    ("planned", {"en": "Planned"}, 0),
    ("started", {"en": "Started"}, 25),
    ("advanced", {"en": "Well advanced"}, 75),
    ("completed", {"en": "Completed"}, 100),
    ("delayed", {"en": "Delayed"}, 10),
]
#: Reminders go this many days before the due date.
REMINDER_DAYS = 14


def status_catalogue(programme: Programme) -> list[CommitmentStatus]:
    """The programme's statuses, created from DEFAULT_STATUSES the first time."""
    statuses = list(programme.commitment_statuses.all())
    if statuses:
        return statuses
    for position, (slug, name, progress) in enumerate(DEFAULT_STATUSES):
        CommitmentStatus.objects.get_or_create(
            programme=programme, slug=slug, defaults={"name": name, "default_progress": progress, "position": position}
        )
    return list(programme.commitment_statuses.all())


def _status(programme: Programme, slug: str) -> CommitmentStatus:
    for status in status_catalogue(programme):
        if status.slug == slug:
            return status
    raise ValidationError({"status": _("Choose one of the programme's statuses.")})


def _owner_fields(country: str, organisation: Organisation | None) -> dict[str, Any]:
    if bool(country) == (organisation is not None):
        raise ValidationError({"owner": _("Choose the owner: a country or economy, or an organisation.")})
    return {"country": country, "organisation": organisation}


def create_commitment(
    *,
    programme: Programme,
    by: User,
    title: Mapping[str, str],
    country: str = "",
    organisation: Organisation | None = None,
    partners: Sequence[tuple[str, Organisation | None]] = (),
    due_date: date | None = None,
    theme: str = "",
    status: str = "planned",
    parent: Commitment | None = None,
    weight: int = 1,
    paragraph: Paragraph | None = None,
    session: Session | None = None,
    origin: str | None = None,
    description: Mapping[str, str] | None = None,
    contact: User | None = None,
) -> Commitment:
    """A new commitment with its owner and partners; its progress starts at its status's default.

    From a paragraph, the outcome text must be adopted (or published) and belong to the programme.
    """
    if not is_secretariat(programme=programme, user=by):
        raise PermissionDenied(_("Only the programme's secretariat may do this."))
    if not any(text.strip() for text in title.values()):
        raise ValidationError({"title": _("Give the commitment a title.")})
    owner = _owner_fields(country, organisation)
    if paragraph is not None:
        outcome = paragraph.outcome
        if outcome.programme_id != programme.pk or outcome.state not in {OutcomeState.ADOPTED, OutcomeState.PUBLISHED}:
            raise ValidationError({"paragraph": _("Commitments come from paragraphs of adopted texts.")})
    if session is not None and not programme.meetings.filter(pk=session.event_id).exists():
        raise ValidationError({"session": _("This session is not part of one of the programme's meetings.")})
    if parent is not None and parent.programme_id != programme.pk:
        raise ValidationError({"parent": _("The parent item belongs to another programme.")})
    if weight < 1:
        raise ValidationError({"weight": _("The weight is at least 1.")})
    chosen = _status(programme, status)
    if origin is None:
        origin = Origin.PARAGRAPH if paragraph else Origin.SESSION if session else Origin.SECRETARIAT
    with transaction.atomic():
        commitment = Commitment.objects.create(
            programme=programme,
            title=dict(title),
            description=dict(description or {}),
            theme=theme.strip(),
            origin=origin,
            paragraph=paragraph,
            session=session,
            parent=parent,
            weight=weight,
            due_date=due_date,
            status=chosen,
            progress=chosen.default_progress,
            contact=contact,
            **owner,
        )
        for partner_country, partner_organisation in partners:
            CommitmentPartner.objects.create(
                commitment=commitment, **_owner_fields(partner_country, partner_organisation)
            )
    return commitment


def may_report(*, commitment: Commitment, user: User) -> bool:
    """The secretariat, or a delegate of the owner delegation."""
    viewer = viewer_for(programme=commitment.programme, user=user)
    if viewer.is_secretariat:
        return True
    return (str(commitment.country or ""), commitment.organisation_id) in viewer.delegations


def report_progress(
    *,
    commitment: Commitment,
    by: User,
    status: str,
    reported_on: date,
    progress: int | None = None,
    meeting: Event | None = None,
    note: Mapping[str, str] | None = None,
) -> ProgressReport:
    """Record progress (the status's default unless given) at a meeting; the commitment takes it on."""
    if not may_report(commitment=commitment, user=by):
        raise PermissionDenied(_("Only the secretariat and the owner's delegates report progress."))
    chosen = _status(commitment.programme, status)
    value = chosen.default_progress if progress is None else progress
    if not 0 <= value <= 100:
        raise ValidationError({"progress": _("Progress is between 0 and 100.")})
    if meeting is not None and not commitment.programme.meetings.filter(pk=meeting.pk).exists():
        raise ValidationError({"meeting": _("This event is not one of the programme's meetings.")})
    with transaction.atomic():
        report = ProgressReport.objects.create(
            commitment=commitment,
            reported_on=reported_on,
            meeting=meeting,
            status=chosen,
            progress=value,
            note=dict(note or {}),
            reported_by=by,
        )
        latest = commitment.reports.order_by("-reported_on", "-pk").first()
        if latest is not None and latest.pk == report.pk:
            commitment.status, commitment.progress = chosen, value
            commitment.save(update_fields=["status", "progress"])
    return report


def rolled_up(commitments: Iterable[Commitment]) -> dict[int, int]:
    """Each commitment's progress: its own, or its children's rolled-up progress weighted by their weights."""
    items = {commitment.pk: commitment for commitment in commitments}
    children: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in items.values():
        if commitment.parent_id in items:
            children[commitment.parent_id].append(commitment)
    result: dict[int, int] = {}

    def progress_of(pk: int, seen: frozenset[int]) -> float:
        parts = [child for child in children.get(pk, []) if child.pk not in seen]
        if not parts:
            return float(items[pk].progress)
        total = sum(child.weight for child in parts)
        return sum(progress_of(child.pk, seen | {pk}) * child.weight for child in parts) / total

    for pk in items:
        result[pk] = round(progress_of(pk, frozenset()))
    return result


def tracker(
    *, programme: Programme, owner: str = "", status: str = "", theme: str = ""
) -> tuple[list[Commitment], dict[int, int]]:
    """The programme's commitments (filtered) and every commitment's rolled-up progress."""
    everything = list(
        programme.commitments.select_related("status", "organisation", "parent", "session").prefetch_related(
            "partners", "reports__status", "reports__meeting"
        )
    )
    progress = rolled_up(everything)
    chosen = [
        commitment
        for commitment in everything
        if (not owner or commitment.delegation_name == owner or str(commitment.country) == owner)
        and (not status or commitment.status.slug == status)
        and (not theme or commitment.theme == theme)
    ]
    return chosen, progress


# --- CSV ------------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "title",
    "owner_country",
    "owner_organisation",
    "partners",
    "theme",
    "due_date",
    "status",
    "progress",
    "weight",
    "parent",
]


def export_rows(commitments: Iterable[Commitment], progress: Mapping[int, int]) -> list[list[object]]:
    rows: list[list[object]] = []
    for commitment in commitments:
        partners = " ".join(
            str(partner.country) if partner.country else getattr(partner.organisation, "slug", "")
            for partner in commitment.partners.all()
        )
        rows.append(
            [
                str(commitment.title),
                str(commitment.country or ""),
                commitment.organisation.slug if commitment.organisation else "",
                partners,
                commitment.theme,
                commitment.due_date.isoformat() if commitment.due_date else "",
                commitment.status.slug,
                progress.get(commitment.pk, commitment.progress),
                commitment.weight,
                str(commitment.parent.title) if commitment.parent else "",
            ]
        )
    return rows


def import_csv(*, programme: Programme, by: User, data: bytes, language: str = "en") -> list[Commitment]:
    """Create commitments from CSV rows with the export's columns. All or nothing: a bad row names its
    line and nothing is created."""
    if not is_secretariat(programme=programme, user=by):
        raise PermissionDenied(_("Only the programme's secretariat may do this."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("The file is not UTF-8 text.")}) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"title", "owner_country", "owner_organisation"} <= set(reader.fieldnames):
        raise ValidationError(
            {"file": _("The first line must name the columns: title, owner_country, owner_organisation …")}
        )
    created: list[Commitment] = []
    by_title: dict[str, Commitment] = {}
    with transaction.atomic():
        for line, row in enumerate(reader, start=2):
            try:
                organisation = _organisation(row.get("owner_organisation", ""))
                partners = [_partner(token) for token in (row.get("partners") or "").split()]
                due = date.fromisoformat(row["due_date"]) if row.get("due_date") else None
                parent_title = (row.get("parent") or "").strip()
                commitment = create_commitment(
                    programme=programme,
                    by=by,
                    title={language: unescaped_cell((row.get("title") or "").strip())},
                    country=(row.get("owner_country") or "").strip().upper(),
                    organisation=organisation,
                    partners=partners,
                    due_date=due,
                    theme=row.get("theme") or "",
                    status=(row.get("status") or "planned").strip(),
                    weight=int(row.get("weight") or 1),
                    parent=by_title.get(parent_title) if parent_title else None,
                )
                if row.get("progress"):
                    commitment.progress = int(row["progress"])
                    if not 0 <= commitment.progress <= 100:
                        raise ValidationError({"progress": _("Progress is between 0 and 100.")})
                    commitment.save(update_fields=["progress"])
            except ValidationError as error:
                messages = "; ".join(error.messages)
                raise ValidationError(
                    {"file": _("Line %(line)s: %(error)s") % {"line": line, "error": messages}}
                ) from None
            except ValueError as error:
                raise ValidationError(
                    {"file": _("Line %(line)s: %(error)s") % {"line": line, "error": error}}
                ) from None
            by_title[str(row.get("title") or "").strip()] = commitment
            created.append(commitment)
    return created


def _organisation(slug: str) -> Organisation | None:
    slug = slug.strip()
    if not slug:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValidationError({"owner": _("No organisation has the short name %(slug)s.") % {"slug": slug}})
    return organisation


def _partner(token: str) -> tuple[str, Organisation | None]:
    if len(token) == 2 and token.isalpha():
        return token.upper(), None
    return "", _organisation(token)


# --- Reminders ------------------------------------------------------------------------------------


def reminder_recipients(commitment: Commitment) -> list[User]:
    """The contact person, else the heads of the owner delegation at the programme's meetings."""
    if commitment.contact is not None and commitment.contact.is_active:
        return [commitment.contact]
    heads = Registration.objects.filter(
        event__in=commitment.programme.meetings.all(),
        status=Status.APPROVED,
        is_head_of_delegation=True,
        country=commitment.country,
        organisation=commitment.organisation,
    ).select_related("user")
    return sorted(
        {registration.user for registration in heads if registration.user.is_active}, key=lambda user: user.pk
    )


def send_due_reminders(*, today: date, days: int = REMINDER_DAYS) -> int:
    """E-mail the owners of open commitments due within ``days``; each due date is reminded once."""
    due = (
        Commitment.objects.filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))
        .exclude(progress__gte=100)
        .select_related("programme", "contact", "organisation")
    )
    sent = 0
    for commitment in due:
        if commitment.reminded_for == commitment.due_date:
            continue
        for user in reminder_recipients(commitment):
            language = (user.preferred_languages or ["en"])[0]
            with translation.override(language):
                subject = _("Due on %(date)s: %(title)s") % {
                    "date": commitment.due_date.isoformat() if commitment.due_date else "",
                    "title": commitment.title,
                }
                body = _(
                    "%(programme)s: the commitment “%(title)s” of %(owner)s is due on %(date)s "
                    "(progress %(progress)s%%). Please report its progress."
                ) % {
                    "programme": commitment.programme,
                    "title": commitment.title,
                    "owner": commitment.delegation_name,
                    "date": commitment.due_date.isoformat() if commitment.due_date else "",
                    "progress": commitment.progress,
                }
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        Commitment.objects.filter(pk=commitment.pk).update(reminded_for=commitment.due_date)
    return sent


def commitment_data(commitment: Commitment, progress: Mapping[int, int]) -> dict[str, Any]:
    """A commitment, JSON-ready (the API and "My data")."""
    return {
        "id": commitment.pk,
        "title": translations(commitment.title),
        "owner": commitment.delegation_name,
        "partners": [partner.delegation_name for partner in commitment.partners.all()],
        "theme": commitment.theme,
        "origin": commitment.origin,
        "due_date": commitment.due_date.isoformat() if commitment.due_date else None,
        "status": commitment.status.slug,
        "progress": progress.get(commitment.pk, commitment.progress),
        "parent": commitment.parent_id,
        "weight": commitment.weight,
        "session": commitment.session_id,
        "reports": [
            {
                "reported_on": report.reported_on.isoformat(),
                "meeting": report.meeting.slug if report.meeting else None,
                "status": report.status.slug,
                "progress": report.progress,
                "note": translations(report.note),
            }
            # Ordered in Python: the prefetched reports are read once (ProgressReport.Meta.ordering).
            for report in sorted(commitment.reports.all(), key=lambda report: (report.reported_on, report.pk))
        ],
    }


def programme_commitments(programme: Programme) -> QuerySet[Commitment]:
    return programme.commitments.all()
