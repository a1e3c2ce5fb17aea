"""The chat panel on the session page and its forms, without JavaScript."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.accounts.models import User
from pavilion.chat import services
from pavilion.chat.models import ChatMessage, ChatMute
from pavilion.events.models import Session
from tests.factories import LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.features import chair_of

pytestmark = pytest.mark.django_db


def page_url(session: Session) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"


def chat_url(session: Session, name: str = "send", **kwargs: int) -> str:
    slugs = {"event_slug": session.event.slug, "session_slug": session.slug}
    with_language = reverse(f"chat:{name}", kwargs={**slugs, **kwargs})
    return with_language


def page(client: Client, session: Session) -> str:
    response = client.get(page_url(session))
    assert response.status_code == 200
    return response.content.decode()


def test_panel_shows_recent_messages_with_author_and_time(client: Client) -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create(full_name="Trần Minh", honorific="dr")
    message = services.post_message(session=session, by=author, text="When does the 5G panel start?")
    html = page(client, session)
    assert '<section id="chat" class="chat" aria-labelledby="chat-heading"' in html
    assert '<h3 id="chat-heading">Chat</h3>' in html
    assert 'role="log" aria-live="polite" aria-label="Chat messages"' in html
    assert f'data-topic="session:{session.pk}"' in html
    assert '<span class="chat-author">Trần Minh</span>' in html
    at = message.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f'<time datetime="{at}">{message.created_at.strftime("%H:%M")}</time>' in html
    assert '<p class="chat-text">When does the 5G panel start?</p>' in html
    assert "/static/build/chat.js" in html


def test_user_text_is_escaped(client: Client) -> None:
    session = LiveSessionFactory.create()
    services.post_message(session=session, by=UserFactory.create(), text='<img src=x onerror="alert(1)">')
    html = page(client, session)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_signed_out_visitor_gets_a_sign_in_link_instead_of_the_form(client: Client) -> None:
    session = LiveSessionFactory.create()
    html = page(client, session)
    assert f'<a href="/en/accounts/login/?next=/en/events/{session.event.slug}/sessions/{session.slug}/">' in html
    assert "Sign in to chat</a>" in html
    assert 'class="chat-form"' not in html
    assert "No messages yet." in html


def test_no_js_form_posts_the_message_and_returns_to_the_chat(client: Client) -> None:
    session = LiveSessionFactory.create()
    delegate = UserFactory.create(full_name="Aigerim Bekova")
    client.force_login(delegate)
    html = page(client, session)
    assert '<label for="chat-text">Message</label>' in html
    assert 'maxlength="500"' in html
    assert f'action="{chat_url(session)}"' in html
    response = client.post(chat_url(session), {"text": "Greetings from Ashgabat"})
    assert response.status_code == 302
    assert response["Location"] == page_url(session) + "#chat"
    html = page(client, session)
    assert "Your message was sent." in html
    assert '<p class="chat-text">Greetings from Ashgabat</p>' in html
    assert list(ChatMessage.objects.values_list("author", "text")) == [(delegate.pk, "Greetings from Ashgabat")]


@pytest.mark.parametrize(
    ("text", "error"),
    [("  ", "Write a message first."), ("y" * 501, "A message can have at most 500 characters (it has 501).")],
    ids=["empty", "too-long"],
)
def test_refused_message_shows_the_error_and_keeps_the_text(client: Client, text: str, error: str) -> None:
    session = LiveSessionFactory.create()
    client.force_login(UserFactory.create())
    response = client.post(chat_url(session), {"text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your message was not sent" in html
    assert f'<ul class="errorlist" id="chat-text_error"><li>{error}</li></ul>' in html
    assert f">\n{text}</textarea>" in html
    assert ChatMessage.objects.count() == 0


def test_rate_limited_message_shows_the_error(client: Client) -> None:
    session = LiveSessionFactory.create()
    client.force_login(UserFactory.create())
    for number in range(5):
        assert client.post(chat_url(session), {"text": f"spam {number}"}).status_code == 302
    response = client.post(chat_url(session), {"text": "spam 5"})
    assert response.status_code == 400
    assert "You are sending messages too quickly. Wait a few seconds and try again." in response.content.decode()
    assert ChatMessage.objects.count() == 5


def test_muted_user_sees_the_notice_and_cannot_post(client: Client) -> None:
    session = LiveSessionFactory.create()
    delegate = UserFactory.create()
    services.mute(session=session, user=delegate, by=chair_of(session))
    client.force_login(delegate)
    html = page(client, session)
    assert '<p class="chat-muted">You are muted in this chat.</p>' in html
    assert f'action="{chat_url(session)}" class="chat-form" hidden>' in html
    response = client.post(chat_url(session), {"text": "let me speak"})
    assert response.status_code == 403
    assert "You are muted in this chat." in response.content.decode()
    assert ChatMessage.objects.count() == 0


def test_anonymous_post_is_sent_to_sign_in(client: Client) -> None:
    session = LiveSessionFactory.create()
    response = client.post(chat_url(session), {"text": "hello"})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert ChatMessage.objects.count() == 0


def test_writes_are_post_only_and_csrf_protected() -> None:
    session = LiveSessionFactory.create()
    message = services.post_message(session=session, by=UserFactory.create(), text="hello")
    browser = Client(enforce_csrf_checks=True)
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    browser.force_login(organiser)
    assert browser.get(chat_url(session)).status_code == 405
    assert browser.get(chat_url(session, "delete", message_id=message.pk)).status_code == 405
    assert browser.post(chat_url(session), {"text": "forged"}).status_code == 403
    assert browser.post(chat_url(session, "delete", message_id=message.pk)).status_code == 403
    assert browser.post(chat_url(session, "mute", user_id=message.author_id)).status_code == 403
    assert list(ChatMessage.objects.values_list("text", "deleted_at")) == [("hello", None)]
    assert ChatMute.objects.count() == 0


def _moderation_forms(html: str, session: Session, message: ChatMessage) -> list[bool]:
    return [
        f'action="{chat_url(session, "delete", message_id=message.pk)}"' in html,
        f'action="{chat_url(session, "mute", user_id=message.author_id)}"' in html,
    ]


def test_moderator_buttons_are_shown_to_moderators_only(client: Client) -> None:
    session = LiveSessionFactory.create()
    message = services.post_message(session=session, by=UserFactory.create(), text="hello")
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    expected = {"chair": True, "moderator": True, "organiser": True, "speaker": False, "delegate": False}
    people: dict[str, User | None] = {
        "chair": chair_of(session),
        "moderator": chair_of(session, role="moderator"),
        "organiser": organiser,
        "speaker": chair_of(session, role="speaker"),
        "delegate": UserFactory.create(),
    }
    for kind, person in people.items():
        assert person is not None
        client.force_login(person)
        html = page(client, session)
        assert _moderation_forms(html, session, message) == [expected[kind]] * 2, kind
        assert (">Delete</button>" in html) is expected[kind], kind
    client.logout()
    assert _moderation_forms(page(client, session), session, message) == [False, False]


def test_no_mute_button_on_a_moderators_own_or_fellow_moderators_messages(client: Client) -> None:
    session = LiveSessionFactory.create()
    chair, moderator = chair_of(session), chair_of(session, role="moderator")
    own = services.post_message(session=session, by=chair, text="Welcome, everyone")
    fellow = services.post_message(session=session, by=moderator, text="Questions in the chat, please")
    client.force_login(chair)
    html = page(client, session)
    assert _moderation_forms(html, session, own) == [True, False]
    assert _moderation_forms(html, session, fellow) == [True, False]


def test_moderator_deletes_mutes_and_unmutes_through_the_forms(client: Client) -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create(full_name="Loud Person")
    message = services.post_message(session=session, by=author, text="BUY NOW")
    chair = chair_of(session)
    client.force_login(chair)
    response = client.post(chat_url(session, "mute", user_id=author.pk))
    assert (response.status_code, response["Location"]) == (302, page_url(session) + "#chat")
    html = page(client, session)
    assert "Loud Person is muted in this chat." in html
    assert f'action="{chat_url(session, "unmute", user_id=author.pk)}"' in html
    assert client.post(chat_url(session, "delete", message_id=message.pk)).status_code == 302
    html = page(client, session)
    assert "The message was deleted." in html
    assert "BUY NOW" not in html
    assert client.post(chat_url(session, "unmute", user_id=author.pk)).status_code == 302
    assert "Loud Person may write in this chat again." in page(client, session)
    message.refresh_from_db()
    assert message.deleted_by == chair
    assert ChatMute.objects.count() == 0


def test_muting_a_moderator_shows_the_reason(client: Client) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    client.force_login(organiser)
    response = client.post(chat_url(session, "mute", user_id=chair.pk), follow=True)
    assert "Moderators and organisers cannot be muted." in response.content.decode()
    assert ChatMute.objects.count() == 0


def test_delegate_cannot_delete_or_mute_through_the_forms(client: Client) -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create()
    message = services.post_message(session=session, by=author, text="hello")
    client.force_login(UserFactory.create())
    assert client.post(chat_url(session, "delete", message_id=message.pk)).status_code == 403
    assert client.post(chat_url(session, "mute", user_id=author.pk)).status_code == 403
    assert client.post(chat_url(session, "delete", message_id=999_999)).status_code == 403  # says nothing of ids
    client.logout()
    assert client.post(chat_url(session, "delete", message_id=message.pk)).status_code == 403
    message.refresh_from_db()
    assert message.deleted_at is None
    assert ChatMute.objects.count() == 0


def test_a_message_of_another_session_is_not_found(client: Client) -> None:
    session = LiveSessionFactory.create()
    elsewhere = services.post_message(
        session=LiveSessionFactory.create(event=session.event), by=UserFactory.create(), text="other room"
    )
    client.force_login(chair_of(session))
    assert client.post(chat_url(session, "delete", message_id=elsewhere.pk)).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.deleted_at is None


def test_closed_session_chat_is_not_found_for_outsiders(client: Client) -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    message = ChatMessage.objects.create(session=session, author=UserFactory.create(), text="confidential")
    client.force_login(UserFactory.create())
    assert client.get(page_url(session)).status_code == 404
    assert client.post(chat_url(session), {"text": "let me in"}).status_code == 404
    assert client.post(chat_url(session, "delete", message_id=message.pk)).status_code == 404
    assert client.post(chat_url(session, "mute", user_id=message.author_id)).status_code == 404
    assert ChatMessage.objects.count() == 1
    # An accredited delegate may see and write.
    client.force_login(RegistrationFactory.create(event=session.event).user)
    assert "confidential" in page(client, session)
    assert client.post(chat_url(session), {"text": "Viet Nam supports the draft."}).status_code == 302
    assert ChatMessage.objects.count() == 2


def _queries_for_page(client: Client, messages: int, viewer: str) -> int:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    for number in range(messages):
        services.post_message(session=session, by=UserFactory.create(), text=f"message {number}")
    services.mute(session=session, user=UserFactory.create(), by=chair)
    if viewer == "chair":
        client.force_login(chair)
    elif viewer == "delegate":
        client.force_login(UserFactory.create())
    with CaptureQueriesContext(connection) as queries:
        page(client, session)
    client.logout()
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "delegate", "chair"])
def test_session_page_query_count_does_not_grow_with_messages(client: Client, viewer: str) -> None:
    assert _queries_for_page(client, 1, viewer) == _queries_for_page(client, 3, viewer)


def test_admin_lists_messages_and_mutes(client: Client) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    services.post_message(session=session, by=UserFactory.create(), text="for the record")
    services.mute(session=session, user=UserFactory.create(), by=chair)
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    assert "for the record" in client.get("/admin/chat/chatmessage/").content.decode()
    assert client.get("/admin/chat/chatmute/").status_code == 200
