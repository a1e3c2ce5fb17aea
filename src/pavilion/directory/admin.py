from __future__ import annotations

from django.contrib import admin
from django.db import models
from i18nfield.admin import I18nModelAdmin

from pavilion.directory.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(I18nModelAdmin):
    list_display = ["__str__", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["slug", "acronym", "name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
