"""The virtual exhibition: halls, national and corporate pavilions, booths and what they show.

An event's exhibition is laid out in halls (themes); a hall holds pavilions, each either a
country's or economy's national pavilion or an organisation's corporate pavilion; pavilions hold
booths. A booth belongs to an owner organisation, is edited by its staff accounts and goes through
review (draft → submitted → approved → published) before visitors see it; everything hanging from
a booth (products, images, videos, documents, demos) is seen exactly when the booth is.
Names and descriptions are ``i18nfield`` values like every content field (see events/models.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField, I18nTextField

from pavilion.events.models import https_url, validate_caption_tracks, validate_stream_address


class Hall(models.Model):
    """A hall of an event's exhibition, usually one theme (5G, cybersecurity …), in the order shown."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="halls")
    slug = models.SlugField(_("short name for links"), max_length=80)
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        ordering = ["position", "slug"]
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="hall_slug_unique_in_event")]

    def __str__(self) -> str:
        return str(self.name)


class PavilionKind(models.TextChoices):
    NATIONAL = "national", _("National pavilion")
    CORPORATE = "corporate", _("Corporate pavilion")


class PavilionTier(models.TextChoices):
    """How much floor a pavilion takes (the 3D hall sizes its zone by it)."""

    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class Pavilion(models.Model):
    """A national pavilion (``country`` set) or a corporate one (``organisation`` set), never both."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="pavilions")
    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.SET_NULL, null=True, blank=True, related_name="pavilions"
    )
    slug = models.SlugField(_("short name for links"), max_length=80)
    kind = models.CharField(_("type"), max_length=20, choices=PavilionKind.choices)
    country = CountryField(_("country or economy"), blank=True, help_text=_("For a national pavilion."))
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pavilions",
        help_text=_("For a corporate pavilion."),
    )
    tier = models.CharField(_("size"), max_length=10, choices=PavilionTier.choices, default=PavilionTier.MEDIUM)
    name = I18nCharField(_("name"), blank=True, help_text=_("Leave empty to use the country's or organisation's name."))
    description = I18nTextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("pavilion")
        verbose_name_plural = _("pavilions")
        ordering = ["position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="pavilion_slug_unique_in_event"),
            models.CheckConstraint(
                condition=(models.Q(kind=PavilionKind.NATIONAL, organisation__isnull=True) & ~models.Q(country=""))
                | models.Q(kind=PavilionKind.CORPORATE, country="", organisation__isnull=False),
                name="pavilion_country_or_organisation_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The pavilion's own name, else its country's or organisation's (in the current language)."""
        if self.name:
            return str(self.name)
        if self.kind == PavilionKind.NATIONAL and self.country:
            return str(countries.name(str(self.country)))
        if self.organisation_id is not None and self.organisation is not None:
            return str(self.organisation.name)
        return self.slug

    def clean(self) -> None:
        if self.kind == PavilionKind.NATIONAL:
            errors = {}
            if not self.country:
                errors["country"] = _("A national pavilion needs its country or economy.")
            if self.organisation_id is not None:
                errors["organisation"] = _("A national pavilion has no organisation.")
            if errors:
                raise ValidationError(errors)
        elif self.kind == PavilionKind.CORPORATE:
            errors = {}
            if self.organisation_id is None:
                errors["organisation"] = _("A corporate pavilion needs its organisation.")
            if self.country:
                errors["country"] = _("A corporate pavilion has no country; its organisation says where it is from.")
            if errors:
                raise ValidationError(errors)
        if self.hall_id is not None and self.hall is not None and self.hall.event_id != self.event_id:
            raise ValidationError({"hall": _("This hall belongs to another event.")})


