from __future__ import annotations

from django.contrib import admin

from pavilion.directory.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "acronym", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["slug", "acronym", "name"]
