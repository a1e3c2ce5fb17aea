from __future__ import annotations

from django.contrib import admin

from pavilion.boothtalk.models import (
    BoothConversation,
    BoothMessage,
    BoothPresence,
    ContactRequest,
)


class BoothMessageInline(admin.TabularInline):
    model = BoothMessage
    raw_id_fields = ["author", "deleted_by"]
    extra = 0


@admin.register(BoothConversation)
class BoothConversationAdmin(admin.ModelAdmin):
    list_display = ["last_message_at", "booth", "visitor"]
    list_filter = ["booth__event"]
    search_fields = ["visitor__email", "visitor__full_name"]
    list_select_related = ["booth", "visitor"]
    raw_id_fields = ["booth", "visitor"]
    inlines = [BoothMessageInline]


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "booth", "name", "status"]
    list_filter = ["status", "booth__event"]
    search_fields = ["name", "email", "organisation"]
    list_select_related = ["booth"]
    raw_id_fields = ["booth", "visitor", "status_changed_by"]
    date_hierarchy = "created_at"


@admin.register(BoothPresence)
class BoothPresenceAdmin(admin.ModelAdmin):
    list_display = ["last_seen_at", "booth", "user", "arrived_at"]
    list_select_related = ["booth", "user"]
    raw_id_fields = ["booth", "user"]
