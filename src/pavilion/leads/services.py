"""Leads: who they are (``refresh_leads``), what each one consented to share (``contact_of``), their
score (``scoring``), staff work on them (``set_status``, ``add_note``) and the exports.

Sources of consent, for a booth:

- its contact requests: exactly the fields the visitor ticked, with the values copied at that moment;
- its meeting requests (networking's meetings with the booth): the visitor's name (staff see it on the request);
- consenting, identified responses to the surveys the booth owns (its own and its products'
  interest surveys and any other survey it owns): name, e-mail, organisation and country, read from
  the profile as the survey results show them (``surveys/results.py``).

A visitor with none of these is never a lead; a lead whose sources all went away (consent withdrawn,
responses anonymised) is removed by the next ``refresh_leads``.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from pavilion.accounts.models import User
from pavilion.activity.models import ActivityEvent, ActivityKind
from pavilion.boothtalk.models import (
    BoothMessage,
    BoothPresence,
    ContactRequest,
    SharedField,
)
from pavilion.core.i18n import shown_language
from pavilion.core.spreadsheets import csv_document, text_cells_for_xlsx
from pavilion.exhibition.models import Booth
from pavilion.leads.models import MAX_NOTE_LENGTH, Lead, LeadNote, LeadStatus
from pavilion.leads.scoring import Score, Signals, score
from pavilion.networking.models import Meeting, MeetingStatus
from pavilion.surveys.models import Answer, QuestionKind, Response

#: The columns of the exports, in order: the fields a visitor can share.
FIELDS: list[str] = list(SharedField.values)
SURVEY_FIELDS = (SharedField.NAME, SharedField.EMAIL, SharedField.ORGANISATION, SharedField.COUNTRY)


def _booth_meetings(booth: Booth) -> QuerySet[Meeting]:
    """The meetings visitors asked the booth for (the organisers' drafts are nobody's consent)."""
    return Meeting.objects.filter(booth=booth).exclude(status=MeetingStatus.DRAFT)


def _consenting_ids(booth: Booth) -> set[int]:
    ids = set(ContactRequest.objects.filter(booth=booth).values_list("visitor_id", flat=True))
    ids |= set(_booth_meetings(booth).values_list("requester_id", flat=True))
    ids |= set(
        Response.objects.filter(survey__owner_booth=booth, consent_to_share=True, respondent__isnull=False).values_list(
            "respondent_id", flat=True
        )
    )
    return {pk for pk in ids if pk is not None}


def refresh_leads(*, booth: Booth) -> None:
    """Create a lead for every visitor who consented to share with the booth; remove those left without a source."""
    ids = _consenting_ids(booth)
    existing = set(Lead.objects.filter(booth=booth).values_list("visitor_id", flat=True))
    with transaction.atomic():
        Lead.objects.bulk_create(
            [Lead(booth=booth, visitor_id=pk) for pk in sorted(ids - existing)], ignore_conflicts=True
        )
        if existing - ids:
            Lead.objects.filter(booth=booth, visitor_id__in=existing - ids).delete()


def _country_name(code: str) -> str:
    return str(countries.name(code)) if code else ""


def consented_contacts(*, booth: Booth, visitor_ids: list[int]) -> dict[int, dict[str, str]]:
    """Per visitor, exactly what they consented to share with the booth (field → value; others absent).

    Country values are ISO codes. Later contact requests win over earlier ones for the same field.
    """
    found: dict[int, dict[str, str]] = defaultdict(dict)
    survey_ids = set(
        Response.objects.filter(
            survey__owner_booth=booth, consent_to_share=True, respondent_id__in=visitor_ids
        ).values_list("respondent_id", flat=True)
    )
    meeting_ids = set(
        _booth_meetings(booth).filter(requester_id__in=visitor_ids).values_list("requester_id", flat=True)
    )
    people = {
        person.pk: person
        for person in User.objects.filter(pk__in=survey_ids | meeting_ids).select_related("organisation")
    }
    for pk in visitor_ids:
        person = people.get(pk)
        if pk in meeting_ids and person is not None:
            found[pk][SharedField.NAME] = person.display_name
        if pk in survey_ids and person is not None:
            found[pk][SharedField.NAME] = person.display_name
            found[pk][SharedField.EMAIL] = person.email
            if person.organisation:
                found[pk][SharedField.ORGANISATION] = str(person.organisation.name)
            if person.country:
                found[pk][SharedField.COUNTRY] = str(person.country)
    requests = ContactRequest.objects.filter(booth=booth, visitor_id__in=visitor_ids).order_by("created_at", "pk")
    for request in requests:
        for name in request.shared_fields:
            if name in FIELDS:
                value = getattr(request, name)
                found[request.visitor_id][name] = str(value.code if name == SharedField.COUNTRY else value)
    return {pk: {key: value for key, value in found[pk].items() if value} for pk in visitor_ids}


def signals_of(*, booth: Booth, visitor_ids: list[int]) -> dict[int, Signals]:
    """The scoring signals of each visitor at the booth (a fixed number of queries)."""
    interest: dict[int, list[tuple[str, int]]] = defaultdict(list)
    languages: dict[str, str] = {}
    answers = Answer.objects.filter(
        question__kind=QuestionKind.INTEREST,
        response__survey__owner_booth=booth,
        response__consent_to_share=True,
        response__respondent_id__in=visitor_ids,
        number__isnull=False,
    ).select_related("response", "question__survey__product", "question__survey__owner_booth")
    for answer in answers:
        survey = answer.question.survey
        about = survey.product if survey.product is not None else survey.owner_booth
        name = str(about.name) if about is not None else ""
        if about is not None:
            languages[name] = shown_language(about.name)
        interest[answer.response.respondent_id or 0].append((name, answer.number or 0))
    counts: dict[int, dict[str, int]] = {
        row["user_id"]: {"visits": row["visits"], "downloads": row["downloads"]}
        for row in ActivityEvent.objects.filter(booth=booth, user_id__in=visitor_ids)
        .values("user_id")
        .annotate(
            visits=Count("pk", filter=Q(kind=ActivityKind.BOOTH_VIEW)),
            downloads=Count("pk", filter=Q(kind=ActivityKind.DOCUMENT_DOWNLOAD)),
        )
        .order_by()
    }
    minutes = {
        presence.user_id: max(0, int((presence.last_seen_at - presence.arrived_at).total_seconds() // 60))
        for presence in BoothPresence.objects.filter(booth=booth, user_id__in=visitor_ids)
    }
    messages = dict(
        BoothMessage.objects.filter(
            conversation__booth=booth,
            conversation__visitor_id__in=visitor_ids,
            from_booth=False,
            deleted_at__isnull=True,
        )
        .values_list("conversation__visitor_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        pk: Signals(
            interest=tuple(interest.get(pk, ())),
            name_languages=tuple(languages.items()),
            visits=counts.get(pk, {}).get("visits", 0),
            minutes=minutes.get(pk, 0),
            downloads=counts.get(pk, {}).get("downloads", 0),
            messages=messages.get(pk, 0),
        )
        for pk in visitor_ids
    }


@dataclass
class LeadRow:
    lead: Lead
    contact: dict[str, str]
    score: Score
    reasons: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.contact.get(SharedField.NAME, "")

    @property
    def country(self) -> str:
        return self.contact.get(SharedField.COUNTRY, "")

    @property
    def country_name(self) -> str:
        return _country_name(self.country)

    @property
    def shared(self) -> list[tuple[str, str]]:
        """(label, value) of every shared field, in the form's order."""
        return [
            (str(label), self.country_name if name == SharedField.COUNTRY else self.contact[name])
            for name, label in SharedField.choices
            if name in self.contact
        ]


