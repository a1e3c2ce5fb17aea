from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from pavilion.accounts.models import IdentityProvider, User


@admin.register(User)
class AccountAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "country", "organisation", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("honorific", "full_name", "job_title", "country", "organisation")}),
        ("Preferences", {"fields": ("preferred_languages", "time_zone")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["app", "organisation", "email_domains", "trusts_provider_mfa"]
    autocomplete_fields = ["organisation"]
