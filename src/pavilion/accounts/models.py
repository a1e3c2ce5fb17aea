"""People who use Pavilion. One account can hold different roles in different events."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField


class AccountManager(UserManager["User"]):
    """Accounts are identified by e-mail address; there is no username."""

    def _create_user_object(self, username: Any, email: str | None, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.password = ""
        user.set_password(password)
        return user

    def _create_user(self, username: Any, email: str | None, password: str | None, **extra: Any) -> User:
        user = self._create_user_object(username, email, password, **extra)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra)


class Honorific(models.TextChoices):
    HE = "he", pgettext_lazy("honorific", "H.E.")
    DR = "dr", pgettext_lazy("honorific", "Dr")
    PROF = "prof", pgettext_lazy("honorific", "Prof.")
    MR = "mr", pgettext_lazy("honorific", "Mr")
    MS = "ms", pgettext_lazy("honorific", "Ms")
    MX = "mx", pgettext_lazy("honorific", "Mx")


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    honorific = models.CharField(
        pgettext_lazy("form of address", "title"), max_length=8, choices=Honorific.choices, blank=True
    )
    job_title = models.CharField(
        _("position"), max_length=150, blank=True, help_text=_("For example: Director, ICT Policy Department")
    )
    country = CountryField(_("country or economy"), blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    preferred_languages = models.JSONField(
        _("preferred languages"), default=list, blank=True, help_text=_("UI language codes, most preferred first.")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    # Off by default: a visitor's presence at a booth is counted, never named, unless they opt in.
    show_name_to_exhibitors = models.BooleanField(
        _("Let exhibitors see my name when I visit a booth"),
        default=False,
        help_text=_("The booth's staff then see your name among the visitors at their booth now."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[AccountManager] = AccountManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name to show in the current language: honorific and full name ("Ms Nguyễn Thị Mai"), in
        Chinese the title after the name as the norm is ("Nguyễn Thị Mai女士"), or the e-mail address
        when no name is given."""
        if not self.full_name:
            return self.email
        if self.honorific:
            title = self.get_honorific_display()
            if (translation.get_language() or "").startswith("zh"):
                return f"{self.full_name}{title}"
            return f"{title} {self.full_name}"
        return self.full_name

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email


class IdentityProvider(models.Model):
    """Single sign-on through an organisation's own identity provider: OpenID Connect (a ministry's
    or the UN's Microsoft Entra, Keycloak, ...) or SAML 2.0 (accounts/saml.py). allauth's
    ``SocialApp`` holds the connection (client id and secret, or the SAML provider's entity ID, sign-in
    address and certificate); this says how its people map onto Pavilion accounts."""

    app = models.OneToOneField(
        "socialaccount.SocialApp",
        verbose_name=_("sign-in application"),
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Accounts signing in through this provider belong to this organisation (and its country)."),
    )
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated, e.g. mic.gov.vn. Only addresses in these domains sign in or are linked to "
            "existing accounts through this provider. Empty: any address the provider has verified."
        ),
    )
    name_claim = models.CharField(_("claim with the full name"), max_length=255, default="name")
    country_claim = models.CharField(
        _("claim with the country"),
        max_length=255,
        blank=True,
        default="country",
        help_text=_("A two-letter ISO 3166 code. Without it, the organisation's country is used."),
    )
    organisation_claim = models.CharField(
        _("claim with the organisation"),
        max_length=255,
        blank=True,
        help_text=_(
            "Its value names an organisation of the directory by its short name for links or its acronym. "
            "Without it, or when it names none, the organisation above is used."
        ),
    )
    trusts_provider_mfa = models.BooleanField(
        _("trust the provider's two-factor authentication"),
        default=True,
        help_text=_(
            'When the provider says it used a second factor ("mfa" in the amr claim), Pavilion does not ask again.'
        ),
    )

    class Meta:
        verbose_name = _("single sign-on provider")
        verbose_name_plural = _("single sign-on providers")

    def __str__(self) -> str:
        return str(self.app)

    def allows_email(self, email: str) -> bool:
        """Whether an address may sign in (or be linked) through this provider."""
        domains = {domain.strip().lower().lstrip("@") for domain in self.email_domains.split(",") if domain.strip()}
        return not domains or email.rpartition("@")[2].lower() in domains


class SAMLIdentityProviderManager(models.Manager["SAMLIdentityProvider"]):
    def get_queryset(self) -> models.QuerySet[SAMLIdentityProvider]:
        return super().get_queryset().filter(app__provider="saml")


class SAMLIdentityProvider(IdentityProvider):
    """The SAML 2.0 providers among the single sign-on providers: the back office's own page for them
    writes the connection (entity ID, sign-in address, certificate) after checking it (accounts/saml.py)."""

    objects: ClassVar[SAMLIdentityProviderManager] = SAMLIdentityProviderManager()

    class Meta:
        proxy = True
        verbose_name = _("SAML identity provider")
        verbose_name_plural = _("SAML identity providers")
