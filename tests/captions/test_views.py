"""The captions panel on the session page, its forms without JavaScript, the transcript and the captioner page."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.translation import get_language_info

from pavilion.captions import services
from pavilion.captions.models import Captioner, CaptionLine
from pavilion.events.models import Session
from tests.captions.conftest import captioner_of
from tests.factories import EventFactory, LiveSessionFactory, RegistrationFactory, RoomFactory, UserFactory
from tests.live.features import chair_of

pytestmark = pytest.mark.django_db
VIETNAMESE = get_language_info("vi")["name_local"]  # as Django spells it (decomposed accents)


def page_url(session: Session) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"


def captions_url(session: Session, rest: str = "") -> str:
    return f"{page_url(session)}captions/{rest}"


def page(client: Client, session: Session, query: str = "") -> str:
    response = client.get(page_url(session) + query)
    assert response.status_code == 200
    return response.content.decode()


def line_at(session: Session, language: str, text: str, at: datetime) -> CaptionLine:
    """A line stored as if sent at ``at`` (the services stamp the current time)."""
    line = services.push_caption(session=session, by=chair_of(session), language=language, text=text)
    CaptionLine.objects.filter(pk=line.pk).update(created_at=at)
    line.refresh_from_db()
    return line


def test_panel_sits_directly_under_the_stream_before_the_interpretation_and_other_panels(client: Client) -> None:
    now = datetime.now(UTC)
    room = RoomFactory.create(stream_url="https://stream.example.org/live.m3u8")
    room.interpretation_channels.create(language="fr", stream_url="https://stream.example.org/fr")
    session = LiveSessionFactory.create(
        event=room.event, room=room, starts_at=now, ends_at=now.replace(year=now.year + 1)
    )
    html = page(client, session)
    player, captions = html.index('<video class="player"'), html.index('<section id="captions"')
    interpretation, chat = (
        html.index('<h3 id="interpretation-heading">Interpretation</h3>'),
        html.index('<section id="chat"'),
    )
    assert player < captions < interpretation < chat
    assert "/static/build/captions.js" in html
    assert '<link rel="stylesheet" href="/static/build/session.css">' in html  # every panel's styles, in the head


def test_panel_shows_the_recent_lines_of_the_ui_language_in_a_polite_live_region(client: Client) -> None:
    session = LiveSessionFactory.create(languages=["en", "vi"])
    chair = chair_of(session)
    for text in ["Good morning.", "<b>Welcome</b> to the forum."]:
        services.push_caption(session=session, by=chair, language="en", text=text)
    services.push_caption(session=session, by=chair, language="vi", text="Xin chào.")
    html = page(client, session)
    assert '<h3 id="captions-heading">Captions</h3>' in html
    assert (
        '<div class="captions-lines" role="log" aria-live="polite" aria-labelledby="captions-heading" tabindex="0">'
        in html
    )
    first, second = CaptionLine.objects.filter(language="en").order_by("sequence")
    assert (
        '<ol class="captions-list" lang="en">\n'
        f'      <li id="caption-{first.pk}" data-id="{first.pk}" data-seq="1">Good morning.</li>'
        f'<li id="caption-{second.pk}" data-id="{second.pk}" data-seq="2">'
        "&lt;b&gt;Welcome&lt;/b&gt; to the forum.</li>\n"
        "    </ol>"
    ) in html
    assert "Xin chào." not in html
    assert (
        f'<option value="en" lang="en" selected>English</option><option value="vi" lang="vi">{VIETNAMESE}</option>'
        in html
    )
    assert f'<a href="{captions_url(session, "transcript/en/")}">Transcript</a>' in html
    # Vietnamese pages show the Vietnamese captions; ?captions= (the form without JavaScript) chooses.
    vietnamese = client.get(f"/vi/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    assert "Xin chào." in vietnamese
    assert "Good morning." not in vietnamese
    chosen = page(client, session, "?captions=vi")
    assert "Xin chào." in chosen
    assert '<ol class="captions-list" lang="vi">' in chosen
    assert f'<option value="vi" lang="vi" selected>{VIETNAMESE}</option>' in chosen
    # A language the session is not captioned in falls back to the page's.
    assert "Good morning." in page(client, session, "?captions=ar")


def test_page_language_not_captioned_falls_back_to_the_first_caption_language(client: Client) -> None:
    session = LiveSessionFactory.create(languages=["fr", "ru"])
    html = client.get(f"/vi/events/{session.event.slug}/sessions/{session.slug}/").content.decode()
    assert 'data-shown="fr"' in html
    assert '<option value="fr" lang="fr" selected>français</option>' in html


def test_attendees_get_no_push_form_captioners_get_theirs(client: Client) -> None:
    session = LiveSessionFactory.create(languages=["en", "fr", "vi"])
    html = page(client, session)
    assert "No captions in this language yet." in html
    assert 'class="captions-push"' not in html
    client.force_login(RegistrationFactory.create(event=session.event).user)
    assert 'class="captions-push"' not in page(client, session)
    client.force_login(captioner_of(session, languages=["fr", "vi"]))
    html = page(client, session)
    assert f'<form method="post" action="{captions_url(session)}" class="captions-push">' in html
    assert '<label for="captions-language">Language of the caption</label>' in html
    assert (
        '<select id="captions-language" name="language">\n'
        '    <option value="fr" lang="fr" selected>français</option>'
        f'<option value="vi" lang="vi">{VIETNAMESE}</option>\n'
        "  </select>"
    ) in html
    assert '<label for="captions-text">Caption</label>' in html
    assert 'maxlength="500"' in html
    # Preselected: the shown language when they caption in it, else their first.
    shown_vi = page(client, session, "?captions=vi")
    assert (
        f'<option value="fr" lang="fr">français</option><option value="vi" lang="vi" selected>{VIETNAMESE}' in shown_vi
    )


def test_no_js_push_stores_the_line_and_returns_to_the_captions_in_its_language(client: Client) -> None:
    session = LiveSessionFactory.create(languages=["en", "vi"])
    captioner = captioner_of(session)
    client.force_login(captioner)
    response = client.post(captions_url(session), {"language": "vi", "text": "  Xin chào các đại biểu.  "})
    assert (response.status_code, response["Location"]) == (302, page_url(session) + "?captions=vi#captions")
    assert list(CaptionLine.objects.values_list("language", "sequence", "text", "author")) == [
        ("vi", 1, "Xin chào các đại biểu.", captioner.pk)
    ]
    assert "Xin chào các đại biểu." in page(client, session, "?captions=vi")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"language": "en", "text": "  "}, "Write a caption first."),
        ({"language": "en", "text": "y" * 501}, "A caption line can have at most 500 characters (it has 501)."),
        ({"language": "ar", "text": "مرحبا"}, "This session is captioned in: English, Vietnamese."),
        ({"text": "no language"}, "This session is captioned in: English, Vietnamese."),
    ],
    ids=["empty", "too-long", "other-language", "no-language"],
)
def test_refused_push_shows_the_reason_and_keeps_the_text(client: Client, data: dict[str, str], error: str) -> None:
    session = LiveSessionFactory.create()
    client.force_login(chair_of(session))
    response = client.post(captions_url(session), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your caption was not sent" in html
    assert f"<li>{error}</li>" in html
    assert f">\n{data['text']}</textarea>" in html
    assert CaptionLine.objects.count() == 0


def test_visitor_and_delegate_cannot_push_through_the_form(client: Client) -> None:
    session = LiveSessionFactory.create()
    response = client.post(captions_url(session), {"language": "en", "text": "anonymous"})
    assert (response.status_code, response["Location"]) == (
        302,
        f"/en/accounts/login/?next={page_url(session)}%23captions",
    )
    for person in (UserFactory.create(), RegistrationFactory.create(event=session.event).user):
        client.force_login(person)
        response = client.post(captions_url(session), {"language": "en", "text": "let me caption"})
        assert response.status_code == 403
        assert (
            "Only the session&#x27;s captioners and moderators and the event&#x27;s organisers may caption it."
            in response.content.decode()
        )
    assert CaptionLine.objects.count() == 0


def test_push_is_post_only_and_csrf_protected() -> None:
    session = LiveSessionFactory.create()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(chair_of(session))
    assert browser.get(captions_url(session)).status_code == 405
    assert browser.post(captions_url(session), {"language": "en", "text": "forged"}).status_code == 403
    assert CaptionLine.objects.count() == 0


def test_transcript_page_lists_every_line_with_its_time_in_the_event_zone(client: Client) -> None:
    event = EventFactory.create(time_zone="Asia/Ho_Chi_Minh")
    session = LiveSessionFactory.create(event=event, languages=["en", "vi"], title={"en": "Closing the gap"})
    zone = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    first = line_at(session, "en", "Good morning, excellencies.", datetime(2020, 10, 20, 13, 0, 5, tzinfo=zone))
    line_at(session, "en", "<i>Welcome</i> to Ha Noi.", datetime(2020, 10, 20, 13, 0, 9, tzinfo=zone))
    line_at(session, "vi", "Xin chào.", datetime(2020, 10, 20, 13, 0, 6, tzinfo=zone))
    response = client.get(captions_url(session, "transcript/en/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Transcript of Closing the gap</h1>" in html
    assert "<dt>Language</dt><dd>English</dd>" in html
    assert (
        '<ol class="transcript" lang="en">\n'
        '    <li><time datetime="2020-10-20T06:00:05Z">13:00:05</time> '
        '<span class="transcript-text">Good morning, excellencies.</span></li>\n'
        '    <li><time datetime="2020-10-20T06:00:09Z">13:00:09</time> '
        '<span class="transcript-text">&lt;i&gt;Welcome&lt;/i&gt; to Ha Noi.</span></li>\n'
        "    \n  </ol>"
    ) in html
    assert "Xin chào." not in html
    assert '<p class="hint">Times are in Ho Chi Minh City (UTC+7).</p>' in html
    assert f'<a href="{captions_url(session, "transcript/en.txt")}" download>Download as a text file (.txt)</a>' in html
    assert f'<a href="{captions_url(session, "transcript/vi/")}" hreflang="vi">Transcript in Vietnamese</a>' in html
    assert f'<a href="{page_url(session)}?captions=en#captions">Back to Closing the gap</a>' in html
    assert first.sequence == 1


def test_transcript_text_file_has_exact_content(client: Client) -> None:
    event = EventFactory.create(time_zone="Asia/Ho_Chi_Minh", name={"en": "Virtual Digital World"})
    session = LiveSessionFactory.create(event=event, slug="forum", title={"en": "Closing the gap"})
    zone = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    line_at(session, "en", "Good morning, excellencies.", datetime(2020, 10, 20, 13, 0, 5, tzinfo=zone))
    line_at(session, "en", "<i>Welcome</i> to Ha Noi.", datetime(2020, 10, 20, 13, 0, 9, tzinfo=zone))
    line_at(session, "vi", "Xin chào.", datetime(2020, 10, 20, 13, 0, 6, tzinfo=zone))
    response = client.get(captions_url(session, "transcript/en.txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}-forum-captions-en.txt"'
    assert response.content.decode() == (
        "Closing the gap — Virtual Digital World\n"
        "Transcript of the captions in English\n"
        "Times are in Asia/Ho_Chi_Minh.\n"
        "\n"
        "13:00:05  Good morning, excellencies.\n"
        "13:00:09  <i>Welcome</i> to Ha Noi.\n"
    )
    empty = client.get(captions_url(session, "transcript/vi.txt")).content.decode()
    assert empty.endswith("Times are in Asia/Ho_Chi_Minh.\n\n13:00:06  Xin chào.\n")


def test_transcript_of_a_language_without_captions_is_empty_and_of_an_unknown_one_not_found(client: Client) -> None:
    session = LiveSessionFactory.create(languages=["en", "fr"])
    assert "No captions in this language yet." in client.get(captions_url(session, "transcript/fr/")).content.decode()
    assert client.get(captions_url(session, "transcript/ar/")).status_code == 404
    assert client.get(captions_url(session, "transcript/ar.txt")).status_code == 404


def test_transcript_keeps_a_language_the_session_no_longer_lists(client: Client) -> None:
    session = LiveSessionFactory.create(languages=["en", "fr"])
    services.push_caption(session=session, by=chair_of(session), language="fr", text="Bonjour.")
    Session.objects.filter(pk=session.pk).update(languages=["en"])
    assert "Bonjour." in client.get(captions_url(session, "transcript/fr/")).content.decode()


def test_closed_session_captions_are_not_found_for_those_who_cannot_see_it(client: Client) -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    services.push_caption(session=session, by=organiser, language="en", text="Confidential remarks.")
    paths = [captions_url(session, "transcript/en/"), captions_url(session, "transcript/en.txt")]
    for person in (None, UserFactory.create(), captioner_of(session)):
        if person is not None:
            client.force_login(person)
        for path in paths:
            response = client.get(path)
            assert (path, response.status_code) == (path, 404)
            assert "Confidential" not in response.content.decode()
        assert client.post(captions_url(session), {"language": "en", "text": "let me in"}).status_code == 404
    assert CaptionLine.objects.count() == 1
    # An accredited delegate reads the transcript.
    client.force_login(RegistrationFactory.create(event=session.event).user)
    assert "Confidential remarks." in client.get(paths[0]).content.decode()
    # An unpublished schedule hides it from everyone but the organisers.
    Session.objects.filter(pk=session.pk).update(access_level="public")
    session.event.is_schedule_published = False
    session.event.save()
    assert client.get(paths[0]).status_code == 404


def _queries_for_page(client: Client, lines: int, viewer: str) -> int:
    session = LiveSessionFactory.create(languages=["en", "vi", "fr"])
    chair = chair_of(session)
    for number in range(lines):
        services.push_caption(session=session, by=chair, language="en", text=f"line {number}")
        services.push_caption(session=session, by=chair, language="vi", text=f"dòng {number}")
    if viewer == "chair":
        client.force_login(chair)
    elif viewer == "captioner":
        client.force_login(captioner_of(session, languages=["en"]))
    elif viewer == "delegate":
        client.force_login(UserFactory.create())
    with CaptureQueriesContext(connection) as queries:
        page(client, session)
    client.logout()
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "delegate", "captioner", "chair"])
def test_session_page_query_count_does_not_grow_with_lines(client: Client, viewer: str) -> None:
    assert _queries_for_page(client, 1, viewer) == _queries_for_page(client, 3, viewer)


def test_transcript_query_count_does_not_grow_with_lines(client: Client) -> None:
    counts = []
    for lines in (1, 3):
        session = LiveSessionFactory.create()
        chair = chair_of(session)
        for number in range(lines):
            services.push_caption(session=session, by=chair, language="en", text=f"line {number}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(captions_url(session, "transcript/en/")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The organisers' captioner page ---------------------------------------------------------------


def manage_url(session: Session, rest: str = "") -> str:
    return f"/en/manage/{session.event.slug}/captioners/{rest}"


def test_organiser_adds_captioners_for_a_session_and_for_every_session(client: Client) -> None:
    session = LiveSessionFactory.create(title={"en": "Opening"})
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    client.force_login(organiser)
    html = client.get(manage_url(session)).content.decode()
    assert f'<a href="/en/manage/{session.event.slug}/captioners/" aria-current="page">Captioners</a>' in html
    assert "No captioners yet." in html
    assert '<option value="" selected>Every session of the event</option>' in html
    mai = UserFactory.create(email="mai@example.org", full_name="Lê Thị Mai")
    response = client.post(
        manage_url(session), {"email": "MAI@example.org", "session": session.pk, "languages": ["vi"]}
    )
    assert (response.status_code, response["Location"]) == (302, manage_url(session))
    response = client.post(manage_url(session), {"email": "mai@example.org", "session": ""})
    assert response.status_code == 302
    html = client.get(manage_url(session)).content.decode()
    assert "Lê Thị Mai may now caption." in html
    assert "<td>Opening</td>\n              <td>Vietnamese</td>" in html
    assert "<td>Every session of the event</td>\n              <td>Every language of the session</td>" in html
    assert list(Captioner.objects.order_by("pk").values_list("user", "session", "languages", "added_by")) == [
        (mai.pk, session.pk, ["vi"], organiser.pk),
        (mai.pk, None, [], organiser.pk),
    ]
    assert services.captioning_languages(session=session, user=mai) == ["en", "vi"]


def test_captioner_form_refusals_change_nothing(client: Client) -> None:
    session = LiveSessionFactory.create()
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    client.force_login(organiser)
    existing = captioner_of(session)
    cases = [
        ({"email": "nobody@example.org"}, "No account uses this address."),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"email": existing.email, "session": session.pk}, "This account already captions this session."),
        ({"email": existing.email, "session": LiveSessionFactory.create().pk}, "Select a valid choice."),
        (
            {"email": existing.email, "languages": ["de"]},
            "Select a valid choice. de is not one of the available choices.",
        ),
    ]
    for data, error in cases:
        response = client.post(manage_url(session), data)
        assert response.status_code == 400
        assert error in response.content.decode(), data
    assert Captioner.objects.count() == 1


def test_organiser_removes_a_captioner(client: Client) -> None:
    session = LiveSessionFactory.create()
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    person = captioner_of(session)
    captioner = Captioner.objects.get()
    client.force_login(organiser)
    assert client.get(manage_url(session, f"{captioner.pk}/remove/")).status_code == 405
    response = client.post(manage_url(session, f"{captioner.pk}/remove/"))
    assert (response.status_code, response["Location"]) == (302, manage_url(session))
    assert f"{person.display_name} no longer captions." in client.get(manage_url(session)).content.decode()
    assert Captioner.objects.count() == 0


@pytest.mark.parametrize("who", ["stranger", "chair", "captioner", "organiser of another event"])
def test_non_organisers_get_404_on_the_captioner_page_and_change_nothing(client: Client, who: str) -> None:
    session = LiveSessionFactory.create()
    captioner_of(session)
    captioner = Captioner.objects.get()
    person = {
        "stranger": UserFactory.create,
        "chair": lambda: chair_of(session),
        "captioner": lambda: captioner.user,
        "organiser of another event": UserFactory.create,
    }[who]()
    if who == "organiser of another event":
        EventFactory.create().organising_team.add(person)
    client.force_login(person)
    assert client.get(manage_url(session)).status_code == 404
    assert client.post(manage_url(session), {"email": person.email}).status_code == 404
    assert client.post(manage_url(session, f"{captioner.pk}/remove/")).status_code == 404
    assert list(Captioner.objects.all()) == [captioner]
    client.logout()
    response = client.get(manage_url(session))
    assert (response.status_code, response["Location"]) == (302, f"/en/accounts/login/?next={manage_url(session)}")


def test_a_captioner_of_another_event_is_not_found(client: Client) -> None:
    session = LiveSessionFactory.create()
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    elsewhere = LiveSessionFactory.create()
    captioner_of(elsewhere)
    other = Captioner.objects.get()
    client.force_login(organiser)
    assert client.post(manage_url(session, f"{other.pk}/remove/")).status_code == 404
    assert Captioner.objects.count() == 1


def test_admin_lists_lines_and_captioners(client: Client) -> None:
    session = LiveSessionFactory.create()
    captioner_of(session)
    services.push_caption(session=session, by=chair_of(session), language="en", text="for the record")
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    assert "for the record" in client.get("/admin/captions/captionline/").content.decode()
    assert client.get("/admin/captions/captioner/").status_code == 200
