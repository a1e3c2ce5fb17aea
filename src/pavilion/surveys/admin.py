from __future__ import annotations

from django.contrib import admin
from i18nfield.admin import I18nModelAdmin

from pavilion.surveys.models import Choice, Question, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    # Inlines are not ModelAdmins; give them the same per-language widgets explicitly.
    formfield_overrides = I18nModelAdmin.formfield_overrides_defaults


@admin.register(Survey)
class SurveyAdmin(I18nModelAdmin):
    list_display = ["title", "event", "purpose", "target", "owner_booth", "status"]
    list_filter = ["purpose", "status", "target"]
    raw_id_fields = ["event", "owner_booth", "session", "booth", "product"]
    inlines = [QuestionInline]


@admin.register(Choice)
class ChoiceAdmin(I18nModelAdmin):
    list_display = ["label", "question", "position"]
    raw_id_fields = ["question"]


# Responses are not in the back office: who answered what is shown only through survey_results,
# which keeps the consent boundary (docs/surveys.md).
