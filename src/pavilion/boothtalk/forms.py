"""Forms of talking with visitors (pages without JavaScript use them too); the rules live in the services."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from pavilion.accounts.models import User
from pavilion.boothtalk.contacts import consent_text, profile_values
from pavilion.boothtalk.models import (
    MAX_NOTE_LENGTH,
    MAX_TOPIC_LENGTH,
    ContactStatus,
    MeetingDuration,
    MeetingRequest,
    MeetingSlot,
    SharedField,
)
from pavilion.boothtalk.times import meeting_time_html
from pavilion.core.forms import ServiceErrors
from pavilion.core.texts import MAX_MESSAGE_LENGTH
from pavilion.core.timezones import timezone_choices
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


class LocalDateTimeField(forms.CharField):
    """A date and time as typed (``datetime-local``), without a zone: the form's ``time_zone`` field gives it one."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    default_error_messages = {"invalid": _("Enter a date and time, e.g. 2020-10-21 14:30.")}

    def to_python(self, value: Any) -> datetime | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
            try:
                return datetime.strptime(text, pattern)
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class MeetingForm(ServiceErrors, forms.Form):
    topic = forms.CharField(label=_("What would you like to talk about?"), max_length=MAX_TOPIC_LENGTH)
    duration = forms.TypedChoiceField(
        label=_("How long"), choices=MeetingDuration.choices, coerce=int, initial=MeetingDuration.HALF_HOUR
    )
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=timezone_choices())
    slot_1 = LocalDateTimeField(label=_("First choice"))
    slot_2 = LocalDateTimeField(label=_("Second choice (optional)"), required=False)
    slot_3 = LocalDateTimeField(label=_("Third choice (optional)"), required=False)

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("time_zone", time_zone)

    def slots(self) -> list[datetime]:
        """The proposed times in the chosen zone (call after is_valid)."""
        zone = zoneinfo.ZoneInfo(self.cleaned_data["time_zone"])
        typed = [self.cleaned_data.get(name) for name in ("slot_1", "slot_2", "slot_3")]
        return [value.replace(tzinfo=zone) for value in typed if value is not None]


class ContactStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContactStatus.choices)


class SlotChoiceField(forms.ModelChoiceField):
    """Proposed times, each shown in the event's zone, the reader's and the visitor's."""

    zones: tuple[str, str] = ("UTC", "")

    def label_from_instance(self, obj: Any) -> str:
        return meeting_time_html(obj.starts_at, *self.zones)


class MeetingDecisionForm(ServiceErrors, forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept the time chosen below")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    slot = SlotChoiceField(
        label=_("Time"), queryset=MeetingSlot.objects.none(), required=False, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to the visitor (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, meeting: MeetingRequest, event_zone: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "meeting-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        assert isinstance(field, SlotChoiceField)
        field.queryset = meeting.slots.order_by("starts_at")
        field.zones = (event_zone, meeting.time_zone)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "accept" and cleaned.get("slot") is None:
            self.add_error("slot", _("Choose the time you accept."))
        return cleaned
