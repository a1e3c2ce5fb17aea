"""``pavilion send_session_reminders``: e-mail people before the sessions in their agenda (cron, every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pavilion.events.reminders import REMINDER_MINUTES, send_session_reminders


class Command(BaseCommand):
    help = "E-mail a reminder for each agenda session starting within --minutes (default 60); each once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=REMINDER_MINUTES)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_session_reminders(minutes=options["minutes"])
        self.stdout.write(f"reminders_sent={sent}")
