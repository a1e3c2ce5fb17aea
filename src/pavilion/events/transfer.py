"""Import and export of an event's sessions as CSV or JSON, for organisers working in spreadsheets.

An import is all or nothing: every row is checked first and every problem is reported with its
row number; only a file without problems is written, in one transaction, through
``create_session`` / ``update_session`` so the organiser check and validation are the pages' own.
Rows are matched to existing sessions by slug (update) or create new ones.

Columns (JSON keys): slug, kind, title_<lang> and abstract_<lang> for each of the event's content
languages (JSON: "title" and "abstract" objects by language), starts_at and ends_at as local times
in the event's time zone "YYYY-MM-DD HH:MM", room (room slug), track (theme slug), subgroup
(sub-group code), access_level, languages ("en;fr" in CSV, a list in JSON).

Required: slug, kind, at least one title column, starts_at, ends_at and access_level (a closed
session must never become public because a column was forgotten). A column left out of the file
leaves that field as it is on updated sessions (and at its default on new ones); a language left out
of title/abstract keeps its text, and an empty cell clears it. In a repeated hour when clocks go back,
a local time means its first occurrence.
"""

from __future__ import annotations

import csv
import io
import json
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts.models import User
from pavilion.core.spreadsheets import csv_document, unescaped_cell
from pavilion.core.text import LONE_SURROGATE_MESSAGE, lone_surrogate_at
from pavilion.events.models import AccessLevel, Event, Room, Session, SessionKind, SubGroup, Track
from pavilion.events.organising import create_session, require_organiser, update_session

TIME_FORMAT = "%Y-%m-%d %H:%M"
TRANSLATED_FIELDS = ("title", "abstract")
REQUIRED_FIELDS = ("slug", "kind", "starts_at", "ends_at", "access_level")
OPTIONAL_FIELDS = ("room", "track", "subgroup", "languages")
CSV_LANGUAGE_SEPARATOR = ";"


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based data row (CSV: header is row 0), or the JSON list index + 1
    field: str  # column name, or "" for the whole row
    message: str


class ImportRejected(Exception):
    """The file has problems; nothing was written. ``errors`` lists every one."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"The import was rejected with {len(errors)} problem(s).")
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


# --- Export ------------------------------------------------------------------------------------


def content_locales(event: Event) -> list[str]:
    """The languages of the title and abstract columns: the event's content languages."""
    return list(event.content_locales) or [settings.LANGUAGE_CODE]


def _sessions_for_export(event: Event) -> list[Session]:
    sessions = Session.objects.filter(event=event).select_related("room", "track", "subgroup")
    return list(sessions.order_by("starts_at", "slug"))


def _texts(value: Any) -> dict[str, str]:
    """The {language: text} of a content field, whatever form it was stored in."""
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return {str(language): str(text) for language, text in data.items() if text}
    return {settings.LANGUAGE_CODE: str(data)} if data else {}


