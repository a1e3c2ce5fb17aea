"""The organisers' forms: a session's change to its channels, and an interpreter's assignment.
The rules live in services.py; these check the shape of what was typed."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import User
from pavilion.core.forms import EventDateTimeField, ServiceErrors, language_choices
from pavilion.core.texts import MAX_MESSAGE_LENGTH
from pavilion.events.channels import Channel
from pavilion.events.models import ChannelKind, Event, https_url


class SessionChannelForm(ServiceErrors, forms.Form):
    """Add a channel to one session (or give a room's channel another address there), or hide a room's channel."""

    ADD = "add"
    HIDE = "hide"

    change = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (ADD, _("Add a channel, or replace the room's channel of this language and type")),
            (HIDE, _("Hide the room's channel in this session")),
        ],
        widget=forms.RadioSelect,
        initial=ADD,
    )
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    kind = forms.ChoiceField(label=_("Type"), choices=ChannelKind.choices, initial=ChannelKind.AUDIO)
    stream_url = forms.URLField(
        label=_("Stream address"),
        assume_scheme="https",
        required=False,
        validators=[https_url],
        error_messages={"invalid": https_url.message},
        help_text=_("An https address; only for a channel added or replaced."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "channel-%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("change") == self.ADD and not cleaned.get("stream_url") and "stream_url" not in self.errors:
            self.add_error("stream_url", _("Give the https address of the channel's stream."))
        if cleaned.get("change") == self.HIDE:
            cleaned["stream_url"] = ""
        return cleaned


class InterpreterForm(ServiceErrors, forms.Form):
    """An organiser asks an account (by e-mail) to interpret one session into one of its channels."""

    email = forms.EmailField(label=_("E-mail address of the account"))
    channel = forms.ChoiceField(label=_("Channel"))
    starts_at = EventDateTimeField(label=_("Turn starts at"), required=False)
    ends_at = EventDateTimeField(label=_("Turn ends at"), required=False)

    def __init__(self, *args: Any, event: Event, channels: list[tuple[Channel, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "interpreter-%s")
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]
        assert isinstance(channel, forms.ChoiceField)
        channel.choices = [(item.key, label) for item, label in channels]
        zone = zoneinfo.ZoneInfo(event.time_zone)
        for name in ("starts_at", "ends_at"):
            field = self.fields[name]
            assert isinstance(field, EventDateTimeField)
            field.zone = zone
            field.help_text = _("Empty: the whole session. In the event's time zone, %(zone)s.") % {
                "zone": event.time_zone
            }

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(_("No account uses this address."))
        return user


class OnAirForm(forms.Form):
    """The interpreter's on-air switch on the session page, without JavaScript."""

    channel = forms.CharField(max_length=24)
    on = forms.BooleanField(required=False)


class ChoiceForm(forms.Form):
    """A signed-in listener's channel, kept for their next session."""

    channel = forms.CharField(max_length=24)


class RecordingForm(ServiceErrors, forms.Form):
    """An organiser gives the address of one channel's recording (the floor or an interpretation channel)."""

    channel = forms.ChoiceField(label=_("Channel"))
    url = forms.URLField(
        label=_("Recording address"),
        assume_scheme="https",
        validators=[https_url],
        error_messages={"invalid": https_url.message, "required": _("Give the https address of the recording.")},
        help_text=_("An https address where the recording can be heard or watched."),
    )

    def __init__(self, *args: Any, channels: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "recording-%s")
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]
        assert isinstance(channel, forms.ChoiceField)
        channel.choices = channels


class TeamLineForm(forms.Form):
    """A line in the interpreters' chat, posted from the session page without JavaScript."""

    text = forms.CharField(label=_("Message to the booth team"), max_length=MAX_MESSAGE_LENGTH, strip=False)
