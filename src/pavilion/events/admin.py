from __future__ import annotations

from django.contrib import admin

from pavilion.events.models import Event, Session, SubGroup


class SubGroupInline(admin.TabularInline):
    model = SubGroup
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "kind", "start_date", "end_date", "is_published"]
    list_filter = ["kind", "is_published"]
    inlines = [SubGroupInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "kind", "starts_at", "ends_at"]
    list_filter = ["event", "kind"]