def leads_of(*, booth: Booth, status: str = "", min_score: int = 0, country: str = "") -> list[LeadRow]:
    """The booth's leads with contact and score, filtered, highest score first (then newest)."""
    refresh_leads(booth=booth)
    leads = list(Lead.objects.filter(booth=booth))
    ids = [lead.visitor_id for lead in leads]
    contacts = consented_contacts(booth=booth, visitor_ids=ids)
    signals = signals_of(booth=booth, visitor_ids=ids)
    rows = [
        LeadRow(lead=lead, contact=contacts[lead.visitor_id], score=score(signals[lead.visitor_id])) for lead in leads
    ]
    rows = [
        row
        for row in rows
        if (not status or row.lead.status == status)
        and row.score.points >= min_score
        and (not country or row.country == country)
    ]
    rows.sort(key=lambda row: (-row.score.points, -row.lead.created_at.timestamp(), -row.lead.pk))
    return rows


def lead_row(*, booth: Booth, lead: Lead) -> LeadRow:
    contact = consented_contacts(booth=booth, visitor_ids=[lead.visitor_id])[lead.visitor_id]
    return LeadRow(
        lead=lead, contact=contact, score=score(signals_of(booth=booth, visitor_ids=[lead.visitor_id])[lead.visitor_id])
    )


