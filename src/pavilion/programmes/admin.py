"""Back office for programmes (the secretariat's own pages are the usual way to work)."""

from __future__ import annotations

from django.contrib import admin
from i18nfield.admin import I18nModelAdmin

from pavilion.programmes.models import (
    Amendment,
    Commitment,
    CommitmentStatus,
    Document,
    DocumentFile,
    Membership,
    OutcomeText,
    Paragraph,
    Programme,
    ProgrammeMeeting,
    ProgressReport,
    Statement,
)


class MeetingInline(admin.TabularInline):
    model = ProgrammeMeeting
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(I18nModelAdmin):
    list_display = ["slug", "kind", "acronym", "is_published"]
    filter_horizontal = ["secretariat"]
    inlines = [MeetingInline, MembershipInline]


class FileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    readonly_fields = ["language", "file_format", "size", "uploaded_by"]
    fields = ["language", "file_format", "size", "uploaded_by"]


@admin.register(Document)
class DocumentAdmin(I18nModelAdmin):
    list_display = ["number", "programme", "kind", "access", "listed_publicly", "created_at"]
    list_filter = ["programme", "kind", "access"]
    search_fields = ["number", "search_text"]
    # Numbers come from the counter when a document is saved through the services.
    readonly_fields = ["number", "revises", "revision_kind", "revision_index"]
    inlines = [FileInline]


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0


@admin.register(OutcomeText)
class OutcomeTextAdmin(I18nModelAdmin):
    list_display = ["slug", "programme", "kind", "state"]
    inlines = [ParagraphInline]


admin.site.register(Amendment)
admin.site.register(CommitmentStatus)
admin.site.register(Commitment)
admin.site.register(ProgressReport)
admin.site.register(Statement)
