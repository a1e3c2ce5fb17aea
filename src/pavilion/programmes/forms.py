"""Forms of the programme pages. They only shape input; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from pavilion.directory.models import Organisation
from pavilion.events.models import Event, Session
from pavilion.programmes.commitment_models import Commitment
from pavilion.programmes.models import (
    DocumentAccess,
    DocumentKind,
    Programme,
    ProgrammeKind,
    Purpose,
    RevisionKind,
    TrackerAccess,
)
from pavilion.programmes.outcome_models import AmendmentAction, OutcomeKind


def country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((str(code), str(name)) for code, name in countries)]


def language_fields(
    form: forms.Form,
    prefix: str,
    label: str,
    *,
    widget: type[forms.Widget] | forms.Widget = forms.TextInput,
    max_length: int = 2000,
) -> None:
    """One optional text field per platform language (``<prefix>_<code>``), labelled with the language."""
    for code, name in settings.LANGUAGES:
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=f"{label} ({name})", required=False, max_length=max_length, widget=widget
        )


def language_values(form: forms.Form, prefix: str) -> dict[str, str]:
    return {
        code: form.cleaned_data[f"{prefix}_{code}"].strip()
        for code, _name in settings.LANGUAGES
        if form.cleaned_data.get(f"{prefix}_{code}", "").strip()
    }


class ProgrammeForm(forms.Form):
    slug = forms.SlugField(label=_("Short name for links"), max_length=80)
    kind = forms.ChoiceField(label=_("Type"), choices=ProgrammeKind.choices)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    number_pattern = forms.CharField(
        label=_("Document number pattern"),
        max_length=80,
        initial="{year}/{meeting}/{group}/{seq:03}",
        help_text=_("Fields: {year}, {meeting}, {group}, {series}, {seq} (e.g. {seq:03} for 001)."),
    )
    tracker_access = forms.ChoiceField(
        label=_("Commitment tracker"), choices=TrackerAccess.choices, initial=TrackerAccess.MEMBERS
    )
    is_published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_fields(self, "name", str(_("Name")))


class MemberForm(forms.Form):
    country = forms.ChoiceField(label=_("Country or economy"), choices=country_choices, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all(), required=False)


class MeetingForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.all())
    code = forms.CharField(label=_("Code in document numbers"), max_length=30, help_text=_("E.g. TEL45."))


class SecretariatForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the account"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, initial=Purpose.INFORMATION)
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Event.objects.none(), required=False)
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)
    group = forms.CharField(label=_("Group"), max_length=20, required=False, help_text=_("E.g. LSG, SPSG, PLEN."))
    series = forms.CharField(label=_("Series"), max_length=40, required=False, help_text=_("E.g. TD, C, INF."))
    agenda_item = forms.CharField(label=_("Agenda item"), max_length=40, required=False)
    country = forms.ChoiceField(label=_("Source: country or economy"), choices=country_choices, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Source: organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Leave both empty when the secretariat is the source."),
    )
    access = forms.ChoiceField(label=_("Who may open the files"), choices=DocumentAccess.choices)
    listed_publicly = forms.BooleanField(
        label=_("List the record publicly"),
        required=False,
        help_text=_("Anyone may see the number and title; the files stay restricted."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = programme.meetings.all()
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["session"].queryset = Session.objects.filter(event__in=meetings).select_related("event")  # type: ignore[attr-defined]
        language_fields(self, "title", str(_("Title")))
        add_file_fields(self)


def add_file_fields(form: forms.Form) -> None:
    for code, name in settings.LANGUAGES:
        form.fields[f"file_{code}"] = forms.FileField(
            label=_("File in %(language)s") % {"language": name},
            required=False,
            help_text=_("PDF, DOCX, ODT, XLSX or PPTX, at most 10 MB."),
        )


def uploaded_files(form: forms.Form) -> dict[str, Any]:
    return {
        code: form.cleaned_data[f"file_{code}"]
        for code, _name in settings.LANGUAGES
        if form.cleaned_data.get(f"file_{code}")
    }


class RevisionForm(forms.Form):
    revision_kind = forms.ChoiceField(label=_("Revision type"), choices=RevisionKind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_fields(self, "title", str(_("New title (optional)")))
        add_file_fields(self)


class AddFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, ODT, XLSX or PPTX, at most 10 MB."))


class AccessForm(forms.Form):
    access = forms.ChoiceField(label=_("Who may open the files"), choices=DocumentAccess.choices)
    listed_publicly = forms.BooleanField(label=_("List the record publicly"), required=False)


class RegisterFilters(forms.Form):
    """The document register's filters (a GET form)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    meeting = forms.ChoiceField(label=_("Meeting"), required=False)
    group = forms.ChoiceField(label=_("Group"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *DocumentKind.choices])
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("All")), *settings.LANGUAGES])

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], groups: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", _("All")), *meetings]  # type: ignore[attr-defined]
        self.fields["group"].choices = [("", _("All")), *[(group, group) for group in groups]]  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    slug = forms.SlugField(label=_("Short name for links"), max_length=80)
    kind = forms.ChoiceField(label=_("Type"), choices=OutcomeKind.choices)
    language = forms.ChoiceField(label=_("Negotiating language"), choices=settings.LANGUAGES, initial="en")
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Event.objects.none(), required=False)
    drafting_session = forms.ModelChoiceField(
        label=_("Drafting session"), queryset=Session.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=100_000,
        help_text=_("One paragraph after another, separated by an empty line, in the negotiating language."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = programme.meetings.all()
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["drafting_session"].queryset = Session.objects.filter(event__in=meetings)  # type: ignore[attr-defined]
        language_fields(self, "title", str(_("Title")))


class AmendmentForm(forms.Form):
    action = forms.ChoiceField(label=_("Change"), choices=AmendmentAction.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Proposed text"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ParagraphForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_fields(self, "text", str(_("Text")), widget=forms.Textarea)


class CommitmentForm(forms.Form):
    """A commitment's owner, partners (countries, economies and organisations), due date, status and place."""

    country = forms.ChoiceField(label=_("Owner: country or economy"), choices=country_choices, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Owner: organisation"), queryset=Organisation.objects.all(), required=False
    )
    partner_countries = forms.MultipleChoiceField(
        label=_("Partner countries or economies"), choices=country_choices, required=False
    )
    partner_organisations = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"), queryset=Organisation.objects.all(), required=False
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    theme = forms.CharField(label=_("Theme"), max_length=60, required=False)
    status = forms.ChoiceField(label=_("Status"))
    parent = forms.ModelChoiceField(label=_("Part of"), queryset=Commitment.objects.none(), required=False)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args: Any, programme: Programme, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]
        self.fields["parent"].queryset = programme.commitments.all()  # type: ignore[attr-defined]
        language_fields(self, "title", str(_("Title")))


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    meeting = forms.ModelChoiceField(
        label=_("Meeting where it was reported"), queryset=Event.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"))
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, required=False, help_text=_("Empty: the status's default.")
    )
    note = forms.CharField(
        label=_("What was done"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, programme: Programme, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = programme.meetings.all()  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class SessionDecisionForm(CommitmentForm):
    """A commitment recorded from a decision taken in a session: the decision's words come first."""

    decision = forms.CharField(
        label=_("The decision, as taken in the session"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept as the commitment's description, in the language of this page."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["decision", *(name for name in self.fields if name.startswith("title_"))])

    def clean(self) -> dict[str, Any]:
        # Checked here too, so that the confirmation page never shows what the service would refuse.
        data = super().clean() or {}
        if bool(data.get("country")) == (data.get("organisation") is not None):
            self.add_error("country", _("Choose the owner: a country or economy, or an organisation."))
        return data


class StatementForm(forms.Form):
    """A statement and its language versions (a title, the author's position and the text per language)."""

    slug = forms.SlugField(label=_("Short name for links"), max_length=80)
    author = forms.CharField(label=_("Author"), max_length=200)
    occasion = forms.CharField(label=_("Occasion"), max_length=120, help_text=_("E.g. World Telecommunication Day."))
    delivered_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Event.objects.none(), required=False)
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none(), required=False)
    floor_turn = forms.TypedChoiceField(
        label=_("Turn on the floor"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The turn during which the statement was delivered, if it was."),
    )
    is_official = forms.BooleanField(label=_("Official statement"), required=False)

    def __init__(
        self,
        *args: Any,
        meetings: list[Event],
        turns: list[tuple[int, str]],
        may_mark_official: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Event.objects.filter(pk__in=[meeting.pk for meeting in meetings])  # type: ignore[attr-defined]
        self.fields["session"].queryset = Session.objects.filter(event__in=meetings).select_related("event")  # type: ignore[attr-defined]
        self.fields["floor_turn"].choices = [("", "—"), *turns]  # type: ignore[attr-defined]
        if not may_mark_official:
            del self.fields["is_official"]
        language_fields(self, "title", str(_("Title")), max_length=300)
        language_fields(self, "author_position", str(_("Author's position")), max_length=200)
        language_fields(self, "text", str(_("Text")), widget=forms.Textarea(attrs={"rows": 8}), max_length=50_000)
        for code, _name in settings.LANGUAGES:
            for prefix in ("title", "author_position", "text"):
                # Typed in that language: Arabic runs right to left, and screen readers pick the voice.
                self.fields[f"{prefix}_{code}"].widget.attrs.update({"lang": code, "dir": "auto"})

    def language_versions(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(code, language name, [title, position, text]) per language, for one fieldset each."""
        return [
            (code, str(name), [self[f"{prefix}_{code}"] for prefix in ("title", "author_position", "text")])
            for code, name in settings.LANGUAGES
        ]


def partners_of(form: forms.Form) -> list[tuple[str, Organisation | None]]:
    """The partners chosen on a commitment form, as ``create_commitment`` takes them."""
    countries_chosen: list[tuple[str, Organisation | None]] = [
        (country, None) for country in form.cleaned_data["partner_countries"]
    ]
    return countries_chosen + [("", organisation) for organisation in form.cleaned_data["partner_organisations"]]