def set_status(*, lead: Lead, status: str) -> None:
    if status not in LeadStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    lead.status = status
    lead.save(update_fields=["status", "updated_at"])


def add_note(*, lead: Lead, author: User, text: str) -> LeadNote:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a note."))
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError(_("A note is at most %(count)d characters.") % {"count": MAX_NOTE_LENGTH})
    note = LeadNote.objects.create(lead=lead, author=author, text=text)
    lead.save(update_fields=["updated_at"])
    return note


def lead_sources(*, booth: Booth, visitor_ids: list[int]) -> dict[int, list[str]]:
    """Per visitor, how they reached the booth with consent: contact request, meeting request, survey."""
    sources: dict[int, list[str]] = defaultdict(list)
    kinds = [
        (ContactRequest.objects.filter(booth=booth), "visitor_id", _("Contact request")),
        (_booth_meetings(booth), "requester_id", _("Meeting request")),
        (Response.objects.filter(survey__owner_booth=booth, consent_to_share=True), "respondent_id", _("Survey")),
    ]
    for queryset, column, label in kinds:
        for pk in set(queryset.filter(**{f"{column}__in": visitor_ids}).values_list(column, flat=True)):
            sources[pk].append(str(label))
    return {pk: sources.get(pk, []) for pk in visitor_ids}


def export_header() -> list[str]:
    return [str(label) for label in SharedField.labels] + [
        _("Status"),
        _("Score"),
        pgettext("lead", "Created"),
        pgettext("lead", "Source"),
    ]


def export_rows(rows: list[LeadRow]) -> list[list[str | int]]:
    """One line per lead: exactly the consented values (empty where not shared), status, score, the
    day the lead was created (ISO 8601, which every spreadsheet reads as a date) and its sources."""
    lines: list[list[str | int]] = []
    sources: dict[int, list[str]] = {}
    if rows:
        sources = lead_sources(booth=rows[0].lead.booth, visitor_ids=[row.lead.visitor_id for row in rows])
    for row in rows:
        values: list[str | int] = [
            _country_name(row.contact.get(name, "")) if name == SharedField.COUNTRY else row.contact.get(name, "")
            for name in FIELDS
        ]
        lines.append(
            [
                *values,
                str(row.lead.get_status_display()),
                row.score.points,
                timezone.localtime(row.lead.created_at).date().isoformat(),
                ", ".join(sources.get(row.lead.visitor_id, [])),
            ]
        )
    return lines


def export_csv(rows: list[LeadRow]) -> str:
    """The leads as CSV (``core.spreadsheets``: no formulas, a byte-order mark for Excel)."""
    return csv_document([export_header(), *export_rows(rows)])


def export_xlsx(rows: list[LeadRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Leads"
    header = export_header()
    lines = export_rows(rows)
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    text_cells_for_xlsx(sheet)
    # Columns as wide as their longest value (in characters, within reason), not the default 8.43.
    for index, column in enumerate(zip(header, *lines, strict=True), start=1):
        widest = max(len(str(value)) for value in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 10), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
