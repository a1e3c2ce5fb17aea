from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pavilion.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app says what it holds about a person in its own privacy.py (accounts/privacy.py).
        autodiscover_modules("privacy")
        # ... and which of its roles must use two-factor authentication, in two_factor.py (accounts/mfa.py).
        autodiscover_modules("two_factor")
        from pavilion.accounts import signals

        signals.connect()
