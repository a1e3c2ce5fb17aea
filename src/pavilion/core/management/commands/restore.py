"""``pavilion restore ARCHIVE``: put back what ``pavilion backup`` saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pavilion.core.backups import VENDOR_NAMES, BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `pavilion backup`: the database, the media files and the meeting documents. "
        "Refuses a database or file directory that already holds data unless --force. Stop Pavilion first. "
        "Afterwards Pavilion's keys in Redis (live history, cache) are deleted when PAVILION_REDIS_URL is set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The archive `pavilion backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and file directories that already hold data (everything in them is lost).",
        )

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        try:
            manifest = restore_backup(archive_path=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        database = manifest["database"]
        files = manifest["files"]
        self.stdout.write(
            self.style.SUCCESS(f"Restored {archive.resolve()} (made {manifest['created']})")
            + f"\n  database: {VENDOR_NAMES[database['vendor']]}, {len(database['tables'])} tables, "
            f"{sum(database['tables'].values())} rows, every table's count checked"
            + f"\n  media files: {files['media']['count']}, meeting documents: {files['documents']['count']}"
            + (
                f"\n  Redis: {manifest['redis_keys_deleted']} keys of the live history and the cache deleted"
                if settings.PAVILION_REDIS_URL
                else ""
            )
            + "\nNext: `pavilion migrate` (applies what this version adds, if anything), then start Pavilion."
        )
