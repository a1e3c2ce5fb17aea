"""Forms of the surveys: answering (one field per question) and writing surveys and questions.

The answer form only renders and collects: every check, with its message, is done by
``services.check_submission`` (through ``batching.submit_answers``), whose refusals are shown next
to the questions they name.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.core.forms import EventDateTimeField, OrganiserForm, OrganiserMeta
from pavilion.core.timezones import zone_label
from pavilion.events.models import Event, Session
from pavilion.exhibition.models import Booth, Product
from pavilion.surveys.models import (
    LONG_TEXT_MAX,
    SCALE_MAX,
    SHORT_TEXT_MAX,
    InterestLevel,
    Question,
    QuestionKind,
    Survey,
    SurveyTarget,
)
from pavilion.surveys.services import field_name


class _AnyValue(forms.Field):
    """A field that hands its raw value to the service (which gives the messages)."""

    def __init__(self, *, widget: forms.Widget, label: str, help_text: str = "", required: bool = False) -> None:
        super().__init__(widget=widget, label=label, help_text=help_text, required=False)
        self.question_required = required


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((code, str(name)) for code, name in countries)]


def _answer_field(question: Question) -> forms.Field:
    label, help_text = str(question.text), str(question.help or "")
    kind = question.kind
    widget: forms.Widget
    if kind == QuestionKind.INTEREST:
        widget = forms.RadioSelect(choices=[(str(level.value), level.label) for level in InterestLevel])
    elif kind == QuestionKind.RATING:
        widget = forms.RadioSelect(choices=[(str(number), str(number)) for number in range(1, SCALE_MAX + 1)])
    elif kind == QuestionKind.YES_NO:
        widget = forms.RadioSelect(choices=[("yes", _("Yes")), ("no", _("No"))])
    elif kind == QuestionKind.SINGLE:
        widget = forms.RadioSelect(choices=[(str(choice.pk), str(choice.label)) for choice in question.choices.all()])
    elif kind == QuestionKind.MULTIPLE:
        widget = forms.CheckboxSelectMultiple(
            choices=[(str(choice.pk), str(choice.label)) for choice in question.choices.all()]
        )
    elif kind == QuestionKind.SHORT_TEXT:
        widget = forms.TextInput(attrs={"maxlength": SHORT_TEXT_MAX})
    elif kind == QuestionKind.LONG_TEXT:
        widget = forms.Textarea(attrs={"maxlength": LONG_TEXT_MAX, "rows": 4})
    else:
        # Built when rendered, never for a post that is saved (the stubs do not know callable choices, Django 5 does).
        widget = forms.Select(choices=_country_choices)  # type: ignore[arg-type]
    return _AnyValue(widget=widget, label=label, help_text=help_text, required=question.required)


class AnswerForm(forms.Form):
    """One field per question (named ``q<id>``), and the consent checkbox when the respondent may share."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        consent_label: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = _answer_field(question)
        if consent_label is not None:
            self.fields["consent"] = forms.BooleanField(label=consent_label, required=False)

    def answers(self) -> dict[str, Any]:
        return {field_name(question): self.cleaned_data.get(field_name(question)) for question in self.questions}

    def consent(self) -> bool | None:
        return bool(self.cleaned_data.get("consent")) if "consent" in self.fields else None


# --- Writing surveys ------------------------------------------------------------------------------------


class SurveyForm(OrganiserForm):
    """Title, introduction, anonymity and times of a survey; for a new one also what it is about."""

    opens_at = EventDateTimeField(label=_("Opens at"), required=False)
    closes_at = EventDateTimeField(label=_("Closes at"), required=False)
    about = forms.ChoiceField(label=_("About"), required=False)

    class Meta(OrganiserMeta):
        model = Survey
        fields = ["title", "intro", "is_anonymous", "opens_at", "closes_at"]

    def __init__(self, *args: Any, event: Event, booth: Booth | None, new: bool, **kwargs: Any) -> None:
        self.event, self.booth = event, booth
        super().__init__(*args, locales=event.content_locales, **kwargs)
        for name in ("opens_at", "closes_at"):
            field = self.fields[name]
            assert isinstance(field, EventDateTimeField)
            field.zone = zoneinfo.ZoneInfo(event.time_zone)
            zone = zone_label(event.time_zone)
            field.help_text = _("In the event's time zone, %(zone)s. Empty: no limit.") % {"zone": zone}
        if new:
            about = self.fields["about"]
            assert isinstance(about, forms.ChoiceField)
            about.required = True
            about.choices = self.target_choices()
        else:
            del self.fields["about"]

    def target_choices(self) -> list[tuple[str, str]]:
        """``event``, ``session:<id>``, ``booth:<id>`` or ``product:<id>`` a new survey may be about."""
        if self.booth is not None:
            choices = [(f"booth:{self.booth.pk}", str(_("This booth")))]
            for product in Product.objects.filter(booth=self.booth):
                choices.append((f"product:{product.pk}", str(product.name)))
            return choices
        choices = [("event", str(_("The whole event")))]
        for session in Session.objects.filter(event=self.event).order_by("starts_at", "slug"):
            choices.append((f"session:{session.pk}", str(session.title)))
        return choices

    def target(self) -> dict[str, Any]:
        """The service's ``target`` and object arguments for the chosen ``about``."""
        value = self.cleaned_data.get("about") or "event"
        kind, _sep, pk = value.partition(":")
        if kind == "session":
            return {"target": SurveyTarget.SESSION, "session": Session.objects.get(pk=pk, event=self.event)}
        if kind == "booth":
            return {"target": SurveyTarget.BOOTH, "booth": self.booth}
        if kind == "product":
            return {"target": SurveyTarget.PRODUCT, "product": Product.objects.get(pk=pk, booth=self.booth)}
        return {"target": SurveyTarget.EVENT}


class QuestionForm(OrganiserForm):
    """A question; choices are typed one a line per language (line n of each language is choice n)."""

    class Meta(OrganiserMeta):
        model = Question
        fields = ["kind", "text", "help", "required"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, locales=event.content_locales, **kwargs)
        names = dict(settings.LANGUAGES)
        self.locales = list(event.content_locales)
        existing = list(self.instance.choices.all()) if self.instance.pk else []
        for code in self.locales:
            lines = "\n".join(
                choice.label.data.get(code, "") if isinstance(choice.label.data, dict) else "" for choice in existing
            )
            self.fields[f"choices_{code}"] = forms.CharField(
                label=_("Answers to choose from (%(language)s)") % {"language": names.get(code, code)},
                required=False,
                initial=lines if any(lines.split("\n")) else "",
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("For single and multiple choice: one answer a line, in the same order in every language."),
            )

    def choices(self) -> list[dict[str, str]]:
        columns = {code: (self.cleaned_data.get(f"choices_{code}") or "").splitlines() for code in self.locales}
        count = max((len(lines) for lines in columns.values()), default=0)
        return [
            {
                code: lines[index].strip()
                for code, lines in columns.items()
                if index < len(lines) and lines[index].strip()
            }
            for index in range(count)
        ]
