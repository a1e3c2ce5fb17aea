from __future__ import annotations

from django.contrib import admin
from i18nfield.admin import I18nModelAdmin

from pavilion.events.models import Event, Session, SubGroup


class SubGroupInline(admin.TabularInline):
    model = SubGroup
    extra = 0
    # Inlines are not ModelAdmins; give them the same per-language widgets explicitly.
    formfield_overrides = I18nModelAdmin.formfield_overrides_defaults


@admin.register(Event)
class EventAdmin(I18nModelAdmin):
    list_display = ["__str__", "slug", "kind", "start_date", "end_date", "is_published"]
    list_filter = ["kind", "is_published"]
    inlines = [SubGroupInline]


@admin.register(Session)
class SessionAdmin(I18nModelAdmin):
    list_display = ["__str__", "event", "kind", "starts_at", "ends_at"]
    list_filter = ["event", "kind"]
