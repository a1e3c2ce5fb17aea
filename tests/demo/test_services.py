from __future__ import annotations

import re
import zoneinfo
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import PIL.Image
import pytest
from allauth.account.models import EmailAddress
from django.core import serializers
from django.core.management import call_command
from django.test import Client, override_settings

import pavilion
from pavilion.accounts.models import User
from pavilion.accreditation.models import FocalPoint, ParticipantCategory, Registration
from pavilion.boothtalk.models import (
    BoothConversation,
    BoothMessage,
    ContactRequest,
)
from pavilion.captions.models import CaptionLine
from pavilion.chat.models import ChatMessage
from pavilion.demo import content, live_content
from pavilion.demo.services import load_demo
from pavilion.directory.models import Organisation
from pavilion.events.channels import CHANNEL_PREFETCH, session_channels
from pavilion.events.models import (
    ChannelRecording,
    Event,
    InterpretationChannel,
    Room,
    Session,
    SessionChannel,
    SessionSpeaker,
    Speaker,
    SubGroup,
    Track,
)
from pavilion.events.schedule import stage_for
from pavilion.exhibition.models import (
    Booth,
    BoothDemo,
    BoothImage,
    BoothStatus,
    BoothVideo,
    Hall,
    Pavilion,
    Product,
)
from pavilion.floor import services as floor
from pavilion.floor.models import FloorRequest
from pavilion.interpretation.models import Interpreter, TeamMessage
from pavilion.polls.models import Poll, PollOption, PollVote
from pavilion.programmes.models import (
    Amendment,
    Commitment,
    CommitmentPartner,
    CommitmentStatus,
    Document,
    DocumentCounter,
    DocumentFile,
    Membership,
    OutcomeText,
    Paragraph,
    Programme,
    ProgrammeMeeting,
    ProgressReport,
    Statement,
)
from pavilion.qa.models import Question as SessionQuestion
from pavilion.surveys.interest import interest_distribution
from pavilion.surveys.models import Answer, Choice, Question, Response, Survey

pytestmark = pytest.mark.django_db
DEMO_MODELS = [
    Organisation,
    Event,
    SubGroup,
    Track,
    Room,
    InterpretationChannel,
    Session,
    Speaker,
    SessionSpeaker,
    User,
    EmailAddress,
    ParticipantCategory,
    FocalPoint,
    Registration,
    Hall,
    Pavilion,
    Booth,
    Product,
    BoothVideo,
    BoothImage,
    BoothDemo,
    FloorRequest,
    ContactRequest,
    BoothConversation,
    BoothMessage,
    Survey,
    Question,
    Choice,
    Response,
    Answer,
    Programme,
    ProgrammeMeeting,
    Membership,
    Document,
    DocumentFile,
    DocumentCounter,
    OutcomeText,
    Paragraph,
    Amendment,
    CommitmentStatus,
    Commitment,
    CommitmentPartner,
    ProgressReport,
    Statement,
    ChatMessage,
    SessionQuestion,
    Poll,
    PollOption,
    PollVote,
    CaptionLine,
    SessionChannel,
    ChannelRecording,
    Interpreter,
    TeamMessage,
]
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
LIVE_SESSIONS = ["live-broadband-gap", "live-cybersecurity", "live-exhibition-5g"]

DEMO_STATIC = Path(pavilion.__file__).parent / "static" / "pavilion" / "demo"


def _snapshot() -> list[Any]:
    rows: list[Any] = []
    for model in DEMO_MODELS:
        rows.extend(serializers.serialize("python", model.objects.order_by("pk")))
    for event in Event.objects.order_by("pk"):
        rows.append((event.slug, sorted(event.organising_bodies.values_list("slug", flat=True))))
        rows.append((event.slug, sorted(event.organising_team.values_list("email", flat=True))))
    for booth in Booth.objects.order_by("pk"):
        rows.append((booth.slug, sorted(booth.staff.values_list("email", flat=True))))
    return rows


