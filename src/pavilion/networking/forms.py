"""Forms of the networking pages: they check input shape; the services decide."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pavilion.core.forms import EventDateTimeField, ServiceErrors, TimeZoneField
from pavilion.core.i18n import unambiguous_date
from pavilion.core.timezones import timezone_choices, zone_label
from pavilion.events.models import Event, Track
from pavilion.networking.models import (
    MAX_NOTE_LENGTH,
    MAX_REASON_LENGTH,
    Meeting,
    MeetingLength,
    MeetingSlot,
    PlaceKind,
    ProposedTime,
    Purpose,
    ShownField,
    SlotLength,
)
from pavilion.networking.times import meeting_time_html


def slot_label(slot: MeetingSlot, zone_name: str) -> str:
    """A slot in the event's zone: its day, start and end, and the zone ("Oct 20, 2020, 14:00 to 14:30 …")."""
    zone = zoneinfo.ZoneInfo(zone_name)
    start = slot.starts_at.astimezone(zone)
    end = slot.ends_at.astimezone(zone)
    day = unambiguous_date(start.date())
    return f"{day}, {start:%H:%M}\u2013{end:%H:%M} ({zone_label(zone_name, slot.starts_at, inline=True)})"


class SlotChoiceField(forms.ModelChoiceField):
    zone_name = "UTC"

    def label_from_instance(self, obj: Any) -> str:
        return slot_label(obj, self.zone_name)


class SlotMultipleChoiceField(forms.ModelMultipleChoiceField):
    zone_name = "UTC"

    def label_from_instance(self, obj: Any) -> str:
        return slot_label(obj, self.zone_name)


