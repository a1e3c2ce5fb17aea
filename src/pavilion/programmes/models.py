"""Programmes and what their meetings produce: numbered documents, outcome texts, commitments, statements.

A programme is a level above events: a cooperation body (APEC TEL, the SCO) or a bilateral
programme (Turkmenistan-ITU) that groups its meetings (events), its members (countries, economies
or organisations) and its secretariat (accounts). Who may see what is decided in ``access.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField, I18nTextField


class ProgrammeKind(models.TextChoices):
    BODY = "body", _("Cooperation body")
    BILATERAL = "bilateral", _("Bilateral cooperation programme")
    SUMMIT_SERIES = "summit_series", _("Summit series")
    CAMPAIGN = "campaign", _("Campaign")


class TrackerAccess(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Programme members")


class Programme(models.Model):
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=ProgrammeKind.choices)
    name = I18nCharField(_("name"))
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    description = I18nTextField(_("description"), blank=True)
    meetings = models.ManyToManyField(
        "events.Event", verbose_name=_("meetings"), related_name="programmes", blank=True, through="ProgrammeMeeting"
    )
    secretariat = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretariat"),
        related_name="secretariat_of",
        blank=True,
        help_text=_("Accounts that manage the programme: documents, outcome texts, commitments."),
    )
    number_pattern = models.CharField(
        _("document number pattern"),
        max_length=80,
        default="{year}/{meeting}/{group}/{seq:03}",
        help_text=_("Fields: {year}, {meeting}, {group}, {series}, {seq} (e.g. {seq:03} for 001)."),
    )
    tracker_access = models.CharField(
        _("commitment tracker"), max_length=20, choices=TrackerAccess.choices, default=TrackerAccess.MEMBERS
    )
    mfa_required = models.BooleanField(
        _("two-factor authentication required"),
        default=True,
        help_text=_("Members of the secretariat must sign in with a second factor."),
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.name)


class ProgrammeMeeting(models.Model):
    """One of a programme's meetings, with the code its document numbers use (e.g. "TEL45")."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="programme_meetings")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="programme_meetings")
    code = models.CharField(_("code in document numbers"), max_length=30)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["event__start_date"]
        constraints = [models.UniqueConstraint(fields=["programme", "event"], name="meeting_once_per_programme")]

    def __str__(self) -> str:
        return f"{self.programme.slug}: {self.code}"


def one_delegation() -> Q:
    """Exactly one of country/economy and organisation is given."""
    has_country = ~Q(country="")
    has_organisation = Q(organisation__isnull=False)
    return (has_country & ~has_organisation) | (~has_country & has_organisation)


class Delegation(models.Model):
    """A country, economy or organisation named on a record (abstract: shared fields and name)."""

    country = CountryField(_("country or economy"), blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def delegation_name(self) -> str:
        if self.country:
            return str(countries.name(str(self.country)))
        return str(self.organisation) if self.organisation_id else ""


class Membership(Delegation):
    """A member of a programme: a Member State, an economy or an organisation."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(condition=one_delegation(), name="membership_has_one_delegation"),
            models.UniqueConstraint(fields=["programme", "country", "organisation"], name="member_once_per_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.slug}: {self.delegation_name}"


# --- Documents ------------------------------------------------------------------------------------


def private_storage() -> FileSystemStorage:
    """Files under PAVILION_DOCUMENTS_ROOT, with no public address (served by programmes/downloads.py)."""
    return FileSystemStorage(location=settings.PAVILION_DOCUMENTS_ROOT, base_url=None)


class DocumentKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    INFORMATION = "information", _("Information document")
    TEMPORARY = "temporary", _("Temporary document")
    REPORT = "report", _("Report")
    OUTCOME = "outcome", _("Outcome document")
    STATEMENT = "statement", _("Statement")


class Purpose(models.TextChoices):
    ACTION = "action", _("For action")
    INFORMATION = "information", _("For information")


class DocumentAccess(models.TextChoices):
    """Who may open a document's files; each class includes the people of the classes after it."""

    PUBLIC = "public", _("Public")
    PARTICIPANTS = "participants", _("Meeting participants")
    MEMBERS = "members", _("Programme members")
    SECRETARIAT = "secretariat", _("Secretariat")


class RevisionKind(models.TextChoices):
    REVISION = "rev", _("Revision (Rev.)")
    ADDENDUM = "add", _("Addendum (Add.)")
    CORRIGENDUM = "corr", _("Corrigendum (Corr.)")


REVISION_LABELS = {RevisionKind.REVISION: "Rev.", RevisionKind.ADDENDUM: "Add.", RevisionKind.CORRIGENDUM: "Corr."}


class DocumentCounter(models.Model):
    """The last sequence number given under one number prefix (e.g. "2012/TEL45/LSG/") of a programme.

    Numbering locks this row (select_for_update), so two uploads at once never get the same number.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="document_counters")
    scope = models.CharField(max_length=120)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "scope"], name="one_counter_per_scope")]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.scope} {self.last}"


class Document(Delegation):
    """A numbered meeting document; its files (one per language) are in DocumentFile.

    A revision, addendum or corrigendum is a document of its own whose ``revises`` is the original;
    its number is the original's with " Rev.1" (" Add.1", " Corr.1") after it.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="documents")
    meeting = models.ForeignKey(
        "events.Event",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    session = models.ForeignKey(
        "events.Session",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    group = models.CharField(_("group"), max_length=20, blank=True, help_text=_("E.g. LSG, SPSG, PLEN."))
    series = models.CharField(_("series"), max_length=40, blank=True, help_text=_("E.g. TD, C, INF."))
    number = models.CharField(_("number"), max_length=160)
    title = I18nCharField(_("title"))
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.INFORMATION)
    agenda_item = models.CharField(_("agenda item"), max_length=40, blank=True)
    from_secretariat = models.BooleanField(_("from the secretariat"), default=False)
    access = models.CharField(
        _("who may open the files"), max_length=20, choices=DocumentAccess.choices, default=DocumentAccess.PUBLIC
    )
    listed_publicly = models.BooleanField(
        _("list the record publicly"),
        default=False,
        help_text=_("Anyone may see the number and title; the files stay restricted."),
    )
    revises = models.ForeignKey(
        "self", verbose_name=_("revises"), on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    revision_kind = models.CharField(_("revision type"), max_length=10, choices=RevisionKind.choices, blank=True)
    revision_index = models.PositiveIntegerField(default=0)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="document_number_unique_in_programme"),
            models.CheckConstraint(
                condition=Q(from_secretariat=True, country="", organisation__isnull=True)
                | Q(from_secretariat=False) & one_delegation(),
                name="document_has_one_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def source_name(self) -> str:
        return str(_("Secretariat")) if self.from_secretariat else self.delegation_name


def document_file_name(instance: DocumentFile, filename: str) -> str:
    return f"programmes/{instance.document.programme_id}/{filename}"


class DocumentFile(models.Model):
    """One language version of a document, stored privately."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_file_name, max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["document", "language"], name="one_file_per_language")]

    def __str__(self) -> str:
        return f"{self.document.number} ({self.language})"


from pavilion.programmes.commitment_models import (  # noqa: E402, F401
    Commitment,
    CommitmentPartner,
    CommitmentStatus,
    ProgressReport,
    Statement,
)
from pavilion.programmes.outcome_models import (  # noqa: E402, F401  (models of this app, split by domain)
    Amendment,
    OutcomeText,
    Paragraph,
)