def test_loading_the_demo_twice_changes_nothing() -> None:
    load_demo(set_passwords=True)
    first = _snapshot()
    load_demo(set_passwords=True)
    assert _snapshot() == first


def test_demo_contents() -> None:
    load_demo(set_passwords=True)
    event = Event.objects.get(slug="itu-digital-world-2020")
    assert event.name.localize("en") == "ITU Virtual Digital World 2020"
    assert (str(event.start_date), str(event.end_date), event.time_zone) == (
        "2020-10-20",
        "2020-10-22",
        "Asia/Ho_Chi_Minh",
    )
    assert event.host_country == "VN"
    assert sorted(event.organising_bodies.values_list("slug", flat=True)) == ["itu", "mic-viet-nam"]
    kinds = list(event.sessions.values_list("kind", flat=True))
    assert kinds.count("opening") == 2  # the opening and closing ceremonies
    assert kinds.count("ministerial_roundtable") == 3
    assert kinds.count("forum") == 5
    assert kinds.count("side_event") == 3  # the exhibition's live demonstrations
    public = event.sessions.filter(access_level="public")
    assert sorted({session.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone)).day for session in public}) == [
        20,
        21,
        22,
    ]
    assert public.count() == 9  # an anonymous visitor sees nine sessions over the three days
    for session in event.sessions.all():
        assert len({session.title.localize(language) for language in ["ar", "en", "fr", "ru", "vi", "zh-hans"]}) == 6
    opening = event.sessions.get(slug="opening")
    assert opening.starts_at.isoformat() == "2020-10-20T06:00:00+00:00"  # 13:00 in Ha Noi
    apec = Event.objects.get(slug="apec-tel-45")
    assert sorted(apec.subgroups.values_list("code", flat=True)) == ["DSG", "LSG", "MRATF", "SPSG"]
    assert apec.sessions.filter(kind="drafting").count() == 1
    assert apec.sessions.filter(kind="workshop").count() == 4
    assert Event.objects.get(slug="wtisd").start_date.isoformat().endswith("-05-17")
    exhibitors = Organisation.objects.filter(booths__isnull=False) | Organisation.objects.filter(
        pavilions__isnull=False
    )
    assert Organisation.objects.filter(kind="company").exclude(pk__in=exhibitors).count() == 2


def test_demo_accounts_sign_in_with_printed_passwords_in_debug() -> None:
    accounts = load_demo(set_passwords=True)
    assert [account.role for account in accounts] == [
        "platform admin",
        "organiser",
        "focal point",
        "delegate",
        "exhibitor staff",
        "applicant (awaits Viet Nam's focal point)",
        "interpreter (French booth)",
        "interpreter (French and Spanish booths)",
        "visitor",
    ]
    for account in accounts:
        user = User.objects.get(email=account.email)
        assert account.password is not None
        assert user.check_password(account.password)
        assert EmailAddress.objects.get(user=user).verified is True


def test_demo_accounts_have_no_usable_password_outside_debug() -> None:
    load_demo(set_passwords=True)
    accounts = load_demo(set_passwords=False)
    assert {account.password for account in accounts} == {None}
    assert not any(user.has_usable_password() for user in User.objects.all())


@override_settings(DEBUG=True)
def test_demo_command_prints_passwords_in_debug() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert "visitor@pavilion.example.org  pavilion-demo-visitor" in out.getvalue()


@override_settings(DEBUG=False)
def test_demo_command_prints_no_passwords_outside_debug() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert "pavilion-demo-" not in out.getvalue()
    assert "pavilion changepassword" in out.getvalue()


