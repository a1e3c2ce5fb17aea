from __future__ import annotations

from django.contrib import admin

from pavilion.qa.models import Question, QuestionVote


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "session", "author", "anonymous", "text", "status"]
    list_filter = ["status", "session__event"]
    search_fields = ["text", "author__email", "author__full_name"]
    list_select_related = ["session", "author"]
    raw_id_fields = ["session", "author"]
    date_hierarchy = "created_at"


@admin.register(QuestionVote)
class QuestionVoteAdmin(admin.ModelAdmin):
    list_display = ["created_at", "question", "voter"]
    search_fields = ["voter__email", "voter__full_name", "question__text"]
    list_select_related = ["question", "voter"]
    raw_id_fields = ["question", "voter"]
