"""`pavilion backup` / `pavilion restore`: a round trip on the database the suite runs on (PostgreSQL in
CI's first pass, SQLite in its second) gives back every table's rows and every file; a restore
refuses data already there, other databases, newer versions and damaged archives, changing nothing."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from pavilion.accounts.models import User
from pavilion.core.backups import MANIFEST, database_counts
from pavilion.directory.models import Organisation
from pavilion.programmes.models import private_storage
from tests.conftest import require_service
from tests.factories import (
    BoothFactory,
    EventFactory,
    OrganisationFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads only what is committed

SAMPLE_ROWS = 25


@pytest.fixture
def roots(settings: Any, tmp_path: Path) -> tuple[Path, Path]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAVILION_DOCUMENTS_ROOT = tmp_path / "documents"
    return settings.MEDIA_ROOT, settings.PAVILION_DOCUMENTS_ROOT


def _world() -> None:
    """A little of everything: accounts, an event with sessions and registrations, a booth, files."""
    event = EventFactory.create(name={"en": "Virtual Digital World", "ar": "العالم الرقمي", "zh-hans": "虚拟数字世界"})
    SessionFactory.create_batch(3, event=event)
    for _ in range(2):
        RegistrationFactory.create(event=event)
    BoothFactory.create(event=event, staff=[UserFactory.create()])
    organisation = OrganisationFactory.create()
    organisation.logo.save("logo.png", ContentFile(b"\x89PNG not really, but bytes"))
    private_storage().save("programmes/1/tel45-plen-004.pdf", ContentFile(b"%PDF-1.4 the declaration"))


def _rows() -> dict[str, Any]:
    """Every table's row count, and its first rows in the order of its first column."""
    counts = database_counts()
    sample = {}
    with connection.cursor() as cursor:
        for table in counts:
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1 LIMIT {SAMPLE_ROWS}')  # noqa: S608 - catalogue names
            sample[table] = [
                tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
                for row in cursor.fetchall()
            ]
    return {"counts": counts, "sample": sample}


def _files(*roots: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root.parent)): path.read_bytes()
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_backup_then_restore_gives_back_every_table_and_file(roots: tuple[Path, Path], tmp_path: Path) -> None:
    media, documents = roots
    _world()
    saved, saved_files = _rows(), _files(media, documents)
    assert saved["counts"]["accounts_user"] == User.objects.count() == 3
    archive = tmp_path / "backups" / "nightly.tar"

    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert f"Backup written: {archive}" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # password hashes and private documents inside
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile(MANIFEST))  # type: ignore[arg-type]
        names = set(opened.getnames())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"] == saved["counts"]
    assert manifest["files"] == {
        "media": {"count": 1, "bytes": len(saved_files["media/organisations/logos/logo.png"])},
        "documents": {"count": 1, "bytes": len(b"%PDF-1.4 the declaration")},
    }
    assert {"media/organisations/logos/logo.png", "documents/programmes/1/tel45-plen-004.pdf"} <= names

    # Life goes on after the backup: a registration withdrawn, an event added, files changed.
    User.objects.filter(pk=User.objects.order_by("pk").last().pk).delete()  # type: ignore[union-attr]
    EventFactory.create()
    (media / "organisations" / "logos" / "logo.png").unlink()
    (documents / "stray.pdf").write_bytes(b"%PDF-1.4 later")
    changed = _rows()

    with pytest.raises(CommandError, match=r"Nothing was restored: the database .* already holds data: .*--force"):
        call_command("restore", str(archive))
    assert _rows() == changed  # refused: nothing touched
    assert (documents / "stray.pdf").exists()

    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "every table's count checked" in out.getvalue()
    assert _rows() == saved
    assert _files(media, documents) == saved_files
    # The sequences came back too: new rows get new numbers.
    assert EventFactory.create().pk > max(row[0] for row in saved["sample"]["events_event"])

    # Into an empty database and empty directories no --force is needed; files left over count as data.
    call_command("flush", "--no-input")
    with pytest.raises(CommandError, match=r"Nothing was restored: .*/media already holds 1 media files"):
        call_command("restore", str(archive))
    shutil.rmtree(media)
    shutil.rmtree(documents)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert _rows() == saved
    assert _files(media, documents) == saved_files


