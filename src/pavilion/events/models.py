"""Events and their sessions. Small for now; the events issue grows them (rooms, access, agenda)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField, I18nTextField

from pavilion.core.colours import validate_accent_colour
from pavilion.core.timezones import is_valid_timezone
from pavilion.directory.memberships import Membership, event_member_codes


def validate_timezone(value: str) -> None:
    if not is_valid_timezone(value):
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    MINISTERIAL = "ministerial", _("Ministerial meeting")
    WORKING_GROUP = "working_group", _("Working-group meeting")
    FORUM = "forum", _("Forum")
    TRAINING = "training", _("Training course")
    CAMPAIGN = "campaign", _("World day campaign")


class RegisteredAccess(models.TextChoices):
    """Which registrations open the sessions for registered participants (``AccessLevel.REGISTERED``).

    A participant category that needs no approval (such as Visitor) approves every registration at
    once, so counting those makes "registered" as open as signing up: the organiser decides, knowingly.
    """

    APPROVED = "approved", _("Only registrations a focal point or an organiser approves")
    ANY = "any", _("Every registration, also in categories that need no approval")


class Event(models.Model):
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    name = I18nCharField(_("name"))
    tagline = I18nCharField(_("tagline"), blank=True)
    description = I18nTextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    is_online = models.BooleanField(_("online"), default=False)
    venue = I18nCharField(_("venue"), blank=True)
    host_country = CountryField(_("host country or economy"), blank=True)
    # Organisations that organise the event; the accounts that manage it are the organising_team.
    organising_bodies = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("organising bodies"), related_name="organised_events", blank=True
    )
    content_locales = models.JSONField(
        _("content languages"), default=list, help_text=_("Languages in which titles and descriptions are written.")
    )
    ui_locales = models.JSONField(
        _("interface languages"), default=list, blank=True, help_text=_("Languages the event's pages are offered in.")
    )
    host = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("host"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    logo = models.ImageField(_("logo"), upload_to="events/logos/", blank=True)
    #: Whose delegations the event takes (directory/memberships.py): registrations offer that list only.
    membership = models.CharField(
        _("delegations"),
        max_length=10,
        choices=Membership.choices,
        blank=True,
        # Intergovernmental meetings take Member States unless the organisers choose another list.
        default=Membership.ITU,
        help_text=_("The membership list of the body that convenes the event; registrations offer it only."),
    )
    #: A wide picture across the top of the event's pages (re-encoded, at most BANNER_MAX_SIDE wide).
    banner = models.ImageField(_("banner"), upload_to="events/banners/", blank=True)
    #: The colour of links and buttons on the event's pages; checked for contrast (core/colours.py).
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_accent_colour],
        help_text=_("As #rrggbb, e.g. #0b57a4; it must reach 4.5:1 against white. Empty: Pavilion's blue."),
    )
    organising_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        related_name="organiser_of",
        blank=True,
        help_text=_("Accounts that may edit this event and decide any registration."),
    )
    # Organisers and focal points decide who is in the room: a stolen password must not be enough.
    mfa_required = models.BooleanField(
        _("two-factor authentication required"),
        default=True,
        help_text=_("Organisers and focal points of this event must sign in with a second factor."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    is_schedule_published = models.BooleanField(
        _("schedule published"), default=True, help_text=_("Attendees see the sessions only when this is on.")
    )
    registered_access = models.CharField(
        _("sessions for registered participants are open to"),
        max_length=10,
        choices=RegisteredAccess.choices,
        default=RegisteredAccess.APPROVED,
        help_text=_(
            "A category that needs no approval (such as Visitor) approves every registration at once. If its "
            "registrations count, sessions for registered participants are open to anyone who creates an account."
        ),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
        if self.membership == Membership.PROGRAMME and not event_member_codes(self):
            raise ValidationError(
                {
                    "membership": _(
                        "This event is not a meeting of a programme with member countries or economies: "
                        "make it one of a programme's meetings first, or choose another list."
                    )
                }
            )


class SubGroup(models.Model):
    """A part of an event's membership that meets on its own: a steering group, a task force."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="subgroups")
    code = models.CharField(_("code"), max_length=20)
    name = I18nCharField(_("name"))

    class Meta:
        verbose_name = _("sub-group")
        verbose_name_plural = _("sub-groups")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="subgroup_code_unique_in_event")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Track(models.Model):
    """A theme that sessions belong to (broadband, 5G, cybersecurity …)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    slug = models.SlugField(_("short name for links"), max_length=80)
    name = I18nCharField(_("name"))

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["slug"]
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="track_slug_unique_in_event")]

    def __str__(self) -> str:
        return str(self.name)


https_url = URLValidator(schemes=["https"], message=_("Enter an https:// address."))

#: Video files a browser plays itself in <video> (an HLS playlist, or a WebM or MP4 file).
VIDEO_SUFFIXES = (".m3u8", ".webm", ".mp4")


def validate_stream_address(value: str) -> None:
    """An https address, or a path on this site (such as the demo's video under /static/)."""
    if value.startswith("/") and not value.startswith("//"):
        if any(character.isspace() for character in value):
            raise ValidationError(_("An address cannot contain spaces."))
        return
    https_url(value)


def validate_caption_tracks(value: object) -> None:
    """Caption tracks of a stream: {language code: address of a WebVTT file}."""
    languages = dict(settings.LANGUAGES)
    if not isinstance(value, dict):
        raise ValidationError(_("Caption tracks are a language code and a WebVTT address each."))
    for language, address in value.items():
        if language not in languages:
            raise ValidationError(_("Unknown language: %(codes)s."), params={"codes": language})
        if not isinstance(address, str) or not address.lower().endswith(".vtt"):
            raise ValidationError(_("A caption track must be a WebVTT (.vtt) file."))
        validate_stream_address(address)


#: Where captions uploaded for a room's video are stored (named ``<room id>-<random>.vtt``).
ROOM_CAPTIONS_FOLDER = "events/captions/"


class Room(models.Model):
    """A room or stage; online, its stream is embedded on the session page."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    slug = models.SlugField(_("short name for links"), max_length=80)
    name = I18nCharField(_("name"))
    stream_url = models.CharField(
        _("stream address"),
        max_length=500,
        blank=True,
        validators=[validate_stream_address],
        help_text=_(
            "An https address of an embeddable player (iframe), an HLS stream or a WebM or MP4 video, "
            "or a path on this site."
        ),
    )
    caption_tracks = models.JSONField(
        _("caption tracks"),
        default=dict,
        blank=True,
        validators=[validate_caption_tracks],
        help_text=_(
            'For a video the browser plays: a WebVTT file per language, e.g. {"en": "https://…/en.vtt"}, '
            "or one uploaded on the room's page."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "slug"]
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="room_slug_unique_in_event")]

    def __str__(self) -> str:
        return str(self.name)


class ChannelKind(models.TextChoices):
    """What an interpretation channel carries."""

    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Audio and video")
    SIGN = "sign", _("Sign-language video")


class InterpretationChannel(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="interpretation_channels")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("type"), max_length=10, choices=ChannelKind.choices, default=ChannelKind.AUDIO)
    stream_url = models.URLField(_("stream address"), validators=[https_url])

    class Meta:
        verbose_name = _("interpretation channel")
        verbose_name_plural = _("interpretation channels")
        ordering = ["language", "kind"]
        constraints = [
            # One spoken channel and one sign-language channel per language, say.
            models.UniqueConstraint(
                fields=["room", "language", "kind"], name="one_interpretation_channel_per_language_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} ({self.language})"


class SessionChannel(models.Model):
    """A session's own change to its room's interpretation channels (``events.channels``).

    ``hidden``: the room's channel of this language and type is not offered in this session. Otherwise
    the row adds a channel, or, when the room has one of the same language and type, replaces its address.
    """

    session = models.ForeignKey("Session", on_delete=models.CASCADE, related_name="channel_overrides")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("type"), max_length=10, choices=ChannelKind.choices, default=ChannelKind.AUDIO)
    hidden = models.BooleanField(_("hidden in this session"), default=False)
    stream_url = models.URLField(_("stream address"), validators=[https_url], blank=True)

    class Meta:
        verbose_name = _("session interpretation channel")
        verbose_name_plural = _("session interpretation channels")
        ordering = ["language", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "language", "kind"], name="one_session_channel_per_language_and_kind"
            ),
            # An added channel needs an address; a hidden one has none.
            models.CheckConstraint(
                condition=models.Q(hidden=True, stream_url="") | (models.Q(hidden=False) & ~models.Q(stream_url="")),
                name="session_channel_address_unless_hidden",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} ({self.language}, {self.kind})"


class ChannelRecording(models.Model):
    """Where the recording of one of a session's channels can be heard afterwards: the floor ("floor") or an
    interpretation channel ("fr:audio", ``events.channels.Channel.key``). Organisers enter them once the
    recordings exist; the session's record, its transcript pages and the API list them."""

    session = models.ForeignKey("Session", on_delete=models.CASCADE, related_name="channel_recordings")
    channel = models.CharField(_("channel"), max_length=24)
    url = models.URLField(_("recording address"), validators=[https_url])

    class Meta:
        verbose_name = _("channel recording")
        verbose_name_plural = _("channel recordings")
        ordering = ["session", "channel"]
        constraints = [models.UniqueConstraint(fields=["session", "channel"], name="one_recording_per_channel")]

    def __str__(self) -> str:
        return f"{self.session} ({self.channel})"


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    slug = models.SlugField(_("short name for links"), max_length=80)
    name = models.CharField(_("name"), max_length=150)
    position = I18nCharField(_("position"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country or economy"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="events/speakers/", blank=True)
    bio = I18nTextField(_("biography"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["event", "slug"], name="speaker_slug_unique_in_event")]

    def __str__(self) -> str:
        return self.name


class AccessLevel(models.TextChoices):
    """Who may see a session. Each level includes the people of the levels after it."""

    PUBLIC = "public", _("Public")
    REGISTERED = "registered", _("Registered participants")
    ACCREDITED = "accredited", _("Accredited delegates")
    INVITED = "invited", _("Invited list")


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening / plenary")
    MINISTERIAL_ROUNDTABLE = "ministerial_roundtable", _("Ministerial roundtable")
    FORUM = "forum", _("Forum session")
    WORKSHOP = "workshop", _("Workshop")
    KEYNOTE = "keynote", _("Keynote")
    STEERING_GROUP = "steering_group", _("Steering-group meeting")
    DRAFTING = "drafting", _("Declaration drafting session")
    SIDE_EVENT = "side_event", _("Side event")
    TRAINING = "training", _("Training")


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    slug = models.SlugField(_("short name for links"), max_length=80)
    kind = models.CharField(_("type"), max_length=30, choices=SessionKind.choices)
    title = I18nCharField(_("title"))
    abstract = I18nTextField(_("abstract"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    subgroup = models.ForeignKey(
        SubGroup, verbose_name=_("sub-group"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    track = models.ForeignKey(
        Track, verbose_name=_("theme"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Languages spoken or interpreted in the session.")
    )
    access_level = models.CharField(_("access"), max_length=20, choices=AccessLevel.choices, default=AccessLevel.PUBLIC)
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited accounts"),
        related_name="invited_sessions",
        blank=True,
        help_text=_("Who may see the session when access is by invitation."),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="session_slug_unique_in_event"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class SessionRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")


class SessionSpeaker(models.Model):
    """A speaker's part in a session: chair, moderator or speaker, in the order shown."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="session_speakers")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="session_speakers")
    role = models.CharField(_("role"), max_length=20, choices=SessionRole.choices, default=SessionRole.SPEAKER)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")
        ordering = ["role", "position", "speaker__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker", "role"], name="speaker_role_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.get_role_display()})"


class SessionAttendance(models.Model):
    """How many people followed a session's live page in one minute, as one server process counted.

    Each process samples its own viewers once a minute (live/aggregates.py), so the attendance of a
    minute is the sum over processes; the peak concurrency is the largest such sum.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    minute = models.DateTimeField(_("minute"))
    process = models.CharField(_("server process"), max_length=32)
    viewers = models.PositiveIntegerField(_("viewers"))

    class Meta:
        verbose_name = _("attendance sample")
        verbose_name_plural = _("attendance samples")
        constraints = [
            models.UniqueConstraint(fields=["session", "minute", "process"], name="one_attendance_sample_per_process")
        ]
        indexes = [models.Index(fields=["session", "minute"])]

    def __str__(self) -> str:
        return f"{self.session_id} {self.minute:%Y-%m-%d %H:%M} {self.viewers}"


class AgendaItem(models.Model):
    """A session bookmarked into someone's personal agenda."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_items")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    added_at = models.DateTimeField(auto_now_add=True)
    #: Whether an e-mail reminds the person before the session (events/reminders.py), and when it went.
    remind = models.BooleanField(_("e-mail reminder"), default=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="session_once_per_agenda")]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"


class CalendarToken(models.Model):
    """The secret in a personal calendar-feed address; resetting it revokes the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"calendar token of {self.user}"
