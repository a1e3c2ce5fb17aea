"""The poll forms of the session page (without JavaScript); the rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pavilion.polls.models import MAX_OPTION_LENGTH, MAX_OPTIONS, MAX_QUESTION_LENGTH, PollKind, ShowResults


class PollForm(forms.Form):
    """A new poll: question, kind, when its results are shown and up to ten options (blank ones left out)."""

    # No length or count checks here: services.create_poll checks them, with one message for every door.
    question = forms.CharField(
        label=pgettext_lazy("poll", "Question"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_QUESTION_LENGTH}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PollKind.choices, initial=PollKind.SINGLE, widget=forms.RadioSelect
    )
    show_results = forms.ChoiceField(
        label=_("Show the results"),
        choices=ShowResults.choices,
        initial=ShowResults.AFTER_VOTING,
        widget=forms.RadioSelect,
        required=False,  # left out: the default, shown to each person once they have voted
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "poll-new-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.options_errors: list[str] = []
        for number in range(1, MAX_OPTIONS + 1):
            self.fields[f"option_{number}"] = forms.CharField(
                label=_("Option %(number)d") % {"number": number},
                required=False,
                widget=forms.TextInput(attrs={"maxlength": MAX_OPTION_LENGTH}),
            )

    def option_fields(self) -> list[forms.BoundField]:
        return [self[f"option_{number}"] for number in range(1, MAX_OPTIONS + 1)]

    def options(self) -> list[str]:
        """The options filled in, in order."""
        texts = (self.cleaned_data.get(f"option_{number}", "") for number in range(1, MAX_OPTIONS + 1))
        return [text for text in texts if text]

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError next to its field ("options" above the option inputs)."""
        for field, messages in error.message_dict.items():
            if field == "options":
                self.options_errors = messages
            else:
                self.add_error(field if field in self.fields else None, messages)