def test_demo_has_accreditation_and_programme() -> None:
    load_demo(set_passwords=False)
    event = Event.objects.get(slug="itu-digital-world-2020")
    roundtables = event.sessions.filter(kind="ministerial_roundtable")
    assert set(roundtables.values_list("access_level", flat=True)) == {"accredited"}
    assert list(event.focal_points.values_list("user__email", "country")) == [("focalpoint@pavilion.example.org", "VN")]
    statuses = dict(event.registrations.values_list("user__email", "status"))
    assert statuses == {
        "focalpoint@pavilion.example.org": "approved",
        "delegate@pavilion.example.org": "approved",
        "visitor@pavilion.example.org": "approved",
        "exhibitor@pavilion.example.org": "pending",
        "applicant@pavilion.example.org": "pending",  # for Viet Nam's focal point to decide
    }
    assert event.organising_team.filter(email="organiser@pavilion.example.org").exists()
    assert SessionSpeaker.objects.filter(session__event=event, role="chair").count() == 2
    channels = event.rooms.get(slug="main-stage").interpretation_channels
    assert sorted(channels.values_list("language", "kind")) == [
        ("ar", "audio"),
        ("en", "sign"),
        ("es", "audio"),
        ("fr", "audio"),
        ("ru", "audio"),
        ("vi", "audio"),
        ("zh-hans", "audio"),
    ]
    assert event.rooms.get(slug="forum-room").interpretation_channels.count() == 3


def test_demo_sessions_are_heard_in_three_languages_or_more_with_interpreters_on_turns() -> None:
    load_demo(set_passwords=False, now=datetime(2026, 12, 5, 9, 0, tzinfo=GENEVA))
    itu = Event.objects.get(slug="itu-digital-world-2020")
    for session in itu.sessions.select_related("room").prefetch_related(*CHANNEL_PREFETCH):
        channels = session_channels(session)
        assert channels[0].language == "floor", session.slug
        assert len({channel.language for channel in channels[1:] if channel.kind == "audio"}) >= 3, session.slug
    forum_5g = itu.sessions.get(slug="forum-5g")
    assert [channel.key for channel in session_channels(forum_5g)] == [
        "floor",
        "ar:audio",
        "es:audio",
        "fr:audio",
        "ru:audio",
    ]
    live = Event.objects.get(slug="digital-cooperation-live")
    broadband = live.sessions.get(slug="live-broadband-gap")
    assert [channel.key for channel in session_channels(broadband)] == [
        "floor",
        "ar:audio",
        "es:audio",
        "fr:audio",
        "ru:audio",
        "zh-hans:audio",
    ]
    turns = list(
        Interpreter.objects.filter(session=broadband, language="fr")
        .order_by("starts_at")
        .values_list("user__email", "starts_at", "ends_at")
    )
    middle = broadband.starts_at + (broadband.ends_at - broadband.starts_at) / 2
    assert turns == [
        ("interpreter@pavilion.example.org", broadband.starts_at, middle),
        ("interpreter2@pavilion.example.org", middle, broadband.ends_at),
    ]
    assert TeamMessage.objects.get(session=broadband).text.startswith("Bonjour ! I hand over French to Ana at ")
    opening = live.sessions.get(slug="opening")
    assert list(opening.channel_recordings.order_by("channel").values_list("channel", flat=True)) == [
        "es:audio",
        "floor",
        "fr:audio",
    ]


