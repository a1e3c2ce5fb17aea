"""Talking with visitors at a booth: private conversations, contact requests, and who is at the
booth now (for visitors who let exhibitors see their name). Rules live in the services modules
(conversations.py, contacts.py, presence.py). Meetings with a booth's staff are networking's
(``networking.Meeting`` with ``booth``), on the same rules as meetings between participants.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from pavilion.core.texts import MAX_MESSAGE_LENGTH

#: The longest note a visitor adds to a contact request.
MAX_NOTE_LENGTH = 1000


class BoothConversation(models.Model):
    """One visitor's private conversation with a booth.

    Read by that visitor, the booth's staff and the event's organisers — never by other visitors.
    """

    booth = models.ForeignKey(
        "exhibition.Booth", verbose_name=_("booth"), on_delete=models.CASCADE, related_name="conversations"
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.CASCADE,
        related_name="booth_conversations",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message at"))

    class Meta:
        verbose_name = _("booth conversation")
        verbose_name_plural = _("booth conversations")
        ordering = ["-last_message_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["booth", "visitor"], name="conversation_once_per_visitor")]
        indexes = [models.Index(fields=["booth", "last_message_at"], name="conversation_recent")]

    def __str__(self) -> str:
        return f"{self.visitor} — {self.booth}"


class BoothMessage(models.Model):
    conversation = models.ForeignKey(
        BoothConversation, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="booth_messages"
    )
    # Whether the author answered for the booth (its staff or an organiser) when writing it.
    from_booth = models.BooleanField(_("written for the booth"), default=False)
    text = models.TextField(_("text"), max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Deleted messages are kept (hidden) so the booth's actions can be reviewed afterwards.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("booth chat message")
        verbose_name_plural = _("booth chat messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="booth_message_recent"),
            models.Index(fields=["conversation", "author", "created_at"], name="booth_message_by_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.text[:40]}"


class ContactStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("contact request", "Open")
    ANSWERED = "answered", pgettext_lazy("contact request", "Answered")
    MISSED = "missed", pgettext_lazy("contact request", "Missed")


class SharedField(models.TextChoices):
    """What a visitor may share with a booth, in the order the form lists it."""

    NAME = "name", _("Name")
    EMAIL = "email", _("E-mail")
    ORGANISATION = "organisation", _("Organisation")
    POSITION = "position", _("Position")
    COUNTRY = "country", _("Country or economy")
    PHONE = "phone", _("Telephone")


class ContactRequest(models.Model):
    """A visitor left their contact at a booth, with their explicit consent.

    Holds exactly what the visitor chose to share (``shared_fields`` lists which; the other
    columns stay empty), copied from their profile at that moment, and the consent sentence they
    agreed to with its time. Staff mark it answered or missed; an open request older than
    ``contacts.MISSED_AFTER`` becomes missed by itself.
    """

    booth = models.ForeignKey(
        "exhibition.Booth", verbose_name=_("booth"), on_delete=models.CASCADE, related_name="contact_requests"
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.CASCADE,
        related_name="contact_requests",
    )
    shared_fields = models.JSONField(_("shared fields"), default=list, help_text=_("Values of SharedField."))
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    country = CountryField(_("country or economy"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    message = models.TextField(_("message"), max_length=MAX_NOTE_LENGTH, blank=True)
    consent_text = models.TextField(_("consent given"))
    consented_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("language"), max_length=10, help_text=_("The language the consent was given in."))
    status = models.CharField(_("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.OPEN)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the request became missed by itself."),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["booth", "visitor"],
                condition=models.Q(status="open"),
                name="contact_request_one_open_per_visitor",
            )
        ]
        indexes = [models.Index(fields=["booth", "status", "created_at"], name="contact_request_by_status")]

    def __str__(self) -> str:
        return f"{self.name or self.visitor} — {self.booth}"


class BoothPresence(models.Model):
    """A visitor who lets exhibitors see their name, seen at a booth (kept fresh while the page is open).

    Only such visitors are recorded here; the gateway counts everyone else without names.
    """

    booth = models.ForeignKey(
        "exhibition.Booth", verbose_name=_("booth"), on_delete=models.CASCADE, related_name="named_presences"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visitor"), on_delete=models.CASCADE, related_name="+"
    )
    arrived_at = models.DateTimeField(_("arrived at"))
    last_seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        verbose_name = _("visitor at a booth")
        verbose_name_plural = _("visitors at booths")
        constraints = [models.UniqueConstraint(fields=["booth", "user"], name="presence_once_per_booth")]
        indexes = [models.Index(fields=["booth", "last_seen_at"], name="presence_recent")]

    def __str__(self) -> str:
        return f"{self.user} — {self.booth}"
