"""``pavilion backup``: the database, media files and meeting documents in one tar archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pavilion.core.backups import VENDOR_NAMES, BackupError, create_backup, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump for PostgreSQL, SQLite's online backup for the embedded database), "
        "the media files and the private meeting documents into one tar archive with a manifest. "
        "Safe while Pavilion runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            help="The archive to write (.tar, or .tar.gz to compress); default "
            "PAVILION_VAR_DIR/backups/pavilion-<UTC time>.tar. A directory: a file named so inside it.",
        )

    def handle(self, *args: Any, output: str | None, **options: Any) -> None:
        target = Path(output) if output else default_backup_path()
        if output and (output.endswith("/") or target.is_dir()):  # a directory, made if need be
            target = target / default_backup_path().name
        try:
            manifest = create_backup(output=target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        database = manifest["database"]
        files = manifest["files"]
        rows = sum(database["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {target.resolve()}")
            + f"\n  database: {VENDOR_NAMES[database['vendor']]}, {len(database['tables'])} tables, {rows} rows"
            + f"\n  media files: {files['media']['count']}, meeting documents: {files['documents']['count']}"
            + "\nIt holds password hashes and private documents: keep it where only operators can read it."
        )
