from __future__ import annotations

from django.contrib import admin

from pavilion.chat.models import ChatMessage, ChatMute


@admin.register(ChatMessage)
class ChatMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "session", "author", "text", "deleted_at"]
    list_filter = ["session__event"]
    search_fields = ["text", "author__email", "author__full_name"]
    list_select_related = ["session", "author"]
    raw_id_fields = ["session", "author", "deleted_by"]
    date_hierarchy = "created_at"


@admin.register(ChatMute)
class ChatMuteAdmin(admin.ModelAdmin):
    list_display = ["created_at", "session", "user", "muted_by"]
    list_filter = ["session__event"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["session", "user", "muted_by"]
    raw_id_fields = ["session", "user", "muted_by"]
