"""Forms of the exhibition: exhibitors' booth and product forms, organisers' layout and review forms.

They validate input; exhibition/services.py does the writing (and checks uploads by content), and
its refusals are shown on the same forms. Files arrive through plain file fields, so that the
services give their own clear reasons (an SVG, a renamed text file, a file too large).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import User
from pavilion.core.forms import (
    CaptionsUploadForm,
    OrganiserForm,
    OrganiserMeta,
    captions_file_field,
    image_change,
)
from pavilion.directory.models import Organisation
from pavilion.events.models import Event, Session, https_url, validate_caption_tracks
from pavilion.exhibition.models import (
    Booth,
    BoothDemo,
    BoothDocument,
    BoothImage,
    BoothVideo,
    ExhibitionTheme,
    Hall,
    Pavilion,
    Product,
    ProductImage,
)

IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif"
PDF_ACCEPT = "application/pdf,.pdf"


def _picture_field(label: Any, *, required: bool = False) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT})
        if not required
        else forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("JPEG, PNG, WebP or GIF, at most 5 MB. SVG is not accepted."),
    )


class EventContentForm(OrganiserForm):
    """A model form whose translated fields offer the event's content languages."""

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        self.event = event
        super().__init__(*args, locales=event.content_locales, **kwargs)


# --- Exhibitors ------------------------------------------------------------------------------------


class BoothForm(EventContentForm):
    logo = _picture_field(_("Logo"))
    banner = _picture_field(_("Banner"))

    class Meta(OrganiserMeta):
        model = Booth
        fields = ["name", "description", "contact_email", "contact_phone", "website"]
        error_messages = {"website": {"invalid": https_url.message}}

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, event=event, **kwargs)
        self.initial.setdefault("logo", self.instance.logo)
        self.initial.setdefault("banner", self.instance.banner)

    def service_values(self) -> dict[str, Any]:
        return {
            **self.values(),
            "logo": image_change(self.cleaned_data.get("logo")),
            "banner": image_change(self.cleaned_data.get("banner")),
        }


