"""``pavilion mark-missed-contacts``: open contact requests not answered in time become "missed".

The staff's list of requests does this for its own booth whenever it is shown; run this command
(e.g. hourly from cron) so that every booth's figures are right even when nobody looks.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pavilion.boothtalk.contacts import MISSED_AFTER, mark_overdue_missed


class Command(BaseCommand):
    help = f"Mark contact requests still open after {MISSED_AFTER.days} days as missed."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = mark_overdue_missed()
        self.stdout.write(f"{changed} contact request{'s' if changed != 1 else ''} marked missed.")
