"""The chat's message form (the page without JavaScript); the rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import pgettext_lazy

from pavilion.chat.models import MAX_MESSAGE_LENGTH


class ChatMessageForm(forms.Form):
    # No length check here: services.post_message strips and checks the text, with one message for every door.
    text = forms.CharField(
        label=pgettext_lazy("chat", "Message"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_MESSAGE_LENGTH, "aria-describedby": "chat-error"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "chat-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError next to the text, or above the form."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)