def _archive_with(
    tmp_path: Path,
    source: Path,
    change: dict[str, Any],
    name: str,
    extra: dict[str, bytes] | None = None,
    cut_database: bool = False,
) -> Path:
    """A copy of ``source`` whose manifest has ``change`` applied (keys with dots reach inside), the
    ``extra`` members added, and (``cut_database``) its database copy cut in half, the manifest's
    checksum made to match (damage a checksum cannot see: it was there before the backup finished)."""
    target = tmp_path / name
    with tarfile.open(source) as original, tarfile.open(target, "w") as copy:
        for member_name, data in (extra or {}).items():
            info = tarfile.TarInfo(member_name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
        cut = b""
        for member in original.getmembers():
            data = original.extractfile(member).read()  # type: ignore[union-attr]
            if cut_database and member.name.startswith("database/"):
                data = cut = data[: len(data) // 2]
                member.size = len(data)
            if cut and member.name == MANIFEST:
                change = {**change, "database.sha256": hashlib.sha256(cut).hexdigest()}
            if member.name == MANIFEST:
                manifest = json.loads(data)
                for key, value in change.items():
                    *path, last = key.split(".")
                    inner = manifest
                    for part in path:
                        inner = inner[part]
                    inner[last] = value
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def test_restore_refuses_other_archives_and_changes_nothing(
    roots: tuple[Path, Path], tmp_path: Path, settings: Any
) -> None:
    _world()
    archive = tmp_path / "good.tar"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())
    Organisation.objects.filter(pk=Organisation.objects.order_by("pk")[0].pk).update(slug="changed")
    UserFactory.create()
    before = _rows()
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    not_tar = tmp_path / "notes.txt"
    not_tar.write_text("not an archive")
    cases = {
        not_tar: "is not a Pavilion backup: it is not a tar archive",
        tmp_path / "missing.tar": "does not exist",
        _archive_with(tmp_path, archive, {"format": "something-else"}, "other-format.tar"): "is not a Pavilion backup",
        _archive_with(tmp_path, archive, {"database.vendor": other}, "other-vendor.tar"): (
            "holds a (PostgreSQL|SQLite) database; this Pavilion uses"
        ),
        _archive_with(tmp_path, archive, {"migrations.events": ["9999_from_the_future"]}, "newer.tar"): (
            r"made by a newer Pavilion .*events\.9999_from_the_future"
        ),
        _archive_with(tmp_path, archive, {"database.sha256": "0" * 64}, "damaged.tar"): (
            "is damaged: its database copy does not match"
        ),
        _archive_with(tmp_path, archive, {"files.media.count": 2}, "a-file-missing.tar"): (
            "is damaged: it holds 1 media files .*PAVILION_MEDIA_ROOT.*, its manifest 2"
        ),
        _archive_with(tmp_path, archive, {}, "unsafe.tar", extra={"media/../../outside.txt": b"x"}): (
            "is damaged or unsafe, nothing was changed"
        ),
        _archive_with(tmp_path, archive, {}, "cut.tar", cut_database=True): (
            "(pg_restore could not read the dump|Restoring into PostgreSQL failed); nothing was changed"
            if connection.vendor == "postgresql"
            else "is damaged: its SQLite copy (cannot be read|does not hold what the manifest lists)"
        ),
    }
    files = _files(*roots)
    for path, message in cases.items():
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path), "--force")
        assert _rows() == before, path
        assert _files(*roots) == files, path
    assert not (Path(settings.CONFIG.var_dir) / "outside.txt").exists()  # where it would have landed


def test_restore_deletes_pavilion_keys_in_redis(roots: tuple[Path, Path], tmp_path: Path, settings: Any) -> None:
    """The live history after a restore would describe a later state than the database's: it goes."""
    import redis

    redis_url = require_service("PAVILION_TEST_REDIS_URL", "Redis")
    UserFactory.create()
    call_command("backup", "-o", f"{tmp_path}/nightly/", stdout=io.StringIO())  # a directory, made for it
    [archive] = (tmp_path / "nightly").glob("pavilion-*.tar")
    client = redis.Redis.from_url(redis_url)
    client.set("pavilion:live:seq:session:1", 41)
    client.set("not-pavilion:session:1", 7)
    settings.PAVILION_REDIS_URL = redis_url
    out = io.StringIO()
    try:
        call_command("restore", str(archive), "--force", stdout=out)
        assert client.exists("pavilion:live:seq:session:1") == 0
        assert client.get("not-pavilion:session:1") == b"7"
    finally:
        client.delete("not-pavilion:session:1")
        client.close()
    assert "keys of the live history and the cache deleted" in out.getvalue()
