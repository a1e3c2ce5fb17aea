from __future__ import annotations

from django.contrib import admin

from pavilion.captions.models import Captioner, CaptionLine


@admin.register(CaptionLine)
class CaptionLineAdmin(admin.ModelAdmin):
    list_display = ["created_at", "session", "language", "sequence", "text", "author"]
    list_filter = ["language", "session__event"]
    search_fields = ["text", "author__email", "author__full_name"]
    list_select_related = ["session", "author"]
    raw_id_fields = ["session", "author"]
    date_hierarchy = "created_at"


@admin.register(Captioner)
class CaptionerAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "session", "user", "languages"]
    list_filter = ["event"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["event", "session", "user"]
    raw_id_fields = ["event", "session", "user", "added_by"]