def _local_time(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    return moment.astimezone(zone).strftime(TIME_FORMAT)


def _export_record(session: Session, locales: list[str], zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    """A session as the import reads it (JSON shape); every content language is listed, "" when empty."""
    title, abstract = _texts(session.title), _texts(session.abstract)
    return {
        "slug": session.slug,
        "kind": session.kind,
        "title": {language: title.get(language, "") for language in locales},
        "abstract": {language: abstract.get(language, "") for language in locales},
        "starts_at": _local_time(session.starts_at, zone),
        "ends_at": _local_time(session.ends_at, zone),
        "room": session.room.slug if session.room else "",
        "track": session.track.slug if session.track else "",
        "subgroup": session.subgroup.code if session.subgroup else "",
        "access_level": session.access_level,
        "languages": list(session.languages or []),
    }


def csv_columns(event: Event) -> list[str]:
    """The columns of an export, in order (also a template for a new file)."""
    return [
        "slug",
        "kind",
        *(f"title_{language}" for language in content_locales(event)),
        *(f"abstract_{language}" for language in content_locales(event)),
        "starts_at",
        "ends_at",
        "room",
        "track",
        "subgroup",
        "access_level",
        "languages",
    ]


def export_sessions_csv(*, event: Event) -> str:
    """All the event's sessions as CSV that ``import_sessions`` reads back (callers check the organiser).

    Written by ``core.spreadsheets``: a byte-order mark first, formula-like cells escaped (undone on import)."""
    zone, locales = zoneinfo.ZoneInfo(event.time_zone), content_locales(event)
    lines: list[list[str]] = [csv_columns(event)]
    for session in _sessions_for_export(event):
        record = _export_record(session, locales, zone)
        lines.append(
            [
                record["slug"],
                record["kind"],
                *(record["title"][language] for language in locales),
                *(record["abstract"][language] for language in locales),
                record["starts_at"],
                record["ends_at"],
                record["room"],
                record["track"],
                record["subgroup"],
                record["access_level"],
                CSV_LANGUAGE_SEPARATOR.join(record["languages"]),
            ]
        )
    return csv_document(lines)


def export_sessions_json(*, event: Event) -> str:
    """All the event's sessions as a JSON list that ``import_sessions`` reads back (callers check the organiser)."""
    zone, locales = zoneinfo.ZoneInfo(event.time_zone), content_locales(event)
    records = [_export_record(session, locales, zone) for session in _sessions_for_export(event)]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


# --- Reading files -----------------------------------------------------------------------------
# Both formats are read into the same shape: per row, the fields present in the file, with
# "title"/"abstract" as {language: text} and "languages" as a list. Values are checked afterwards.


@dataclass
class _SourceRow:
    number: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)


# Where an error about (field, language) is reported: CSV names the column, JSON the key.
_ColumnName = Callable[[str, str], str]


def _csv_column(name: str, language: str) -> str:
    return f"{name}_{language}" if language else name


def _json_key(name: str, language: str) -> str:
    return name


def _decode(data: bytes) -> str:
    try:
        # utf-8-sig: spreadsheet programs often start a UTF-8 file with a byte-order mark.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            [RowError(0, "", _("The file is not UTF-8 text. Save it with the UTF-8 encoding and try again."))]
        ) from None


def _header_errors(columns: Sequence[str], event: Event) -> list[RowError]:
    errors: list[RowError] = []
    known = {*REQUIRED_FIELDS, *OPTIONAL_FIELDS}
    locales = content_locales(event)
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            errors.append(
                RowError(0, column, _("The column “%(column)s” appears more than once.") % {"column": column})
            )
        seen.add(column)
        name, _sep, language = column.partition("_")
        if column in known:
            continue
        if name in TRANSLATED_FIELDS and language:
            if language not in locales:
                errors.append(
                    RowError(
                        0,
                        column,
                        _("“%(language)s” is not one of this event's content languages (%(languages)s).")
                        % {"language": language, "languages": ", ".join(locales)},
                    )
                )
            continue
        errors.append(RowError(0, column, _("The column “%(column)s” is not known.") % {"column": column}))
    for name in REQUIRED_FIELDS:
        if name not in seen:
            errors.append(RowError(0, name, _("The column “%(column)s” is missing.") % {"column": name}))
    if not any(column.startswith("title_") for column in seen):
        example = f"title_{locales[0]}"
        errors.append(
            RowError(
                0,
                example,
                _("A title column is missing (one per content language, such as “%(column)s”).") % {"column": example},
            )
        )
    return errors