def test_demo_exhibition() -> None:
    load_demo(set_passwords=False)
    event = Event.objects.get(slug="itu-digital-world-2020")
    assert event.pavilions.filter(kind="national").count() == 10
    assert event.pavilions.filter(kind="corporate").count() == 4
    booths = event.booths.filter(status=BoothStatus.PUBLISHED)
    assert booths.count() == 63
    assert all(1 <= booth.products.count() <= 3 for booth in booths)
    assert all(booth.logo.name == f"exhibition/logos/demo-{booth.slug}.png" for booth in event.booths.all())
    staffed = event.booths.filter(staff__email="exhibitor@pavilion.example.org")
    assert sorted(staffed.values_list("slug", "status")) == [
        ("mekong-example-telecom", "published"),
        ("mekong-example-telecom-labs", "draft"),
    ]
    names = [product.name for product in Product.objects.filter(booth__event=event)]
    assert any("Mạng 5G riêng" in name.localize("vi") for name in names)
    assert any("الجيل الخامس" in name.localize("ar") for name in names)
    # Every third booth has two pictures drawn at load (real JPEG files); the first plays the stage video.
    pictured = BoothImage.objects.filter(booth__event=event)
    assert pictured.count() == 2 * len(range(0, event.booths.count(), 3))
    first = pictured.filter(booth__slug="mekong-example-telecom").order_by("position")
    assert [(picture.width, picture.height, str(picture.alt)) for picture in first] == [
        (640, 400, "The booth's stand at the exhibition"),
        (640, 400, "A demonstration of the booth's network"),
    ]
    with first[0].image.open("rb") as handle:
        assert handle.read(3) == b"\xff\xd8\xff"  # JPEG
    video = BoothVideo.objects.get(booth__slug="mekong-example-telecom")
    assert video.url == "/static/pavilion/demo/stage.webm"
    # Its captions are uploaded WebVTT files, served from media like the booth's other uploads.
    assert sorted(video.caption_tracks) == ["en", "fr"]
    for language, address in video.caption_tracks.items():
        assert re.fullmatch(rf"/media/exhibition/captions/{video.pk}-[0-9a-f]{{32}}\.vtt", address), address
        served = Client().get(address)
        assert (served.status_code, served["Content-Type"]) == (200, "text/vtt")
        assert b"".join(served.streaming_content) == (DEMO_STATIC / f"stage.{language}.vtt").read_bytes()  # type: ignore[attr-defined]
    load_demo(set_passwords=False)  # kept on a second load
    assert BoothVideo.objects.get(pk=video.pk).caption_tracks == video.caption_tracks
    bannered = event.booths.exclude(banner="")
    assert bannered.count() == len(range(0, event.booths.count(), 3))
    assert (
        bannered.get(slug="mekong-example-telecom").banner.name == "exhibition/banners/demo-mekong-example-telecom.png"
    )


def test_demo_events_have_a_drawn_logo_and_banner_kept_on_a_second_load() -> None:
    load_demo(set_passwords=False)
    slugs = [item["slug"] for item in content.EVENTS] + [live_content.LIVE_EVENT]
    events = list(Event.objects.filter(slug__in=slugs))
    assert len(events) == len(slugs) >= 4
    for event in events:
        assert event.logo.name == f"events/logos/demo-{event.slug}.png"
        assert event.banner.name == f"events/banners/demo-{event.slug}.png"
        with event.banner.open("rb") as handle:
            banner = PIL.Image.open(handle)
            assert (banner.format, banner.size) == ("PNG", (1600, 400))
        assert event.banner.size < 20_000  # flat shapes in a palette: a few KB on the event page
    page = Client().get("/en/events/itu-digital-world-2020/").content.decode()
    assert '<img class="event-banner" src="/media/events/banners/demo-itu-digital-world-2020.png"' in page
    assert 'alt="Logo of ITU Virtual Digital World 2020"' in page
    load_demo(set_passwords=False)
    assert Event.objects.get(slug="itu-digital-world-2020").logo.name == "events/logos/demo-itu-digital-world-2020.png"


def test_demo_roundtable_has_a_list_of_speakers_in_protocol_order() -> None:
    load_demo(set_passwords=False)
    session = Session.objects.get(event__slug="itu-digital-world-2020", slug="ministerial-roundtable-1")
    waiting = floor.queue(session=session)
    assert [(request.user.email, request.function, request.country) for request in waiting] == [
        ("focalpoint@pavilion.example.org", "vice_minister", "VN"),
        ("delegate@pavilion.example.org", "delegate", "VN"),
    ]
    assert waiting[0].requested_at > waiting[1].requested_at  # she asked later, and still speaks first


