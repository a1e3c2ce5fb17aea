from __future__ import annotations

import json
import zoneinfo
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pavilion.accounts.models import User
from pavilion.events.models import Event, Session, SubGroup
from pavilion.events.transfer import (
    ImportRejected,
    ImportResult,
    RowError,
    export_sessions_csv,
    export_sessions_json,
    import_sessions,
)
from tests.factories import EventFactory, RoomFactory, SessionFactory, TrackFactory, UserFactory

pytestmark = pytest.mark.django_db

HO_CHI_MINH = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
Exporter = Callable[..., str]
HEADER = (
    "slug,kind,title_en,title_vi,abstract_en,abstract_vi,starts_at,ends_at,room,track,subgroup,access_level,languages"
)


def event_with_venue(slug: str = "vdw2020", *, time_zone: str = "Asia/Ho_Chi_Minh") -> tuple[Event, User]:
    """An event with two rooms, two themes and a sub-group, and its organiser."""
    event = EventFactory.create(slug=slug, content_locales=["en", "vi"], time_zone=time_zone)
    RoomFactory.create(event=event, slug="main-stage")
    RoomFactory.create(event=event, slug="forum-room")
    TrackFactory.create(event=event, slug="broadband")
    TrackFactory.create(event=event, slug="5g")
    SubGroup.objects.create(event=event, code="SG1", name={"en": "Steering group"})
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    return event, organiser


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def rejected(event: Event, by: User, data: bytes, format: str = "csv") -> list[RowError]:
    with pytest.raises(ImportRejected) as caught:
        import_sessions(event=event, by=by, data=data, format=format)
    return caught.value.errors


def described(session: Session) -> dict[str, Any]:
    """What a session is, without its identity (so sessions of two events compare)."""
    return {
        "slug": session.slug,
        "kind": session.kind,
        "title": session.title.data,
        "abstract": session.abstract.data or {},
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": session.room.slug if session.room else None,
        "track": session.track.slug if session.track else None,
        "subgroup": session.subgroup.code if session.subgroup else None,
        "access_level": session.access_level,
        "languages": session.languages,
    }


def sessions_of(event: Event) -> list[dict[str, Any]]:
    return [described(session) for session in Session.objects.filter(event=event).order_by("starts_at", "slug")]


def fill_schedule(event: Event) -> None:
    """Three sessions using every column: rooms, themes, sub-group, access, languages, texts with commas."""
    SessionFactory.create(
        event=event,
        slug="opening",
        kind="opening",
        title={"en": "Opening, welcome", "vi": "Khai mạc"},
        abstract={"en": 'Line one\nline "two"', "vi": "Chào mừng"},
        starts_at=datetime(2020, 10, 20, 9, 0, tzinfo=HO_CHI_MINH),
        ends_at=datetime(2020, 10, 20, 10, 30, tzinfo=HO_CHI_MINH),
        room=event.rooms.get(slug="main-stage"),
        track=event.tracks.get(slug="broadband"),
        languages=["en", "vi", "zh-hans"],
    )
    SessionFactory.create(
        event=event,
        slug="roundtable",
        kind="ministerial_roundtable",
        title={"en": "Ministerial roundtable"},
        starts_at=datetime(2020, 10, 20, 11, 0, tzinfo=HO_CHI_MINH),
        ends_at=datetime(2020, 10, 20, 12, 0, tzinfo=HO_CHI_MINH),
        room=event.rooms.get(slug="main-stage"),
        access_level="accredited",
    )
    SessionFactory.create(
        event=event,
        slug="steering",
        kind="steering_group",
        title={"vi": "Họp nhóm chỉ đạo"},
        starts_at=datetime(2020, 10, 21, 23, 30, tzinfo=HO_CHI_MINH),
        ends_at=datetime(2020, 10, 22, 0, 30, tzinfo=HO_CHI_MINH),
        subgroup=event.subgroups.get(code="SG1"),
        track=event.tracks.get(slug="5g"),
        access_level="invited",
        languages=["en"],
    )


