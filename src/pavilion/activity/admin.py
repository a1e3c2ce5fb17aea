from __future__ import annotations

from django.contrib import admin

from pavilion.activity.models import ActivityEvent


@admin.register(ActivityEvent)
class ActivityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "booth", "product", "user"]
    list_filter = ["kind"]
    list_select_related = ["booth", "product", "user"]
    date_hierarchy = "at"
    raw_id_fields = ["event", "booth", "product", "video", "document", "user"]

    def has_add_permission(self, request: object) -> bool:  # written by the recorder only
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