class ProductForm(EventContentForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=ExhibitionTheme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    spec_sheet = forms.FileField(
        label=_("Specification sheet"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PDF_ACCEPT}),
        help_text=_("A PDF file, at most 10 MB."),
    )

    class Meta(OrganiserMeta):
        model = Product
        fields = ["name", "slug", "kind", "category", "description", "themes"]

    def __init__(self, *args: Any, event: Event, booth: Booth, **kwargs: Any) -> None:
        self.booth = booth
        kwargs.setdefault("instance", Product(booth=booth))
        super().__init__(*args, event=event, **kwargs)
        self.initial.setdefault("spec_sheet", self.instance.spec_sheet)

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        taken = Product.objects.filter(booth=self.booth, slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Another product of this booth already uses this."))
        return slug

    def service_values(self) -> dict[str, Any]:
        sheet = self.cleaned_data.get("spec_sheet")
        return {**self.values(), "spec_sheet": sheet if sheet is False or sheet else None}


class BoothImageForm(EventContentForm):
    image = _picture_field(_("Picture"), required=True)

    class Meta(OrganiserMeta):
        model = BoothImage
        fields = ["alt", "caption"]


class ProductImageForm(EventContentForm):
    image = _picture_field(_("Picture"), required=True)

    class Meta(OrganiserMeta):
        model = ProductImage
        fields = ["alt"]


class BoothVideoForm(EventContentForm):
    captions_language = forms.ChoiceField(
        label=_("Language of the captions"), choices=[("", "—"), *settings.LANGUAGES], required=False
    )
    captions_file = captions_file_field(_("Captions (WebVTT file)"), required=False)
    captions_url = forms.CharField(
        label=_("Or the address of a WebVTT file"),
        max_length=200,
        required=False,
        help_text=_("Shown on the booth's screen in the 3D hall and in its player, e.g. https://…/en.vtt."),
    )

    class Meta(OrganiserMeta):
        model = BoothVideo
        fields = ["title", "url"]
        error_messages = {"url": {"invalid": https_url.message}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        language, address = data.get("captions_language", ""), data.get("captions_url", "").strip()
        upload = data.get("captions_file")
        data["caption_tracks"], data["caption_files"] = {}, {}
        if upload and address:
            self.add_error("captions_url", _("Upload a WebVTT file or give its address, not both."))
        elif bool(language) != bool(address or upload):
            field = "captions_file" if language else "captions_language"
            self.add_error(field, _("Give both the captions' language and their WebVTT file, or neither."))
        elif upload:
            data["caption_files"] = {language: upload}
        elif address:
            try:
                validate_caption_tracks({language: address})
            except ValidationError as error:
                self.add_error("captions_url", error)
            else:
                data["caption_tracks"] = {language: address}
        return data


class VideoCaptionsForm(CaptionsUploadForm):
    """Captions in one more language for one of the booth's videos, from an uploaded WebVTT file."""

    video = forms.ModelChoiceField(label=_("Video"), queryset=BoothVideo.objects.none(), empty_label="—")
    field_order = ["video", "language", "file"]

    def __init__(self, *args: Any, event: Event, videos: QuerySet[BoothVideo], **kwargs: Any) -> None:
        """``videos``: the booth's own videos, never another booth's."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["video"].queryset = videos  # type: ignore[attr-defined]


class BoothDocumentForm(EventContentForm):
    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.FileInput(attrs={"accept": PDF_ACCEPT}),
        help_text=_("A PDF file, at most 10 MB."),
    )

    class Meta(OrganiserMeta):
        model = BoothDocument
        fields = ["title"]


class BoothDemoForm(EventContentForm):
    class Meta(OrganiserMeta):
        model = BoothDemo
        fields = ["session", "description"]

    def __init__(self, *args: Any, event: Event, sessions: QuerySet[Session], **kwargs: Any) -> None:
        """``sessions``: those the staff member may see (``services.demo_sessions``), never all of them."""
        super().__init__(*args, event=event, **kwargs)
        self.fields["session"].queryset = sessions


# --- Organisers ------------------------------------------------------------------------------------


class HallForm(EventContentForm):
    class Meta(OrganiserMeta):
        model = Hall
        fields = ["name", "slug", "description", "position"]


class PavilionForm(EventContentForm):
    class Meta(OrganiserMeta):
        model = Pavilion
        fields = ["name", "slug", "kind", "country", "organisation", "hall", "tier", "description", "position"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, event=event, **kwargs)
        self.fields["hall"].queryset = Hall.objects.filter(event=event)


def _accounts_by_email(text: str) -> list[User]:
    emails = [part.strip().lower() for part in text.replace(",", "\n").split() if part.strip()]
    for email in emails:
        validate_email(email)
    found = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
    missing = [email for email in emails if email not in found]
    if missing:
        raise ValidationError(_("No account has these e-mail addresses: %(emails)s") % {"emails": ", ".join(missing)})
    return [found[email] for email in dict.fromkeys(emails)]


class StaffField(forms.CharField):
    """E-mail addresses of existing accounts, one a line (or separated by commas)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value: Any) -> list[User]:
        return _accounts_by_email(super().clean(value) or "")


class BoothCreateForm(EventContentForm):
    owner = forms.ModelChoiceField(label=_("Exhibitor organisation"), queryset=Organisation.objects.all())
    staff = StaffField(
        label=_("Staff"), required=False, help_text=_("E-mail addresses of the accounts that fill in the booth.")
    )

    class Meta(OrganiserMeta):
        model = Booth
        fields = ["name", "slug", "owner", "pavilion"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        kwargs.setdefault("instance", Booth(event=event))
        super().__init__(*args, event=event, **kwargs)
        self.fields["pavilion"].queryset = Pavilion.objects.filter(event=event)

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if Booth.objects.filter(event=self.event, slug=slug).exists():
            raise ValidationError(_("Another booth of this event already uses this."))
        return slug


class BoothAssignForm(forms.Form):
    pavilion = forms.ModelChoiceField(label=_("Pavilion"), queryset=Pavilion.objects.none(), required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pavilion"].queryset = Pavilion.objects.filter(event=event)  # type: ignore[attr-defined]


class BoothStaffForm(forms.Form):
    staff = StaffField(label=_("Staff"), required=False, help_text=_("E-mail addresses, one a line."))


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
