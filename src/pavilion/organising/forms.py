"""Forms of the organiser area. They validate input; the services in events/organising.py and
organising/services.py do the writing, and their refusals are shown on the same forms."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import User
from pavilion.accreditation.models import ParticipantCategory
from pavilion.core.colours import check_accent_colour
from pavilion.core.forms import (
    EventDateTimeField,
    OrganiserForm,
    OrganiserMeta,
    TimeZoneField,
    image_change,
    language_choices,
)
from pavilion.core.timezones import timezone_choices, zone_label
from pavilion.directory.models import Organisation
from pavilion.events.models import (
    ChannelKind,
    Event,
    InterpretationChannel,
    RegisteredAccess,
    Room,
    Session,
    SessionRole,
    Speaker,
    SubGroup,
    Track,
    https_url,
)
from pavilion.events.organising import EVENT_FIELDS, SESSION_FIELDS

IMPORT_MAX_BYTES = 2_000_000
RESERVED_SLUGS = frozenset({"new"})  # /manage/new/ and /manage/<event>/sessions/new/ are pages


def _in_settings_order(codes: list[str]) -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code in codes]


# --- Events -------------------------------------------------------------------------------------


class EventForm(OrganiserForm):
    content_locales = forms.MultipleChoiceField(
        label=_("Content languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Names and descriptions get one input per content language (after saving)."),
    )
    ui_locales = forms.MultipleChoiceField(
        label=_("Interface languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The languages the event's pages are offered in; none means all."),
    )
    time_zone = TimeZoneField(label=_("Time zone"), choices=timezone_choices)
    host = forms.ModelChoiceField(label=_("Host organisation"), queryset=Organisation.objects.all(), required=False)
    organising_bodies = forms.ModelMultipleChoiceField(
        label=_("Organising bodies"),
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    logo = forms.ImageField(label=_("Logo"), required=False, widget=forms.ClearableFileInput)
    banner = forms.ImageField(
        label=_("Banner"),
        required=False,
        widget=forms.ClearableFileInput,
        help_text=_("A wide picture across the top of the event's pages, about 4 to 1 (e.g. 1600 by 400 pixels)."),
    )

    groups = (
        (_("Name and description"), ("slug", "name", "tagline", "description", "kind")),
        (_("Languages"), ("content_locales", "ui_locales")),
        (_("Dates and place"), ("start_date", "end_date", "time_zone", "is_online", "venue", "host_country")),
        (_("Organisers"), ("host", "organising_bodies", "membership")),
        (_("Branding"), ("logo", "banner", "accent_colour")),
        (_("Publication"), ("is_published", "is_schedule_published")),
        (_("Who counts as registered"), ("registered_access",)),
    )

    class Meta(OrganiserMeta):
        model = Event
        fields = [
            "slug",
            "name",
            "tagline",
            "description",
            "kind",
            "content_locales",
            "ui_locales",
            "start_date",
            "end_date",
            "time_zone",
            "is_online",
            "venue",
            "host_country",
            "host",
            "organising_bodies",
            "membership",
            "accent_colour",
            "is_published",
            "is_schedule_published",
            "registered_access",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accent_colour": forms.TextInput(attrs={"placeholder": "#0b57a4", "size": 8, "maxlength": 7}),
            "registered_access": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        instance: Event | None = kwargs.get("instance")
        if instance is None or instance.pk is None:
            # A new event has no content languages yet: offer every language.
            super().__init__(*args, locales=[code for code, _name in settings.LANGUAGES], **kwargs)
            self.initial.setdefault("content_locales", [settings.LANGUAGE_CODE])
        else:
            super().__init__(*args, locales=instance.content_locales, **kwargs)
            del self.fields["slug"]  # links to the event stay valid
            self.initial.setdefault("logo", instance.logo)
            self.initial.setdefault("banner", instance.banner)
            names = open_category_names(instance)
            if names:
                field = self.fields["registered_access"]
                field.help_text = format_lazy(
                    "{} {}",
                    field.help_text,
                    _("In this event, these categories need no approval: %(categories)s.") % {"categories": names},
                )

    @property
    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(legend), [self[name] for name in names if name in self.fields]) for legend, names in self.groups]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This short name is reserved; choose another."))
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return cleaned

    def clean_content_locales(self) -> list[str]:
        return _in_settings_order(self.cleaned_data["content_locales"])

    def clean_accent_colour(self) -> str:
        return check_accent_colour(self.cleaned_data.get("accent_colour") or "")

    def clean_ui_locales(self) -> list[str]:
        return _in_settings_order(self.cleaned_data["ui_locales"])

    def event_values(self) -> dict[str, Any]:
        return self.values(EVENT_FIELDS)

    def chosen_bodies(self) -> list[Organisation]:
        return list(self.cleaned_data.get("organising_bodies") or [])

    def logo_change(self) -> UploadedFile | bool | None:
        return image_change(self.cleaned_data.get("logo"))

    def banner_change(self) -> UploadedFile | bool | None:
        return image_change(self.cleaned_data.get("banner"))


def open_category_names(event: Event) -> str:
    """The event's participant categories that approve registrations at once, e.g. "Visitor, Media"."""
    return ", ".join(
        str(category) for category in ParticipantCategory.objects.filter(event=event, requires_approval=False)
    )


