"""``pavilion send_reminders``: every reminder Pavilion sends, in one run (systemd timer or cron).

Session reminders (``events/reminders.py``: agenda sessions starting within --minutes) and
commitment reminders (``programmes/commitments.py``: open commitments due within --days). Each is
claimed before it is sent, so running it every few minutes, or twice at once, sends each once;
deploy/systemd/pavilion-reminders.timer runs it every five minutes.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from pavilion.events.reminders import REMINDER_MINUTES, send_session_reminders
from pavilion.programmes.commitments import REMINDER_DAYS, send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail every reminder that is due: agenda sessions starting within --minutes (default 60) and "
        "open commitments due within --days (default 14). Each reminder is sent once however often it runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=REMINDER_MINUTES)
        parser.add_argument("--days", type=int, default=REMINDER_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        sessions = send_session_reminders(minutes=options["minutes"])
        commitments = send_due_reminders(today=timezone.localdate(), days=options["days"])
        self.stdout.write(f"session_reminders_sent={sessions} commitment_reminders_sent={commitments}")
