"""The speaking-time form of the floor panel (without JavaScript); the limits are checked in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.floor.models import MAX_SPEAKING_TIME


def minutes_and_seconds(seconds: int) -> str:
    """A duration as the timer shows it: 4:00, 1:30, 0:15."""
    return f"{seconds // 60}:{seconds % 60:02d}"


class SpeakingTimeForm(forms.Form):
    """Minutes and seconds, as a chair thinks of a speaking time ("4 minutes", "1 min 30")."""

    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, max_value=MAX_SPEAKING_TIME // 60)
    seconds = forms.IntegerField(label=_("Seconds"), min_value=0, max_value=59, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "floor-time-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @classmethod
    def for_time(cls, seconds: int) -> SpeakingTimeForm:
        """The form filled in with a speaking time."""
        return cls(initial={"minutes": seconds // 60, "seconds": seconds % 60})

    def total_seconds(self) -> int:
        return int(self.cleaned_data["minutes"]) * 60 + int(self.cleaned_data["seconds"])
