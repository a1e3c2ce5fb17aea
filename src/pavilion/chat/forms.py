"""The chat's message form (the page without JavaScript); the rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import pgettext_lazy

from pavilion.core.forms import ServiceErrors
from pavilion.core.texts import MAX_MESSAGE_LENGTH


class ChatMessageForm(ServiceErrors, forms.Form):
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