def _read_csv(data: bytes, event: Event) -> list[_SourceRow]:
    text = _decode(data)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportRejected(
            [RowError(0, "", _("The file cannot be read as CSV: %(problem)s.") % {"problem": error})]
        ) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportRejected([RowError(0, "", _("The file is empty; the first row must name the columns."))])
    columns = [cell.strip().lower() for cell in records[0]]
    errors = _header_errors(columns, event)
    if errors:
        raise ImportRejected(errors)
    rows: list[_SourceRow] = []
    for number, cells in enumerate(records[1:], start=1):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines that spreadsheets leave at the end
        row = _SourceRow(number=number, values={})
        if len(cells) > len(columns):
            row.errors.append(RowError(number, "", _("This row has more cells than the first row has columns.")))
        cells = cells + [""] * (len(columns) - len(cells))
        for column, raw in zip(columns, cells, strict=False):
            cell = unescaped_cell(raw)
            name, _sep, language = column.partition("_")
            if name in TRANSLATED_FIELDS and language:
                row.values.setdefault(name, {})[language] = cell.strip()
            elif column == "languages":
                row.values[column] = [code.strip() for code in cell.split(CSV_LANGUAGE_SEPARATOR) if code.strip()]
            else:
                row.values[column] = cell.strip()
        rows.append(row)
    return rows


def _read_json(data: bytes, event: Event) -> list[_SourceRow]:
    text = _decode(data)
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRejected(
            [
                RowError(
                    0,
                    "",
                    _("The file is not valid JSON: %(problem)s (line %(line)d, column %(column)d).")
                    % {"problem": error.msg, "line": error.lineno, "column": error.colno},
                )
            ]
        ) from None
    if not isinstance(records, list):
        raise ImportRejected([RowError(0, "", _("The file must hold a list of sessions."))])
    return [_json_row(number, record, event) for number, record in enumerate(records, start=1)]


def _json_row(number: int, record: object, event: Event) -> _SourceRow:
    row = _SourceRow(number=number, values={})
    if not isinstance(record, dict):
        row.errors.append(RowError(number, "", _("Each entry must be an object with the session's fields.")))
        return row
    broken = lone_surrogate_at(record)
    if broken is not None:
        row.errors.append(RowError(number, broken[0], str(LONE_SURROGATE_MESSAGE)))
        return row
    locales = content_locales(event)
    for key, value in record.items():
        if key in TRANSLATED_FIELDS:
            if not isinstance(value, dict) or not all(isinstance(text, str) for text in value.values()):
                row.errors.append(RowError(number, key, _("This must be an object of texts by language code.")))
                continue
            unknown = [language for language in value if language not in locales]
            if unknown:
                row.errors.append(
                    RowError(
                        number,
                        key,
                        _("“%(language)s” is not one of this event's content languages (%(languages)s).")
                        % {"language": unknown[0], "languages": ", ".join(locales)},
                    )
                )
                continue
            row.values[key] = {language: text.strip() for language, text in value.items()}
        elif key == "languages":
            if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
                row.errors.append(RowError(number, key, _("This must be a list of language codes.")))
                continue
            row.values[key] = [code.strip() for code in value if code.strip()]
        elif key in REQUIRED_FIELDS or key in OPTIONAL_FIELDS:
            if value is not None and not isinstance(value, str):
                row.errors.append(RowError(number, key, _("This must be text.")))
                continue
            row.values[key] = (value or "").strip()
        else:
            row.errors.append(RowError(number, key, _("The field “%(field)s” is not known.") % {"field": key}))
    for name in (*REQUIRED_FIELDS, "title"):
        if name not in record:
            row.errors.append(RowError(number, name, _("This field is missing.")))
    return row


# --- Checking rows -----------------------------------------------------------------------------


@dataclass
class _PlannedWrite:
    number: int
    session: Session | None  # the session to update, or None to create one
    values: dict[str, Any]


class _EventLookups:
    """The event's rooms, themes, sub-groups and sessions, loaded once for all rows."""

    def __init__(self, event: Event) -> None:
        self.event = event
        self.zone = zoneinfo.ZoneInfo(event.time_zone)
        self.rooms: dict[str, Room] = {room.slug: room for room in Room.objects.filter(event=event)}
        self.tracks: dict[str, Track] = {track.slug: track for track in Track.objects.filter(event=event)}
        self.subgroups: dict[str, SubGroup] = {group.code: group for group in SubGroup.objects.filter(event=event)}
        self.sessions: dict[str, Session] = {session.slug: session for session in Session.objects.filter(event=event)}
        self.language_codes = [code for code, _name in settings.LANGUAGES]