def test_import_csv_creates_sessions_in_event_time_zone() -> None:
    event, organiser = event_with_venue()
    data = csv_file(
        "opening,opening,Opening,Khai mạc,Welcome,,2020-10-20 09:00,2020-10-20 10:30,"
        "main-stage,broadband,,public,en;vi",
        "sg1,steering_group,Steering group,,,,2020-10-21 14:00,2020-10-21 15:00,,,SG1,invited,",
    )

    assert import_sessions(event=event, by=organiser, data=data, format="csv") == ImportResult(created=2, updated=0)

    assert sessions_of(event) == [
        {
            "slug": "opening",
            "kind": "opening",
            "title": {"en": "Opening", "vi": "Khai mạc"},
            "abstract": {"en": "Welcome"},
            "starts_at": datetime(2020, 10, 20, 2, 0, tzinfo=UTC),
            "ends_at": datetime(2020, 10, 20, 3, 30, tzinfo=UTC),
            "room": "main-stage",
            "track": "broadband",
            "subgroup": None,
            "access_level": "public",
            "languages": ["en", "vi"],
        },
        {
            "slug": "sg1",
            "kind": "steering_group",
            "title": {"en": "Steering group"},
            "abstract": {},
            "starts_at": datetime(2020, 10, 21, 7, 0, tzinfo=UTC),
            "ends_at": datetime(2020, 10, 21, 8, 0, tzinfo=UTC),
            "room": None,
            "track": None,
            "subgroup": "SG1",
            "access_level": "invited",
            "languages": [],
        },
    ]


def test_import_rejects_file_with_one_bad_row_and_writes_nothing() -> None:
    event, organiser = event_with_venue()
    SessionFactory.create(event=event, slug="existing", title={"en": "Unchanged"})
    data = csv_file(
        "existing,forum,Changed,,,,2020-10-20 09:00,2020-10-20 10:00,main-stage,,,public,en",
        "bad,forum,Bad row,,,,2020-10-20 11:00,2020-10-20 10:00,ballroom,,,public,en",
        "new,forum,New,,,,2020-10-20 12:00,2020-10-20 13:00,forum-room,,,public,en",
    )

    errors = rejected(event, organiser, data)

    assert errors == [
        RowError(2, "ends_at", "The session must end after it starts."),
        RowError(2, "room", "There is no room “ballroom” in this event."),
    ]
    assert Session.objects.count() == 1
    assert Session.objects.get().title.data == {"en": "Unchanged"}


