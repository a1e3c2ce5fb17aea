from __future__ import annotations

from django.contrib import admin

from pavilion.floor.models import Floor, FloorRequest


@admin.register(FloorRequest)
class FloorRequestAdmin(admin.ModelAdmin):
    list_display = ["requested_at", "session", "user", "country", "organisation", "function", "status"]
    list_filter = ["status", "function", "session__event"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["session", "user", "organisation"]
    raw_id_fields = ["session", "user", "organisation"]


@admin.register(Floor)
class FloorAdmin(admin.ModelAdmin):
    list_display = ["session", "speaking_time", "timer_started_at"]
    list_filter = ["session__event"]
    list_select_related = ["session"]
    raw_id_fields = ["session"]