def _parse_local_time(text: str, zone: zoneinfo.ZoneInfo) -> datetime | str:
    """The moment meant by a local time, or the reason it is not one."""
    try:
        naive = datetime.strptime(text.replace("T", " "), TIME_FORMAT)
    except ValueError:
        return _("“%(value)s” is not a date and time written as YYYY-MM-DD HH:MM.") % {"value": text}
    moment = naive.replace(tzinfo=zone)
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return _("%(value)s does not exist in %(zone)s: the clocks skip it.") % {"value": text, "zone": zone.key}
    return moment


def _merged_texts(existing: Any, given: dict[str, str]) -> dict[str, str]:
    """Languages in the file replace those of the session; an empty text removes its language."""
    texts = _texts(existing)
    for language, text in given.items():
        if text:
            texts[language] = text
        else:
            texts.pop(language, None)
    return texts


def _check_row(row: _SourceRow, lookups: _EventLookups, column: _ColumnName) -> _PlannedWrite | None:
    """Turn a row into model values, adding its problems to ``row.errors``; None if there are any.

    Fields are checked in the order of the columns of an export, so problems read left to right.
    """
    values: dict[str, Any] = {}
    given = row.values
    problems: list[tuple[str, str]] = []  # (column, message)
    required = _("This value is required.")

    slug = given.get("slug", "")
    existing = lookups.sessions.get(slug) if slug else None
    if "slug" in given:
        if not slug:
            problems.append(("slug", required))
        else:
            try:
                Session._meta.get_field("slug").run_validators(slug)
            except ValidationError as error:
                problems += [("slug", str(message)) for message in error.messages]
        values["slug"] = slug

    if "kind" in given:
        kind = given["kind"]
        if not kind:
            problems.append(("kind", required))
        elif kind not in SessionKind.values:
            choices = ", ".join(SessionKind.values)
            message = _("“%(value)s” is not a session type. Use one of: %(choices)s.")
            problems.append(("kind", message % {"value": kind, "choices": choices}))
        values["kind"] = kind

    for name in TRANSLATED_FIELDS:
        if name in given:
            values[name] = _merged_texts(getattr(existing, name, None), given[name])
    if "title" in given and not values["title"]:
        first = next(iter(given["title"]), "")
        problems.append((column("title", first), _("A title is required in at least one language.")))

    moments: dict[str, datetime] = {}
    for name in ("starts_at", "ends_at"):
        if name not in given:
            continue
        if not given[name]:
            problems.append((name, required))
            continue
        parsed = _parse_local_time(given[name], lookups.zone)
        if isinstance(parsed, str):
            problems.append((name, parsed))
        else:
            moments[name] = values[name] = parsed
    if len(moments) == 2 and moments["ends_at"] <= moments["starts_at"]:
        problems.append(("ends_at", _("The session must end after it starts.")))

    related: tuple[tuple[str, dict[str, Any], str], ...] = (
        ("room", lookups.rooms, _("There is no room “%(value)s” in this event.")),
        ("track", lookups.tracks, _("There is no theme “%(value)s” in this event.")),
        ("subgroup", lookups.subgroups, _("There is no sub-group “%(value)s” in this event.")),
    )
    for name, known, message in related:
        if name not in given:
            continue
        key = given[name]
        if key and key not in known:
            problems.append((name, message % {"value": key}))
        else:
            values[name] = known[key] if key else None

    if "access_level" in given:
        access = given["access_level"]
        if not access:
            problems.append(("access_level", required))
        elif access not in AccessLevel.values:
            choices = ", ".join(AccessLevel.values)
            message = _("“%(value)s” is not an access level. Use one of: %(choices)s.")
            problems.append(("access_level", message % {"value": access, "choices": choices}))
        values["access_level"] = access

    if "languages" in given:
        codes = [code.lower() for code in given["languages"]]
        choices = ", ".join(lookups.language_codes)
        for code in codes:
            if code not in lookups.language_codes:
                message = _("“%(value)s” is not a language code. Use: %(choices)s.")
                problems.append(("languages", message % {"value": code, "choices": choices}))
        values["languages"] = list(dict.fromkeys(codes))

    row.errors += [RowError(row.number, name, message) for name, message in problems]
    if row.errors:
        return None
    return _full_check(row, existing, values, lookups, column)