def test_import_reports_every_problem_of_every_row() -> None:
    event, organiser = event_with_venue()
    data = csv_file(
        "ok,forum,Fine,,,,2020-10-20 09:00,2020-10-20 10:00,,,,public,",
        "ok,forum,Again,,,,2020-10-20 09:00,2020-10-20 10:00,,,,public,",
        "kinds,dinner,Dinner,,,,2020-10-20 09:00,2020-10-20 10:00,,6g,SG9,secret,en;de",
        "times,forum,Times,,,,20/10/2020 09:00,,,,,public,",
        "untitled,forum,,,Abstract only,,2020-10-20 09:00,2020-10-20 10:00,,,,public,",
        "Not a slug!,forum,Slug,,,,2020-10-20 09:00,2020-10-20 10:00,,,,,",
    )

    errors = rejected(event, organiser, data)

    assert errors == [
        RowError(2, "slug", "The slug “ok” is already used in row 1."),
        RowError(
            3,
            "kind",
            "“dinner” is not a session type. Use one of: opening, ministerial_roundtable, forum, workshop, "
            "keynote, steering_group, drafting, side_event, training.",
        ),
        RowError(3, "track", "There is no theme “6g” in this event."),
        RowError(3, "subgroup", "There is no sub-group “SG9” in this event."),
        RowError(
            3, "access_level", "“secret” is not an access level. Use one of: public, registered, accredited, invited."
        ),
        RowError(3, "languages", "“de” is not a language code. Use: ar, en, es, fr, ru, zh-hans, vi."),
        RowError(4, "starts_at", "“20/10/2020 09:00” is not a date and time written as YYYY-MM-DD HH:MM."),
        RowError(4, "ends_at", "This value is required."),
        RowError(5, "title_en", "A title is required in at least one language."),
        RowError(6, "slug", "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
        RowError(6, "access_level", "This value is required."),
    ]
    assert Session.objects.count() == 0


def test_import_rejects_missing_unknown_and_repeated_columns() -> None:
    event, organiser = event_with_venue()
    data = csv_file("x,forum,X,x,,", header="slug,kind,title_fr,notes,ends_at,ends_at")

    assert rejected(event, organiser, data) == [
        RowError(0, "title_fr", "“fr” is not one of this event's content languages (en, vi)."),
        RowError(0, "notes", "The column “notes” is not known."),
        RowError(0, "ends_at", "The column “ends_at” appears more than once."),
        RowError(0, "starts_at", "The column “starts_at” is missing."),
        RowError(0, "access_level", "The column “access_level” is missing."),
    ]
    assert Session.objects.count() == 0


def test_import_requires_a_title_column() -> None:
    event, organiser = event_with_venue()
    data = csv_file(header="slug,kind,starts_at,ends_at,access_level")
    assert rejected(event, organiser, data) == [
        RowError(0, "title_en", "A title column is missing (one per content language, such as “title_en”).")
    ]


@pytest.mark.parametrize(
    ("data", "format", "message"),
    [
        (b"", "csv", "The file is empty; the first row must name the columns."),
        (b"slug,kind\n\xff\xfe", "csv", "The file is not UTF-8 text. Save it with the UTF-8 encoding and try again."),
        (
            b'[{"slug": "a",}]',
            "json",
            "The file is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 15).",
        ),
        (b'{"slug": "a"}', "json", "The file must hold a list of sessions."),
    ],
)
def test_import_rejects_unreadable_files(data: bytes, format: str, message: str) -> None:
    event, organiser = event_with_venue()
    assert rejected(event, organiser, data, format) == [RowError(0, "", message)]


def test_import_json_reports_entries_by_list_position() -> None:
    event, organiser = event_with_venue()
    good = {
        "slug": "good",
        "kind": "forum",
        "title": {"en": "Good"},
        "starts_at": "2020-10-20 09:00",
        "ends_at": "2020-10-20 10:00",
        "access_level": "public",
    }
    entries: list[object] = [
        good,
        "not an object",
        {**good, "slug": "typed", "title": "Plain", "languages": "en", "room": 3, "colour": "red"},
        {"slug": "sparse", "title": {"de": "Sitzung"}},
    ]

    assert rejected(event, organiser, json.dumps(entries).encode(), "json") == [
        RowError(2, "", "Each entry must be an object with the session's fields."),
        RowError(3, "title", "This must be an object of texts by language code."),
        RowError(3, "languages", "This must be a list of language codes."),
        RowError(3, "room", "This must be text."),
        RowError(3, "colour", "The field “colour” is not known."),
        RowError(4, "title", "“de” is not one of this event's content languages (en, vi)."),
        RowError(4, "kind", "This field is missing."),
        RowError(4, "starts_at", "This field is missing."),
        RowError(4, "ends_at", "This field is missing."),
        RowError(4, "access_level", "This field is missing."),
    ]
    assert Session.objects.count() == 0


def test_import_json_refuses_a_lone_surrogate() -> None:
    event, organiser = event_with_venue()
    data = b'[{"slug": "a", "kind": "forum", "title": {"en": "Opening \\ud800"}, "starts_at": "2020-10-20 09:00",'
    data += b' "ends_at": "2020-10-20 10:00", "access_level": "public"}]'
    assert rejected(event, organiser, data, "json") == [
        RowError(
            1,
            "title",
            "This text contains an invalid character (a lone UTF-16 surrogate or a NUL character); remove it.",
        )
    ]
    assert Session.objects.count() == 0


def test_export_csv_writes_local_times_and_slugs() -> None:
    event, _organiser = event_with_venue()
    fill_schedule(event)

    assert export_sessions_csv(event=event).splitlines() == [
        "\ufeff" + HEADER,
        'opening,opening,"Opening, welcome",Khai mạc,"Line one',
        'line ""two""",Chào mừng,2020-10-20 09:00,2020-10-20 10:30,main-stage,broadband,,public,en;vi;zh-hans',
        "roundtable,ministerial_roundtable,Ministerial roundtable,,,,2020-10-20 11:00,2020-10-20 12:00,main-stage,,,"
        "accredited,",
        "steering,steering_group,,Họp nhóm chỉ đạo,,,2020-10-21 23:30,2020-10-22 00:30,,5g,SG1,invited,en",
    ]


def test_export_csv_escapes_formulas_and_reads_them_back() -> None:
    event, organiser = event_with_venue()
    fill_schedule(event)
    Session.objects.filter(slug="opening").update(title={"en": "=HYPERLINK(1)", "vi": "-Khai mạc"})
    exported = export_sessions_csv(event=event)
    assert "'=HYPERLINK(1)" in exported
    assert "'-Khai mạc" in exported
    import_sessions(event=event, by=organiser, data=exported.encode(), format="csv")
    assert Session.objects.get(slug="opening").title.data == {"en": "=HYPERLINK(1)", "vi": "-Khai mạc"}


def test_export_json_lists_sessions_with_texts_by_language() -> None:
    event, _organiser = event_with_venue()
    fill_schedule(event)

    records = json.loads(export_sessions_json(event=event))

    assert [record["slug"] for record in records] == ["opening", "roundtable", "steering"]
    assert records[2] == {
        "slug": "steering",
        "kind": "steering_group",
        "title": {"en": "", "vi": "Họp nhóm chỉ đạo"},
        "abstract": {"en": "", "vi": ""},
        "starts_at": "2020-10-21 23:30",
        "ends_at": "2020-10-22 00:30",
        "room": "",
        "track": "5g",
        "subgroup": "SG1",
        "access_level": "invited",
        "languages": ["en"],
    }
    assert "Họp nhóm chỉ đạo" in export_sessions_json(event=event)  # readable, not \\u escapes


@pytest.mark.parametrize(
    ("export", "format"), [(export_sessions_csv, "csv"), (export_sessions_json, "json")], ids=["csv", "json"]
)
def test_export_then_import_into_another_event_recreates_the_sessions(export: Exporter, format: str) -> None:
    source, _organiser = event_with_venue("vdw2020")
    fill_schedule(source)
    target, organiser = event_with_venue("vdw2021")
    exported = export(event=source)

    result = import_sessions(event=target, by=organiser, data=exported.encode(), format=format)

    assert result == ImportResult(created=3, updated=0)
    assert sessions_of(target) == sessions_of(source)
    assert list(target.sessions.exclude(room=None).values_list("room__event", flat=True)) == [target.pk, target.pk]
    assert export(event=target) == exported


@pytest.mark.parametrize(
    ("export", "format"), [(export_sessions_csv, "csv"), (export_sessions_json, "json")], ids=["csv", "json"]
)
def test_importing_an_unchanged_export_updates_in_place(export: Exporter, format: str) -> None:
    event, organiser = event_with_venue()
    fill_schedule(event)
    before, pks = sessions_of(event), sorted(event.sessions.values_list("pk", flat=True))

    result = import_sessions(event=event, by=organiser, data=export(event=event).encode(), format=format)

    assert result == ImportResult(created=0, updated=3)
    assert (sessions_of(event), sorted(event.sessions.values_list("pk", flat=True))) == (before, pks)


def test_import_updates_by_slug_and_keeps_what_the_file_leaves_out() -> None:
    event, organiser = event_with_venue()
    fill_schedule(event)
    opening = event.sessions.get(slug="opening")
    data = csv_file(
        "opening,keynote,Keynote opening,2020-10-20 08:00,2020-10-20 09:00,registered",
        "new-one,workshop,Workshop,2020-10-22 14:00,2020-10-22 16:00,public",
        header="slug,kind,title_en,starts_at,ends_at,access_level",
    )

    assert import_sessions(event=event, by=organiser, data=data, format="csv") == ImportResult(created=1, updated=1)

    updated = Session.objects.get(pk=opening.pk)
    assert described(updated) == {
        "slug": "opening",
        "kind": "keynote",
        "title": {"en": "Keynote opening", "vi": "Khai mạc"},
        "abstract": {"en": 'Line one\nline "two"', "vi": "Chào mừng"},
        "starts_at": datetime(2020, 10, 20, 1, 0, tzinfo=UTC),
        "ends_at": datetime(2020, 10, 20, 2, 0, tzinfo=UTC),
        "room": "main-stage",
        "track": "broadband",
        "subgroup": None,
        "access_level": "registered",
        "languages": ["en", "vi", "zh-hans"],
    }
    created = event.sessions.get(slug="new-one")
    assert (created.room, created.languages, created.abstract.data) == (None, [], "")
    assert event.sessions.count() == 4


def test_import_empty_cell_clears_one_language() -> None:
    event, organiser = event_with_venue()
    fill_schedule(event)
    data = csv_file(
        "opening,opening,Opening,,,,2020-10-20 09:00,2020-10-20 10:30,,,,public,",
    )

    import_sessions(event=event, by=organiser, data=data, format="csv")

    opening = event.sessions.get(slug="opening")
    assert (opening.title.data, opening.abstract.data, opening.room, opening.track) == (
        {"en": "Opening"},
        {},
        None,
        None,
    )


def test_import_by_non_organiser_is_denied_and_writes_nothing() -> None:
    event, _organiser = event_with_venue()
    data = csv_file("new,forum,New,,,,2020-10-20 12:00,2020-10-20 13:00,,,,public,en")
    delegate = UserFactory.create()

    with pytest.raises(PermissionDenied):
        import_sessions(event=event, by=delegate, data=data, format="csv")
    with pytest.raises(PermissionDenied):
        import_sessions(event=event, by=delegate, data=b"not even a file", format="json")

    assert Session.objects.count() == 0


def test_organiser_of_another_event_is_denied() -> None:
    event, _organiser = event_with_venue("vdw2020")
    _other, other_organiser = event_with_venue("vdw2021")
    with pytest.raises(PermissionDenied):
        import_sessions(event=event, by=other_organiser, data=csv_file(), format="csv")


def test_import_skips_blank_rows_and_reads_a_byte_order_mark() -> None:
    event, organiser = event_with_venue()
    data = "\ufeff".encode() + csv_file(
        ",,,,,,,,,,,,",
        "new,forum,New,,,,2020-10-20 12:00,2020-10-20 13:00,,,,public,en",
        "",
        "late,forum,Late,,,,2020-10-20 14:00,2020-10-20 13:00,,,,public,en",
    )
    # Row numbers count every data row, blank ones too, so they match the organiser's spreadsheet.
    assert rejected(event, organiser, data) == [RowError(4, "ends_at", "The session must end after it starts.")]


def test_import_rejects_row_with_extra_cells() -> None:
    event, organiser = event_with_venue()
    data = csv_file(
        "new,forum,New,2020-10-20 12:00,2020-10-20 13:00,public,surplus",
        header="slug,kind,title_en,starts_at,ends_at,access_level",
    )
    assert rejected(event, organiser, data) == [
        RowError(1, "", "This row has more cells than the first row has columns.")
    ]


def test_import_rejects_local_time_skipped_by_clock_change() -> None:
    event, organiser = event_with_venue(time_zone="Europe/Paris")
    data = csv_file(
        "spring,forum,Spring,,,,2021-03-28 02:30,2021-03-28 04:00,,,,public,",
        "summer,forum,Summer,,,,2021-06-01 09:00,2021-06-01 10:00,,,,public,",
    )
    assert rejected(event, organiser, data) == [
        RowError(1, "starts_at", "2021-03-28 02:30 does not exist in Europe/Paris: the clocks skip it.")
    ]


def test_import_with_unknown_format_is_a_programming_error() -> None:
    event, organiser = event_with_venue()
    with pytest.raises(ValueError, match="Unknown import format 'xlsx'"):
        import_sessions(event=event, by=organiser, data=b"", format="xlsx")