def registered_level_help(event: Event) -> str:
    """What "registered participants" means in this event, said where the organiser picks a session's access."""
    names = open_category_names(event)
    if event.registered_access == RegisteredAccess.ANY and names:
        return str(
            _(
                "Warning: in this event “Registered participants” includes everyone who registers as %(categories)s, "
                "which needs no approval, so such a session is open to anyone who creates an account. "
                "The event's settings decide this."
            )
            % {"categories": names}
        )
    if event.registered_access == RegisteredAccess.ANY:
        return str(
            _(
                "“Registered participants”: every approved registration. A category that needs no approval would "
                "open such a session to anyone who creates an account (the event's settings decide this)."
            )
        )
    return str(
        _(
            "“Registered participants”: registrations a focal point or an organiser approved; registrations in "
            "categories that need no approval do not count (the event's settings decide this)."
        )
    )


# --- Things an event lists: themes, sub-groups, rooms, speakers, categories ---------------------------


class EventItemForm(OrganiserForm):
    """A form for something that belongs to one event, whose ``unique_field`` is unique within it."""

    unique_field = "slug"
    service_fields: frozenset[str] = frozenset()

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        self.event = event
        model = self._meta.model
        assert model is not None
        kwargs.setdefault("instance", model(event=event))
        super().__init__(*args, locales=event.content_locales, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = cleaned.get(self.unique_field)
        if value:
            model = self._meta.model
            assert model is not None
            taken = model._default_manager.filter(event=self.event, **{self.unique_field: value})
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(self.unique_field, _("Another one in this event already uses this."))
        return cleaned

    def service_values(self) -> dict[str, Any]:
        return self.values()


class ThemeForm(EventItemForm):
    class Meta(OrganiserMeta):
        model = Track
        fields = ["name", "slug"]


class SubGroupForm(EventItemForm):
    unique_field = "code"

    class Meta(OrganiserMeta):
        model = SubGroup
        fields = ["code", "name"]


class RoomForm(EventItemForm):
    class Meta(OrganiserMeta):
        model = Room
        fields = ["name", "slug", "stream_url", "position"]


class SpeakerForm(EventItemForm):
    photo = forms.ImageField(label=_("Photo"), required=False, widget=forms.ClearableFileInput)

    class Meta(OrganiserMeta):
        model = Speaker
        fields = ["name", "slug", "position", "organisation", "country", "bio"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, event=event, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("photo", self.instance.photo)

    def service_values(self) -> dict[str, Any]:
        return {**self.values(), "photo": image_change(self.cleaned_data.get("photo"))}


class CategoryForm(EventItemForm):
    class Meta(OrganiserMeta):
        model = ParticipantCategory
        fields = ["name", "slug", "requires_approval", "is_accredited", "position"]


class InterpretationChannelForm(forms.ModelForm):
    class Meta(OrganiserMeta):
        model = InterpretationChannel
        fields = ["language", "kind", "stream_url"]
        error_messages = {"stream_url": {"invalid": https_url.message}}

    def __init__(self, *args: Any, room: Room, **kwargs: Any) -> None:
        self.room = room
        kwargs.setdefault("instance", InterpretationChannel(room=room))
        super().__init__(*args, **kwargs)
        self.fields["stream_url"].help_text = _("An https address of the interpretation's audio or video stream.")
        self.fields["kind"].required = False  # audio unless said otherwise

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        language = cleaned.get("language")
        kind = cleaned["kind"] = cleaned.get("kind") or ChannelKind.AUDIO
        if InterpretationChannel.objects.filter(room=self.room, language=language, kind=kind).exists():
            self.add_error("language", _("This room already has a channel in this language."))
        return cleaned


# --- Sessions -----------------------------------------------------------------------------------


EMAIL_SEPARATORS = re.compile(r"[\s,;]+")


class SessionForm(OrganiserForm):
    starts_at = EventDateTimeField(label=_("Starts at"))
    ends_at = EventDateTimeField(label=_("Ends at"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Languages spoken or interpreted in the session."),
    )
    invitee_emails = forms.CharField(
        label=_("Invited accounts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("E-mail addresses of accounts, one a line. They see the session when access is by invitation."),
    )

    groups = (
        (_("Title and type"), ("title", "slug", "kind", "abstract")),
        (_("Time and place"), ("starts_at", "ends_at", "room", "track", "subgroup", "languages")),
        (_("Who may see it"), ("access_level", "invitee_emails")),
    )

    class Meta(OrganiserMeta):
        model = Session
        fields = [
            "title",
            "slug",
            "kind",
            "abstract",
            "starts_at",
            "ends_at",
            "room",
            "track",
            "subgroup",
            "languages",
            "access_level",
        ]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        self.event = event
        kwargs.setdefault("instance", Session(event=event))
        super().__init__(*args, locales=event.content_locales, **kwargs)
        zone = zoneinfo.ZoneInfo(event.time_zone)
        for name in ("starts_at", "ends_at"):
            field = self.fields[name]
            assert isinstance(field, EventDateTimeField)
            field.zone = zone
            field.help_text = _("In the event's time zone, %(zone)s.") % {"zone": zone_label(event.time_zone)}
        room, track, subgroup = self.fields["room"], self.fields["track"], self.fields["subgroup"]
        assert isinstance(room, forms.ModelChoiceField)
        assert isinstance(track, forms.ModelChoiceField)
        assert isinstance(subgroup, forms.ModelChoiceField)
        self.fields["access_level"].help_text = registered_level_help(event)
        room.queryset = Room.objects.filter(event=event)
        track.queryset = Track.objects.filter(event=event)
        subgroup.queryset = SubGroup.objects.filter(event=event)
        if self.instance.pk:
            emails = self.instance.invitees.order_by("email").values_list("email", flat=True)
            self.initial.setdefault("invitee_emails", "\n".join(emails))

    @property
    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(legend), [self[name] for name in names]) for legend, names in self.groups]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This short name is reserved; choose another."))
        taken = Session.objects.filter(event=self.event, slug=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Another session in this event already uses this."))
        return slug

    def clean_invitee_emails(self) -> list[User]:
        emails = [email for email in EMAIL_SEPARATORS.split(self.cleaned_data["invitee_emails"]) if email]
        invalid = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise ValidationError(
                _("These are not e-mail addresses: %(emails)s"), params={"emails": ", ".join(invalid)}
            )
        if not emails:
            return []
        query = Q()
        for email in emails:
            query |= Q(email__iexact=email)
        users = list(User.objects.filter(query))
        known = {user.email.lower() for user in users}
        unknown = [email for email in emails if email.lower() not in known]
        if unknown:
            raise ValidationError(
                _("No account uses these addresses: %(emails)s"), params={"emails": ", ".join(unknown)}
            )
        return users

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned

    def session_values(self) -> dict[str, Any]:
        return self.values(SESSION_FIELDS)

    def invitees(self) -> list[User]:
        return list(self.cleaned_data.get("invitee_emails") or [])


class SessionPartForm(forms.Form):
    """One row of a session's people: who, and whether they chair, moderate or speak."""

    speaker = forms.TypedChoiceField(label=_("Person"), coerce=int, empty_value=None, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=SessionRole.choices, initial=SessionRole.SPEAKER)

    def __init__(self, *args: Any, speaker_choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        speaker = self.fields["speaker"]
        assert isinstance(speaker, forms.TypedChoiceField)
        speaker.choices = speaker_choices


class BaseSessionPartFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, speakers: list[Speaker], **kwargs: Any) -> None:
        self.speakers = {speaker.pk: speaker for speaker in speakers}
        choices = [("", _("— nobody —")), *((speaker.pk, speaker.name) for speaker in speakers)]
        kwargs["form_kwargs"] = {"speaker_choices": choices}
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[int, str]] = set()
        for form in self.forms:
            key = (form.cleaned_data.get("speaker"), form.cleaned_data.get("role"))
            if key[0] is None:
                continue
            if key in seen:
                raise ValidationError(_("The same person is listed twice in the same role."))
            seen.add(key)

    def parts(self) -> list[tuple[Speaker, str]]:
        """The chosen people and roles, in the order of the rows."""
        return [
            (self.speakers[form.cleaned_data["speaker"]], form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data.get("speaker") is not None
        ]


SessionPartFormSet = cast(
    type[BaseSessionPartFormSet], forms.formset_factory(SessionPartForm, formset=BaseSessionPartFormSet, extra=3)
)


def session_parts_formset(
    *, session: Session | None, speakers: list[Speaker], data: Any = None
) -> BaseSessionPartFormSet:
    """The people rows of the session form: the current parts, then three empty rows."""
    initial = []
    if session is not None and session.pk:
        initial = [{"speaker": part.speaker_id, "role": part.role} for part in session.session_speakers.all()]
    formset = SessionPartFormSet(data, initial=initial, prefix="parts", speakers=speakers)
    if not speakers:
        formset.extra = 0  # no rows to show, so none are posted either
    return formset


# --- Import -------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("A CSV or JSON file of sessions, at most 2 MB."))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("From the file name")), ("csv", "CSV"), ("json", "JSON")],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > IMPORT_MAX_BYTES:
            self.add_error("file", _("The file is larger than 2 MB."))
            return cleaned
        if not cleaned.get("format"):
            suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if suffix in {"csv", "json"}:
                cleaned["format"] = suffix
            else:
                self.add_error("format", _("Choose the file's format."))
        return cleaned

    def data_bytes(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        data: bytes = upload.read()
        return data