def _full_check(
    row: _SourceRow, existing: Session | None, values: dict[str, Any], lookups: _EventLookups, column: _ColumnName
) -> _PlannedWrite | None:
    """The model's own validation (constraints, field limits) of the session as the row would leave it.

    Nothing is saved here; an existing session is changed in memory only, and the write applies the
    same values again through ``update_session``.
    """
    if existing is not None:
        candidate = existing
        for name, value in values.items():
            setattr(candidate, name, value)
    else:
        candidate = Session(event=lookups.event, **values)
    try:
        candidate.full_clean()
    except ValidationError as error:
        row.errors += _row_errors(row.number, error, column, values)
        return None
    return _PlannedWrite(number=row.number, session=existing, values=values)


def _row_errors(number: int, error: ValidationError, column: _ColumnName, values: dict[str, Any]) -> list[RowError]:
    """A model ValidationError as RowErrors, naming the file's columns."""
    errors: list[RowError] = []
    for name, messages in error.message_dict.items():
        if name == NON_FIELD_ERRORS:
            where = ""
        elif name in TRANSLATED_FIELDS:
            where = column(name, next(iter(values.get(name) or {}), ""))
        else:
            where = name
        errors += [RowError(number, where, str(message)) for message in messages]
    return errors


def _duplicate_slugs(rows: list[_SourceRow]) -> None:
    first_row: dict[str, int] = {}
    for row in rows:
        slug = row.values.get("slug")
        if not isinstance(slug, str) or not slug:
            continue
        if slug in first_row:
            row.errors.append(
                RowError(
                    row.number,
                    "slug",
                    _("The slug “%(slug)s” is already used in row %(row)d.") % {"slug": slug, "row": first_row[slug]},
                )
            )
        else:
            first_row[slug] = row.number


# --- Import ------------------------------------------------------------------------------------


def import_sessions(*, event: Event, by: User, data: bytes, format: str) -> ImportResult:
    """Create or update (by slug) the event's sessions from a CSV or JSON file, all or nothing.

    Raises PermissionDenied unless ``by`` organises the event, and ImportRejected with every
    problem found (row numbers as in ``RowError``) without writing anything if the file has any.
    """
    require_organiser(event=event, user=by)
    if format == "csv":
        rows, column = _read_csv(data, event), _csv_column
    elif format == "json":
        rows, column = _read_json(data, event), _json_key
    else:
        raise ValueError(f"Unknown import format {format!r}; use 'csv' or 'json'.")
    lookups = _EventLookups(event)
    _duplicate_slugs(rows)
    planned = [_check_row(row, lookups, column) for row in rows]
    errors = [error for row in rows for error in row.errors]
    if errors:
        raise ImportRejected(sorted(errors, key=lambda error: error.row))
    writes = [write for write in planned if write is not None]
    current = 0
    try:
        with transaction.atomic():
            for write in writes:
                current = write.number
                if write.session is None:
                    create_session(event=event, by=by, **write.values)
                else:
                    update_session(session=write.session, by=by, **write.values)
    except ValidationError as error:
        # Only a concurrent change can get here, since every row was checked above.
        values = next(write.values for write in writes if write.number == current)
        raise ImportRejected(_row_errors(current, error, column, values)) from None
    created = sum(1 for write in writes if write.session is None)
    return ImportResult(created=created, updated=len(writes) - created)
