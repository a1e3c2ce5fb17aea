"""What every form of Pavilion shares: a service's refusal shown on the form, per-language inputs
with visible labels, the organiser forms' base, and times typed in an event's own zone.

Forms validate input; services do the writing, and their refusals (ValidationError({field: …}))
are shown on the same form. Knows no app: each app's forms.py builds on these.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField
from i18nfield.forms import I18nModelForm, I18nTextarea, I18nTextInput

from pavilion.core.timezones import canonical_timezone


class ServiceErrors(forms.BaseForm):
    """A form that shows a service's ValidationError next to the fields it names, or above the form."""

    def add_service_errors(self, error: ValidationError) -> None:
        add_service_error(self, error)


# --- Per-language inputs, each with its own visible label ----------------------------------------


class _LabelledLanguages:
    """Give each language's input a visible <label> (i18nfield only sets a title and a placeholder)."""

    locales: list[str]
    enabled_locales: list[str]

    def format_output(self, rendered_widgets: list[str], id_: str) -> SafeString:
        names = dict(settings.LANGUAGES)
        shown = [(index, code) for index, code in enumerate(self.locales) if code in self.enabled_locales]
        rows = format_html_join(
            "",
            '<div class="field"><label for="{}_{}">{}</label>{}</div>',
            (
                (id_, index, names.get(code, code), SafeString(widget))
                for (index, code), widget in zip(shown, rendered_widgets, strict=False)
            ),
        )
        return format_html('<div class="i18n-form-group" id="{}">{}</div>', id_, rows)


class LabelledI18nTextInput(_LabelledLanguages, I18nTextInput):
    pass


class LabelledI18nTextarea(_LabelledLanguages, I18nTextarea):
    pass


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")  # streams must be https anyway
    if isinstance(field, I18nTextField):
        kwargs.setdefault("widget", LabelledI18nTextarea)
    elif isinstance(field, I18nCharField):
        kwargs.setdefault("widget", LabelledI18nTextInput)
    return field.formfield(**kwargs)


class OrganiserMeta:
    formfield_callback = staticmethod(_formfield)


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class OrganiserForm(I18nModelForm):
    """A model form of the organiser area: never saved by itself, a service does the writing."""

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's refusal next to the fields it names (elsewhere at the top of the form)."""
        add_service_error(self, error)

    def values(self, allowed: frozenset[str] | None = None) -> dict[str, Any]:
        """The cleaned model values for a service call."""
        names = allowed if allowed is not None else frozenset(self._meta.fields or ())
        return {name: value for name, value in self.cleaned_data.items() if name in names}


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal next to the fields it names (elsewhere at the top of the form)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.error_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error)


VTT_ACCEPT = "text/vtt,.vtt"


def captions_file_field(label: Any, *, required: bool) -> forms.FileField:
    """An uploaded WebVTT file (checked by ``core.uploads.checked_webvtt`` in the service that stores it)."""
    return forms.FileField(
        label=label,
        required=required,
        widget=forms.FileInput(attrs={"accept": VTT_ACCEPT}),
        help_text=_("A WebVTT (.vtt) file in UTF-8, at most 512 KB."),
    )


class CaptionsUploadForm(forms.Form):
    """Captions in one language from an uploaded WebVTT file (a booth's video, a room's stage)."""

    language = forms.ChoiceField(label=_("Language of the captions"), choices=[("", "—"), *settings.LANGUAGES])
    file = captions_file_field(_("Captions (WebVTT file)"), required=True)


def image_change(value: Any) -> UploadedFile | bool | None:
    """A cleaned image field as a service expects it: an upload, False to remove, None to keep."""
    if value is False or isinstance(value, UploadedFile):
        return value
    return None


# --- Times in the event's zone --------------------------------------------------------------------


class EventDateTimeField(forms.DateTimeField):
    """A date and time typed in the event's time zone; cleaned to an aware datetime in that zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo("UTC")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(self.zone).replace(tzinfo=None)
        return value

    def to_python(self, value: Any) -> datetime | None:
        # Django would read the wall time in the viewer's zone; an event's times are in its own zone.
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            parsed: datetime | None = value
        else:
            text = str(value).strip()
            try:
                parsed = parse_datetime(text)
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            if parsed is None:
                parsed = forms.fields.BaseTemporalField.to_python(self, text)
        if parsed is None:
            return None
        if parsed.tzinfo is not None:
            return parsed
        aware = parsed.replace(tzinfo=self.zone)
        if aware.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) != parsed:
            raise ValidationError(
                _("This time does not exist in %(zone)s (the clocks change)."),
                code="invalid",
                params={"zone": str(self.zone)},
            )
        return aware


#: A form with errors is answered 400 (bad input changes nothing) and shown again with its messages.
INVALID = 400


# --- Time zones ------------------------------------------------------------------------------------


class TimeZoneField(forms.ChoiceField):
    """A zone chosen among places as people read them (core.timezones.timezone_choices).

    Accounts and events saved before the list held current names only may hold an old link such as
    Asia/Saigon: shown and submitted, it counts as its current name (Asia/Ho_Chi_Minh), so that the
    form selects that place and saving it again is not refused.
    """

    def prepare_value(self, data: Any) -> Any:
        return canonical_timezone(data) if isinstance(data, str) and data else data

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return canonical_timezone(text) if text else text
