"""The caption forms: the captioner's push form (the page without JavaScript) and the organisers'
captioner assignment. The rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pavilion.accounts.models import User
from pavilion.captions.models import MAX_CAPTION_LENGTH
from pavilion.core.forms import ServiceErrors
from pavilion.events.models import Event, Session


class CaptionForm(ServiceErrors, forms.Form):
    """One caption line and its language (the languages this captioner may use)."""

    # A plain text field (the template renders a select of the captioner's languages): services.push_caption
    # says which languages this person may use, with one message for every door.
    language = forms.CharField(label=pgettext_lazy("captions", "Language of the caption"), required=False)
    # No length check here: services.push_caption trims and checks the text, with one message for every door.
    text = forms.CharField(
        label=pgettext_lazy("captions", "Caption"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "maxlength": MAX_CAPTION_LENGTH, "aria-describedby": "captions-hint captions-error"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "captions-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CaptionerForm(forms.Form):
    """An organiser asks an account (by e-mail) to caption one session or all of them, in some languages."""

    email = forms.EmailField(
        label=_("E-mail address of the account"),
        help_text=_("The person needs an account. For a session by invitation, invite them to it as well."),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Every session of the event"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: every language the session is captioned in."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "captioner-%s")
        super().__init__(*args, **kwargs)
        session = self.fields["session"]
        assert isinstance(session, forms.ModelChoiceField)
        session.queryset = Session.objects.filter(event=event).order_by("starts_at", "slug")

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(_("No account uses this address."))
        return user
