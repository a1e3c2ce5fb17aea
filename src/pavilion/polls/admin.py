from __future__ import annotations

from django.contrib import admin

from pavilion.polls.models import Poll, PollOption, PollVote


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["created_at", "session", "question", "kind", "status"]
    list_filter = ["status", "kind", "session__event"]
    search_fields = ["question"]
    list_select_related = ["session"]
    raw_id_fields = ["session", "created_by"]
    inlines = [PollOptionInline]


@admin.register(PollVote)
class PollVoteAdmin(admin.ModelAdmin):
    list_display = ["created_at", "poll", "voter"]
    list_filter = ["poll__session__event"]
    list_select_related = ["poll", "voter"]
    raw_id_fields = ["poll", "voter"]
