"""Back office for categories, focal points and registrations.

Decisions go through the review page (or the action below), which calls decide_registration, so that
the decider, the time and the registrant's e-mail are never skipped; the admin does not edit them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from i18nfield.admin import I18nModelAdmin

from pavilion.accounts.models import User
from pavilion.accreditation.models import FocalPoint, ParticipantCategory, Registration, Status
from pavilion.accreditation.services import decide_registration


@admin.register(ParticipantCategory)
class ParticipantCategoryAdmin(I18nModelAdmin):
    list_display = ["__str__", "event", "slug", "requires_approval", "is_accredited", "position"]
    list_filter = ["event", "requires_approval", "is_accredited"]
    list_select_related = ["event"]


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "country", "organisation"]
    list_filter = ["event"]
    list_select_related = ["user", "event", "organisation"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "event",
        "delegation_name",
        "category",
        "function",
        "is_head_of_delegation",
        "status",
        "created_at",
    ]
    list_filter = ["event", "status", "category"]
    list_select_related = ["user", "event", "category", "organisation"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["status", "decision_reason", "decided_by", "decided_at", "created_at"]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected registrations"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        assert isinstance(request.user, User)  # the admin site only lets staff accounts in
        approved = 0
        for registration in queryset.exclude(status=Status.APPROVED).select_related("event", "user"):
            try:
                decide_registration(registration=registration, by=request.user, approve=True)
            except PermissionDenied:
                continue
            approved += 1
        message = ngettext("%(count)d registration approved.", "%(count)d registrations approved.", approved)
        self.message_user(request, message % {"count": approved}, messages.SUCCESS)