def test_demo_booth_talk() -> None:
    load_demo(set_passwords=False)
    booth = Booth.objects.get(event__slug="itu-digital-world-2020", slug="mekong-example-telecom")
    assert sorted(booth.contact_requests.values_list("visitor__email", "status")) == [
        ("delegate@pavilion.example.org", "open"),
        ("focalpoint@pavilion.example.org", "answered"),
        ("visitor@pavilion.example.org", "missed"),
    ]
    # Its meeting request is networking's: at times of the delegate's own, waiting for the staff.
    meeting = booth.networking_meetings.get()
    assert (
        meeting.requester.email,
        meeting.status,
        meeting.slot,
        meeting.awaiting,
        meeting.proposed_times.count(),
    ) == (
        "delegate@pavilion.example.org",
        "pending",
        None,
        None,
        2,
    )
    assert [message.from_booth for message in BoothMessage.objects.filter(conversation__booth=booth)] == [False, True]
    assert User.objects.get(email="visitor@pavilion.example.org").show_name_to_exhibitors is True


def test_demo_surveys() -> None:
    load_demo(set_passwords=False)
    event = Event.objects.get(slug="itu-digital-world-2020")
    product = Product.objects.get(booth__event=event, booth__slug="mekong-example-telecom", slug="private-5g")
    assert interest_distribution(product=product) == {1: 0, 2: 0, 3: 1, 4: 1, 5: 2}
    survey = Survey.objects.get(product=product)
    assert [str(question.text) for question in survey.questions.all()] == [
        "How interested are you?",
        "Would you like a live demonstration?",
        "How would you deploy it?",
        "What would you use it for?",
    ]
    consenting = Response.objects.filter(survey__event=event, consent_to_share=True)
    assert sorted(consenting.values_list("respondent__email", flat=True)) == [
        "delegate@pavilion.example.org",
        "focalpoint@pavilion.example.org",
    ]
    feedback = Survey.objects.get(event=event, purpose="feedback", target="event")
    assert [(q.kind, str(q.text)) for q in feedback.questions.all()] == [
        ("rating", "How useful was this session?"),
        ("long_text", "What should we improve?"),
    ]


def test_demo_programmes() -> None:
    """The issue's four cases: Turkmenistan-ITU work plan, APEC TEL45 documents and TELMIN9, SCO, WTISD."""
    from pavilion.programmes.commitments import tracker

    load_demo(set_passwords=False)
    turkmenistan = Programme.objects.get(slug="turkmenistan-itu")
    items, progress = tracker(programme=turkmenistan)
    plan = next(item for item in items if item.parent_id is None)
    assert len([item for item in items if item.parent_id == plan.pk]) == 6
    assert progress[plan.pk] == 61  # (75*3 + 100 + 50*2 + 25 + 100 + 0) / 9 = 61.1
    assert ProgressReport.objects.filter(commitment__programme=turkmenistan).values("meeting").distinct().count() == 2
    apec = Programme.objects.get(slug="apec-tel")
    numbers = sorted(apec.documents.values_list("number", flat=True))
    assert numbers[:3] == ["2012/TEL45/DSG/001", "2012/TEL45/LSG/001", "2012/TEL45/LSG/002"]
    assert set(apec.documents.values_list("access", flat=True)) == {"public", "members", "participants"}
    declaration = OutcomeText.objects.get(slug="telmin9-declaration")
    assert sorted(Amendment.objects.filter(paragraph__outcome=declaration).values_list("country", flat=True)) == [
        "RU",
        "US",
        "VN",
    ]
    fiber = Commitment.objects.get(programme__slug="sco-digital")
    assert (fiber.origin, str(fiber.country), fiber.partners.count()) == ("proposal", "PK", 4)
    message = Statement.objects.get(slug="secretary-general-message-2026")
    assert sorted(message.text.data) == ["ar", "en", "es", "fr", "ru", "vi", "zh-hans"]


def _live_sessions(now: datetime) -> list[str]:
    live = Session.objects.filter(event__slug="digital-cooperation-live", starts_at__lte=now, ends_at__gt=now)
    return sorted(live.values_list("slug", flat=True))


