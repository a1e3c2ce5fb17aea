"""Forms of talking with visitors (pages without JavaScript use them too); the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from pavilion.accounts.models import User
from pavilion.boothtalk.contacts import consent_text, profile_values
from pavilion.boothtalk.models import (
    MAX_NOTE_LENGTH,
    ContactStatus,
    SharedField,
)
from pavilion.core.forms import ServiceErrors
from pavilion.core.texts import MAX_MESSAGE_LENGTH
from pavilion.exhibition.models import Booth


class BoothMessageForm(ServiceErrors, forms.Form):
    # No length check here: the service strips and checks the text, with one message for every door.
    text = forms.CharField(
        label=pgettext_lazy("chat", "Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_MESSAGE_LENGTH}),
    )
    conversation = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, conversation: int | None = None, **kwargs: Any) -> None:
        # Each conversation's form on the page gets its own ids.
        kwargs.setdefault("auto_id", f"boothchat-{conversation or 'mine'}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if conversation is not None:
            self.initial["conversation"] = conversation
        self.fields["text"].widget.attrs["aria-describedby"] = f"boothchat-{conversation or 'mine'}-error"


class ContactForm(ServiceErrors, forms.Form):
    fields_to_share = forms.MultipleChoiceField(
        label=_("What would you like to share with this booth?"),
        choices=SharedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(
        label=_("Telephone"),
        required=False,
        max_length=40,
        help_text=_("Only if you share it: with the country code, e.g. +84 24 3825 1234."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(required=False)

    def __init__(self, *args: Any, user: User, booth: Booth, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        values = profile_values(user)
        missing = _("not in your profile")
        if user.country:  # shown by name in the reader's language (the code is what is stored)
            values[SharedField.COUNTRY] = str(countries.name(str(user.country)))
        choices: list[tuple[str, str]] = []
        for value, label in SharedField.choices:
            if value == SharedField.PHONE:
                choices.append((value, str(_("Telephone (type it below)"))))
            else:
                choices.append((value, f"{label}: {values[value] or missing}"))
        field = self.fields["fields_to_share"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices
        self.initial.setdefault("fields_to_share", [SharedField.NAME, SharedField.EMAIL])
        self.fields["consent"].label = consent_text(booth=booth)


class ContactStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContactStatus.choices)
