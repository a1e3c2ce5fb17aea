from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import User
from pavilion.core.forms import TimeZoneField
from pavilion.core.timezones import timezone_choices
from pavilion.directory.models import Organisation


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth adds e-mail and passwords)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)

    def signup(self, request: HttpRequest, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])


class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    other_languages = forms.MultipleChoiceField(
        label=_("Other languages you follow"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = TimeZoneField(
        label=_("Time zone"),
        # Built when the form is shown: the zones' names are in the UI language.
        choices=lambda: [("", _("Use my browser's time zone")), *timezone_choices()],
        required=False,
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(), required=False)

    class Meta:
        model = User
        fields = [
            "honorific",
            "full_name",
            "job_title",
            "country",
            "organisation",
            "time_zone",
            "show_name_to_exhibitors",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        preferred = list(self.instance.preferred_languages or [])
        self.initial.setdefault("language", preferred[0] if preferred else settings.LANGUAGE_CODE)
        self.initial.setdefault("other_languages", preferred[1:])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        language = cleaned.get("language")
        if language:
            others = [code for code in cleaned.get("other_languages", []) if code != language]
            self.instance.preferred_languages = [language, *others]
        return cleaned


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone: the person confirms with their password and a tick."""

    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and what belongs to it will be deleted, and that this cannot be undone.")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
