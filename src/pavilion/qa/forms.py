"""The question form (the page without JavaScript); the rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pavilion.core.forms import ServiceErrors
from pavilion.qa.models import MAX_QUESTION_LENGTH


class QuestionForm(ServiceErrors, forms.Form):
    # No length check here: services.ask strips and checks the text, with one message for every door.
    text = forms.CharField(
        label=pgettext_lazy("q&a", "Your question"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_QUESTION_LENGTH, "aria-describedby": "qa-error"}),
    )
    # Shown only where the session's moderators allow it; services.ask refuses it elsewhere.
    anonymous = forms.BooleanField(
        label=_("Ask anonymously"),
        required=False,
        help_text=_("Your name is shown to no one, moderators included."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "qa-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