def test_live_demo_is_happening_whenever_it_is_loaded() -> None:
    late_evening = datetime(2026, 12, 5, 23, 30, tzinfo=GENEVA)
    load_demo(set_passwords=False, now=late_evening)
    event = Event.objects.get(slug="digital-cooperation-live")
    assert (str(event.start_date), str(event.end_date), event.time_zone) == (
        "2026-12-04",
        "2026-12-06",
        "Europe/Zurich",
    )
    assert _live_sessions(late_evening) == sorted(LIVE_SESSIONS)
    assert _live_sessions(late_evening + timedelta(hours=24)) == sorted(LIVE_SESSIONS)  # left running overnight
    session = event.sessions.get(slug="live-broadband-gap")
    stage = stage_for(session=session, now=late_evening)
    assert (stage.stream_url, stage.is_hls) == ("/static/pavilion/demo/stage.webm", True)
    assert [(address, language.code) for address, language in stage.caption_tracks] == [
        ("/static/pavilion/demo/stage.en.vtt", "en"),
        ("/static/pavilion/demo/stage.fr.vtt", "fr"),
    ]
    chat = list(ChatMessage.objects.filter(session=session).order_by("created_at"))
    assert [message.author.email for message in chat] == [
        "focalpoint@pavilion.example.org",
        "visitor@pavilion.example.org",
        "organiser@pavilion.example.org",
        "delegate@pavilion.example.org",
    ]
    assert chat[-1].created_at == late_evening - timedelta(minutes=4)
    poll = Poll.objects.get(session=session)
    assert (poll.status, poll.options.count(), poll.votes.count()) == ("open", 4, 2)
    assert sorted(CaptionLine.objects.filter(session=session).values_list("language", "sequence")) == [
        ("en", 1),
        ("en", 2),
        ("en", 3),
        ("fr", 1),
        ("fr", 2),
        ("fr", 3),
    ]
    opening = event.sessions.get(slug="opening")
    assert stage_for(session=opening, now=late_evening).has_ended is True
    assert Poll.objects.get(session=opening).status == "closed"
    assert ChatMessage.objects.filter(session=opening).count() == 2


def test_live_demo_loaded_the_next_day_moves_its_sessions_and_their_record() -> None:
    first = datetime(2026, 12, 5, 9, 0, tzinfo=GENEVA)
    load_demo(set_passwords=False, now=first)
    counts = [model.objects.count() for model in DEMO_MODELS]
    next_day = first + timedelta(days=1, hours=5)
    load_demo(set_passwords=False, now=next_day)
    assert [model.objects.count() for model in DEMO_MODELS] == counts
    assert _live_sessions(next_day) == sorted(LIVE_SESSIONS)
    event = Event.objects.get(slug="digital-cooperation-live")
    assert str(event.start_date) == "2026-12-05"
    for session in event.sessions.all():
        for message in ChatMessage.objects.filter(session=session):
            assert session.starts_at <= message.created_at < session.ends_at
        for request in FloorRequest.objects.filter(session=session):
            assert session.starts_at <= request.requested_at < session.ends_at


def test_demo_speakers_have_drawn_photos_stored_through_the_upload_path_and_kept_on_a_second_load() -> None:
    load_demo(set_passwords=False)
    speakers = list(Speaker.objects.filter(event__slug="itu-digital-world-2020").order_by("slug"))
    assert [speaker.slug for speaker in speakers] == sorted(item["slug"] for item in content.SPEAKERS)
    names = {}
    for speaker in speakers:
        assert str(speaker.photo.name).startswith("events/speakers/"), speaker.slug
        with speaker.photo.open("rb") as handle:
            photo = PIL.Image.open(handle)
            # Re-encoded as an organiser's upload is: no transparency, so JPEG, 400 px at most.
            assert (photo.format, photo.size) == ("JPEG", (400, 400))
        assert speaker.photo.size < 20_000
        names[speaker.slug] = speaker.photo.name
    page = Client().get("/en/events/itu-digital-world-2020/speakers/").content.decode()
    for speaker in speakers:
        assert f'<img class="portrait" src="{speaker.photo.url}" alt="" width="96" height="96"' in page
        assert Client().get(speaker.photo.url).status_code == 200
    load_demo(set_passwords=False)
    assert dict(Speaker.objects.filter(event__slug="itu-digital-world-2020").values_list("slug", "photo")) == names
