"""``pavilion demo``: load the demo events, organisations and accounts (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from pavilion.demo import live_content
from pavilion.demo.services import load_demo


class Command(BaseCommand):
    help = "Load the demo events, organisations and one account per role. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = load_demo(set_passwords=settings.DEBUG)
        self.stdout.write(self.style.SUCCESS("Demo loaded: ITU Virtual Digital World 2020, APEC TEL 45, WTISD."))
        live = reverse("events:session", kwargs={"slug": live_content.LIVE_EVENT, "session_slug": "live-broadband-gap"})
        self.stdout.write(f"Live now (dated to today): {live}")
        if not settings.DEBUG:
            self.stdout.write(
                "Demo accounts have no password outside debug mode; set one with `pavilion changepassword EMAIL`."
            )
            return
        width = max(len(account.role) for account in accounts)
        self.stdout.write("Demo accounts (debug mode only):")
        for account in accounts:
            self.stdout.write(f"  {account.role:<{width}}  {account.email}  {account.password}")