class ProfileForm(ServiceErrors, forms.Form):
    is_listed = forms.BooleanField(
        label=_("List me in this event's directory"),
        required=False,
        help_text=_(
            "The event's approved participants then see your name, your interests and the details you choose "
            "below, and may ask you for meetings. You can leave the directory at any time."
        ),
    )
    shown_fields = forms.MultipleChoiceField(
        label=_("Also show"), choices=ShownField.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes that interest me"),
        queryset=Track.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seeks = forms.MultipleChoiceField(
        label=_("I seek"), choices=Purpose.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    offers = forms.MultipleChoiceField(
        label=_("I offer"), choices=Purpose.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    available_slots = SlotMultipleChoiceField(
        label=_("I can meet in these slots"),
        queryset=MeetingSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Track.objects.filter(event=event)  # type: ignore[attr-defined]
        slots = self.fields["available_slots"]
        assert isinstance(slots, SlotMultipleChoiceField)
        slots.queryset = MeetingSlot.objects.filter(event=event).order_by("starts_at")
        slots.zone_name = event.time_zone


class DirectoryFilterForm(forms.Form):
    """The directory's filters (GET): every choice is one some listed participant shows."""

    q = forms.CharField(label=_("Name, position or organisation"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country or economy"), required=False)
    kind = forms.ChoiceField(label=_("Type of organisation"), required=False)
    function = forms.ChoiceField(label=_("Function"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    purpose = forms.ChoiceField(label=_("Seeks or offers"), required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["country"].choices = anything + choices["countries"]  # type: ignore[attr-defined]
        self.fields["kind"].choices = anything + choices["kinds"]  # type: ignore[attr-defined]
        self.fields["function"].choices = anything + choices["functions"]  # type: ignore[attr-defined]
        self.fields["theme"].choices = anything + choices["themes"]  # type: ignore[attr-defined]
        self.fields["purpose"].choices = anything + choices["purposes"]  # type: ignore[attr-defined]


class RequestForm(ServiceErrors, forms.Form):
    slot = SlotChoiceField(label=_("Slot"), queryset=MeetingSlot.objects.none(), empty_label=None)
    reason = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, slots: list[MeetingSlot], zone_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        assert isinstance(field, SlotChoiceField)
        field.queryset = MeetingSlot.objects.filter(pk__in=[slot.pk for slot in slots]).order_by("starts_at")
        field.zone_name = zone_name


class ProposeForm(ServiceErrors, forms.Form):
    slot = SlotChoiceField(label=_("Another slot"), queryset=MeetingSlot.objects.none(), empty_label=None)

    def __init__(self, *args: Any, slots: list[MeetingSlot], zone_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        assert isinstance(field, SlotChoiceField)
        field.queryset = MeetingSlot.objects.filter(pk__in=[slot.pk for slot in slots]).order_by("starts_at")
        field.zone_name = zone_name


class SlotSeriesForm(ServiceErrors, forms.Form):
    """Organisers open a series of slots: from a start to an end, each ``length`` minutes long."""

    starts_at = EventDateTimeField(label=_("First slot starts at"))
    ends_at = EventDateTimeField(label=_("Last slot ends by"))
    length = forms.TypedChoiceField(label=_("Length"), choices=SlotLength.choices, coerce=int)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            field = self.fields[name]
            assert isinstance(field, EventDateTimeField)
            field.zone = zoneinfo.ZoneInfo(event.time_zone)


class PlaceForm(ServiceErrors, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=[c for c in PlaceKind.choices if c[0] != PlaceKind.BOOTH])
    video_url = forms.URLField(label=_("Video room address"), required=False, assume_scheme="https")


class RequestCapForm(ServiceErrors, forms.Form):
    max_open_requests = forms.IntegerField(
        label=_("Requests waiting per person"),
        min_value=1,
        max_value=50,
        help_text=_("How many of their own requests a participant may have waiting for an answer at once."),
    )


class BoothInterestsForm(ServiceErrors, forms.Form):
    accepts_meetings = forms.BooleanField(
        label=_("Take meeting requests in the event's meeting slots"),
        required=False,
        help_text=_("Participants then see the booth among the booths to meet, and any of its staff answers."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Track.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    seeks = forms.MultipleChoiceField(
        label=_("The booth seeks"), choices=Purpose.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    offers = forms.MultipleChoiceField(
        label=_("The booth offers"), choices=Purpose.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Track.objects.filter(event=event)  # type: ignore[attr-defined]


# --- Booth meetings at times of their own ----------------------------------------------------------


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


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note to the other side (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BoothTimesForm(ServiceErrors, forms.Form):
    """A visitor proposes one to three times to meet a booth's staff, in the time zone they choose."""

    reason = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    length = forms.TypedChoiceField(
        label=_("How long"), choices=MeetingLength.choices, coerce=int, initial=MeetingLength.HALF_HOUR
    )
    time_zone = TimeZoneField(label=_("Your time zone"), choices=timezone_choices)
    time_1 = LocalDateTimeField(label=_("First choice"))
    time_2 = LocalDateTimeField(label=_("Second choice (optional)"), required=False)
    time_3 = LocalDateTimeField(label=_("Third choice (optional)"), required=False)

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("time_zone", time_zone)

    def times(self) -> list[datetime]:
        """The proposed times in the chosen zone (call after is_valid)."""
        zone = zoneinfo.ZoneInfo(self.cleaned_data["time_zone"])
        typed = [self.cleaned_data.get(name) for name in ("time_1", "time_2", "time_3")]
        return [value.replace(tzinfo=zone) for value in typed if value is not None]


class AcceptTimeForm(ServiceErrors, forms.Form):
    """Accept one of the times proposed, each shown in the event's zone, the reader's and the zone they
    were proposed in (from the meeting's prefetched times: no query per meeting in a list)."""

    time = forms.TypedChoiceField(label=_("Time"), coerce=int, widget=forms.RadioSelect)
    note = _note_field()

    def __init__(self, *args: Any, meeting: Meeting, event_zone: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"accept-{meeting.pk}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        proposed = sorted(meeting.proposed_times.all(), key=lambda time: time.starts_at)
        self.times = {time.pk: time for time in proposed}
        field = self.fields["time"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (time.pk, meeting_time_html(time.starts_at, event_zone, meeting.time_zone)) for time in proposed
        ]
        if len(proposed) == 1:
            self.initial.setdefault("time", proposed[0].pk)

    def chosen(self) -> ProposedTime:
        """The time chosen (call after is_valid)."""
        return self.times[self.cleaned_data["time"]]


class DeclineForm(ServiceErrors, forms.Form):
    note = _note_field()

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"decline-{meeting.pk}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ProposeTimeForm(ServiceErrors, forms.Form):
    starts_at = LocalDateTimeField(label=_("Another time"))
    time_zone = TimeZoneField(label=_("Time zone"), choices=timezone_choices)
    note = _note_field()

    def __init__(self, *args: Any, meeting: Meeting, time_zone: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"propose-{meeting.pk}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.initial.setdefault("time_zone", time_zone)

    def time(self) -> datetime:
        """The time typed, in the zone chosen (call after is_valid)."""
        typed = self.cleaned_data["starts_at"]
        return typed.replace(tzinfo=zoneinfo.ZoneInfo(self.cleaned_data["time_zone"]))
