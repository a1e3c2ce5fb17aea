from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pavilion.accounts import saml
from pavilion.accounts.models import IdentityProvider, SAMLIdentityProvider, User


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


class SAMLProviderForm(forms.ModelForm):
    """A ministry's SAML provider in one form: the connection (written to allauth's application) and
    how its people map onto accounts. Checked as a whole by ``saml.validate_saml_provider``."""

    name = forms.CharField(
        label=_("button label"), max_length=40, help_text=_('Shown on the sign-in page: "Ministry of Information".')
    )
    slug = forms.CharField(
        label=_("short name for links"),
        max_length=40,
        help_text=_(
            "Part of Pavilion's addresses for this provider (its metadata, e.g. /accounts/saml/mic-vn/metadata/)."
        ),
    )
    entity_id = forms.CharField(label=_("provider's entity ID"), max_length=1024)
    sso_url = forms.CharField(label=_("provider's sign-in (SSO) address"), max_length=1024)
    certificate = forms.CharField(
        label=_("provider's signing certificate"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 70}),
        help_text=_("PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----."),
    )
    email_attribute = forms.CharField(
        label=_("attribute with the e-mail address"),
        max_length=255,
        initial="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    )

    class Meta:
        model = SAMLIdentityProvider
        fields = ["organisation", "email_domains", "name_claim", "country_claim", "organisation_claim"]
        labels = {
            "name_claim": _("attribute with the full name"),
            "country_claim": _("attribute with the country"),
            "organisation_claim": _("attribute with the organisation"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email_domains"].required = True
        if self.instance.pk:
            connection = saml.connection_of(self.instance)
            for field in ("name", "slug", "entity_id", "sso_url", "certificate", "email_attribute"):
                self.initial[field] = getattr(connection, field)

    def connection(self) -> saml.SAMLConnection:
        data = self.cleaned_data
        return saml.SAMLConnection(
            slug=data.get("slug", ""),
            name=data.get("name", ""),
            entity_id=data.get("entity_id", ""),
            sso_url=data.get("sso_url", ""),
            certificate=data.get("certificate", ""),
            email_attribute=data.get("email_attribute", ""),
            name_attribute=data.get("name_claim", ""),
            country_attribute=data.get("country_claim", ""),
            organisation_attribute=data.get("organisation_claim", ""),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                saml.validate_saml_provider(
                    connection=self.connection(),
                    email_domains=data.get("email_domains", ""),
                    provider=self.instance,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return data


@admin.register(SAMLIdentityProvider)
class SAMLIdentityProviderAdmin(admin.ModelAdmin):
    form = SAMLProviderForm
    list_display = ["app", "organisation", "email_domains"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        (None, {"fields": ("name", "slug", "organisation", "email_domains")}),
        (_("The provider"), {"fields": ("entity_id", "sso_url", "certificate")}),
        (_("Attributes"), {"fields": ("email_attribute", "name_claim", "country_claim", "organisation_claim")}),
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saml.save_saml_provider(
            connection=form.connection(),
            organisation=form.cleaned_data.get("organisation"),
            email_domains=form.cleaned_data["email_domains"],
            provider=obj,
        )
