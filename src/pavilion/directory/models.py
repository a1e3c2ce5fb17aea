"""Reference data: the organisations that take part in events.

Countries and economies come from ISO 3166 through django-countries, with APEC's names for its
member economies (see COUNTRIES_OVERRIDE in settings); their names follow the UI language.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField


class OrganisationKind(models.TextChoices):
    INTERNATIONAL = "international", _("International organisation")
    GOVERNMENT = "government", _("Ministry or government")
    REGULATOR = "regulator", _("Regulator")
    COMPANY = "company", _("Company")
    ACADEMIA = "academia", _("Academia")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class Organisation(models.Model):
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    name = I18nCharField(_("name"))
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    country = CountryField(_("country or economy"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/logos/", blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.name)