class BoothStatus(models.TextChoices):
    """Review of a booth. Only published booths are seen by visitors."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved, not published")
    PUBLISHED = "published", _("Published")


class Booth(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="booths")
    pavilion = models.ForeignKey(
        Pavilion,
        verbose_name=_("pavilion"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booths",
        help_text=_("Organisers assign booths to pavilions."),
    )
    owner = models.ForeignKey(
        "directory.Organisation", verbose_name=_("exhibitor"), on_delete=models.PROTECT, related_name="booths"
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        related_name="staffed_booths",
        blank=True,
        help_text=_("Accounts that may edit this booth and answer its visitors."),
    )
    slug = models.SlugField(_("short name for links"), max_length=80)
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="exhibition/logos/", blank=True)
    banner = models.ImageField(_("banner"), upload_to="exhibition/banners/", blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True, validators=[https_url])
    status = models.CharField(_("status"), max_length=20, choices=BoothStatus.choices, default=BoothStatus.DRAFT)
    review_note = models.TextField(
        _("note from the organisers"), blank=True, help_text=_("Why a booth was returned for changes.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["position", "slug"]
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="booth_slug_unique_in_event")]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def is_published(self) -> bool:
        return self.status == BoothStatus.PUBLISHED

    def clean(self) -> None:
        if self.pavilion_id is not None and self.pavilion is not None and self.pavilion.event_id != self.event_id:
            raise ValidationError({"pavilion": _("This pavilion belongs to another event.")})


class BoothImage(models.Model):
    """A picture in a booth's gallery (re-encoded on upload; its size is kept for the page layout)."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("picture"), upload_to="exhibition/images/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = I18nCharField(_("text alternative"), help_text=_("What the picture shows, for people who cannot see it."))
    caption = I18nCharField(_("caption"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("booth picture")
        verbose_name_plural = _("booth pictures")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.alt)


class VideoProvider(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"
    OTHER = "other", _("Other")


def video_provider(url: str) -> VideoProvider:
    """Which service a video address belongs to (by host name)."""
    host = (urlsplit(url).hostname or "").lower()
    if host in {"youtube.com", "youtu.be", "youtube-nocookie.com"} or host.endswith(
        (".youtube.com", ".youtube-nocookie.com")
    ):
        return VideoProvider.YOUTUBE
    if host == "vimeo.com" or host.endswith(".vimeo.com"):
        return VideoProvider.VIMEO
    return VideoProvider.OTHER


class BoothVideo(models.Model):
    """A video shown as a link the visitor chooses to follow; in the 3D hall a WebM or MP4 file also
    plays muted on the booth's screen once the visitor selects the booth, with its captions (a WebVTT
    file per language, as a room's stream has) on the screen and in the player beside the hall."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="videos")
    # A path on this site is allowed too, as for a session's stream (the demo's video under /static/).
    url = models.CharField(
        _("video address"), max_length=200, validators=[validate_stream_address], help_text=_("An https:// address.")
    )
    title = I18nCharField(_("title"))
    caption_tracks = models.JSONField(
        _("caption tracks"),
        default=dict,
        blank=True,
        validators=[validate_caption_tracks],
        help_text=_('A WebVTT file per language, e.g. {"en": "https://…/en.vtt"}.'),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("booth video")
        verbose_name_plural = _("booth videos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def provider(self) -> VideoProvider:
        return video_provider(self.url)


class BoothDocument(models.Model):
    """A downloadable PDF (brochure, white paper); served through a view that checks who may see it."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("PDF file"), upload_to="exhibition/documents/")
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    title = I18nCharField(_("title"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("booth document")
        verbose_name_plural = _("booth documents")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.title)


class ProductKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")
    SOLUTION = "solution", _("Solution")


class ProductCategory(models.TextChoices):
    NETWORKS = "networks", _("Networks and infrastructure")
    DEVICES = "devices", _("Devices and equipment")
    SOFTWARE = "software", _("Software and platforms")
    SECURITY = "security", _("Security")
    CONNECTIVITY = "connectivity", _("Connectivity services")
    DATA = "data", _("Data and analytics")
    PUBLIC_SERVICES = "public_services", _("Digital public services")
    TRAINING = "training", _("Training and consulting")


class ExhibitionTheme(models.TextChoices):
    """The fixed set of themes products are tagged with (stored as a list of these values)."""

    FIVE_G = "5g", "5G"
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
    BROADBAND = "broadband", _("Broadband")
    AI = "ai", _("Artificial intelligence")
    CLOUD = "cloud", _("Cloud")
    SATELLITE = "satellite", _("Satellite")
    E_GOVERNMENT = "e_government", _("E-government")
    DIGITAL_SKILLS = "digital_skills", _("Digital skills")


def validate_themes(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Themes must be a list."))
    unknown = sorted(set(value) - set(ExhibitionTheme.values))
    if unknown:
        raise ValidationError(_("Unknown themes: %(themes)s"), params={"themes": ", ".join(unknown)})


class Product(models.Model):
    """A product, service or solution shown at a booth."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="products")
    slug = models.SlugField(_("short name for links"), max_length=80)
    kind = models.CharField(_("type"), max_length=20, choices=ProductKind.choices, default=ProductKind.PRODUCT)
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=ProductCategory.choices)
    themes = models.JSONField(
        _("themes"), default=list, blank=True, validators=[validate_themes], help_text=_("Values of ExhibitionTheme.")
    )
    spec_sheet = models.FileField(_("specification sheet (PDF)"), upload_to="exhibition/specs/", blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["position", "slug"]
        constraints = [models.UniqueConstraint(fields=["booth", "slug"], name="product_slug_unique_in_booth")]

    def __str__(self) -> str:
        return str(self.name)

    def theme_labels(self) -> list[str]:
        labels = dict(ExhibitionTheme.choices)
        return [str(labels[theme]) for theme in self.themes if theme in labels]


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        _("picture"), upload_to="exhibition/products/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = I18nCharField(_("text alternative"), help_text=_("What the picture shows, for people who cannot see it."))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product picture")
        verbose_name_plural = _("product pictures")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return str(self.alt)


class BoothDemo(models.Model):
    """A live demonstration: a session of the same event in which the booth shows something."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="demos")
    session = models.ForeignKey("events.Session", on_delete=models.CASCADE, related_name="booth_demos")
    description = I18nCharField(_("what is shown"), blank=True)

    class Meta:
        verbose_name = _("booth demo")
        verbose_name_plural = _("booth demos")
        ordering = ["session__starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["booth", "session"], name="demo_once_per_session")]

    def __str__(self) -> str:
        return f"{self.booth} — {self.session}"

    def clean(self) -> None:
        if self.session_id is not None and self.booth_id is not None and self.session.event_id != self.booth.event_id:
            raise ValidationError({"session": _("This session belongs to another event.")})


class SearchDocument(models.Model):
    """One searchable document per booth (``product`` empty) and per product, kept by
    ``exhibition/search.py`` in the same transaction as the change it reflects.

    Columns hold normalised tokens (``search_text.index_tokens``) of every language's text, ready for
    either database: SQLite indexes them in the FTS5 table ``exhibition_searchdocument_fts`` (kept in
    step by triggers, see migration 0002), PostgreSQL in ``vector`` (GIN index). Who may find a
    document is decided when searching (only published booths), never here.
    """

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="search_documents")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, null=True, related_name="search_documents")
    #: Names (weight A), labels: category, themes, pavilion, country, organisation (B), descriptions (C),
    #: and for a product its booth's name and labels (D), so "5G Viet Nam" finds Vietnamese 5G products.
    title = models.TextField(blank=True)
    labels = models.TextField(blank=True)
    body = models.TextField(blank=True)
    surroundings = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product"], name="search_document_once_per_product"),
            models.UniqueConstraint(
                fields=["booth"], condition=models.Q(product__isnull=True), name="search_document_once_per_booth"
            ),
        ]

    def __str__(self) -> str:
        return f"search document of booth {self.booth_id}" + (f", product {self.product_id}" if self.product_id else "")
