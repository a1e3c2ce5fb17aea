"""``pavilion send_commitment_reminders``: e-mail owners of commitments due soon (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from pavilion.programmes.commitments import REMINDER_DAYS, send_due_reminders


class Command(BaseCommand):
    help = "E-mail the owners of open commitments due within --days (default 14); each due date once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=REMINDER_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders(today=timezone.localdate(), days=options["days"])
        self.stdout.write(f"reminders_sent={sent}")
