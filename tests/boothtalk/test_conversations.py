"""Booth chat rules: private conversations, who writes and answers, limits, deletion, what is published where."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from pavilion.boothtalk import conversations
from pavilion.boothtalk.models import BoothConversation, BoothMessage
from pavilion.exhibition.models import BoothStatus
from pavilion.live.broker import MemoryBroker
from tests.boothtalk.helpers import stand
from tests.factories import BoothFactory, UserFactory
from tests.live.features import published

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_starts_a_conversation_and_the_staff_answer_in_it(broker: MemoryBroker) -> None:
    s = stand()
    first = conversations.post_message(booth=s.booth, by=s.visitor, text="  Do you sell 5G routers?  ")
    conversation = BoothConversation.objects.get()
    answer = conversations.post_message(booth=s.booth, by=s.staff, text="Yes, three models.", conversation=conversation)
    assert (conversation.booth, conversation.visitor) == (s.booth, s.visitor)
    assert [(m.author, m.from_booth, m.text) for m in BoothMessage.objects.order_by("pk")] == [
        (s.visitor, False, "Do you sell 5G routers?"),
        (s.staff, True, "Yes, three models."),
    ]
    conversation.refresh_from_db()
    assert conversation.last_message_at == answer.created_at
    # An organiser of the event answers too.
    conversations.post_message(booth=s.booth, by=s.organiser, text="Welcome!", conversation=conversation)
    assert BoothMessage.objects.filter(author=s.organiser, from_booth=True).count() == 1
    assert first.conversation_id == conversation.pk


def test_changes_go_to_the_visitor_and_the_team_and_never_to_the_booth_topic(broker: MemoryBroker) -> None:
    s = stand()
    message = conversations.post_message(booth=s.booth, by=s.visitor, text="Hello")
    conversation = message.conversation
    expected = {
        "boothchat": {
            "booth": s.booth.pk,
            "conversation": conversations.conversation_summary(conversation),
            "added": conversations.message_data(message),
        }
    }
    assert expected["boothchat"]["added"] == {
        "id": message.pk,
        "author": "Amina Diallo",
        "author_id": s.visitor.pk,
        "from_booth": False,
        "text": "Hello",
        "at": message.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    for reader in (s.visitor, s.staff, s.organiser):
        assert published(broker, f"user:{reader.pk}") == [expected]
    assert published(broker, f"user:{s.other_visitor.pk}") == []
    assert published(broker, s.topic) == []
    conversations.delete_message(message=message, by=s.staff)
    deleted = {"boothchat": {"booth": s.booth.pk, "conversation": conversation.pk, "deleted": message.pk}}
    assert published(broker, f"user:{s.visitor.pk}") == [expected, deleted]
    assert published(broker, f"user:{s.other_visitor.pk}") == []
    assert published(broker, s.topic) == []


def test_each_visitor_reads_only_their_own_conversation_and_the_team_reads_all() -> None:
    s = stand()
    mine = conversations.post_message(booth=s.booth, by=s.visitor, text="Our ministry needs a private network")
    theirs = conversations.post_message(booth=s.booth, by=s.other_visitor, text="What is your price list?")
    visitor_state = conversations.state(booth=s.booth, user=s.visitor)
    other_state = conversations.state(booth=s.booth, user=s.other_visitor)
    assert visitor_state["role"] == "visitor"
    assert [m["text"] for c in visitor_state["conversations"] for m in c["messages"]] == [
        "Our ministry needs a private network"
    ]
    assert [m["text"] for c in other_state["conversations"] for m in c["messages"]] == ["What is your price list?"]
    team_state = conversations.state(booth=s.booth, user=s.staff)
    assert team_state["role"] == "team"
    assert [c["id"] for c in team_state["conversations"]] == [theirs.conversation_id, mine.conversation_id]
    assert conversations.state(booth=s.booth, user=s.organiser)["role"] == "team"
    assert conversations.state(booth=s.booth, user=None) == {"role": "anonymous", "conversations": []}
    # The staff of another booth are visitors here: they read nothing of this booth's conversations.
    elsewhere = UserFactory.create()
    BoothFactory.create(event=s.booth.event, staff=[elsewhere])
    assert conversations.state(booth=s.booth, user=elsewhere) == {"role": "visitor", "conversations": []}


def test_nobody_but_the_team_answers_in_a_conversation_and_nothing_changes() -> None:
    s = stand()
    conversation = conversations.post_message(booth=s.booth, by=s.visitor, text="Hi").conversation
    elsewhere = UserFactory.create()
    BoothFactory.create(event=s.booth.event, staff=[elsewhere])
    for intruder in (s.other_visitor, elsewhere, s.visitor):
        with pytest.raises(PermissionDenied):
            conversations.post_message(booth=s.booth, by=intruder, text="Let me in", conversation=conversation)
    other_booth = BoothFactory.create(event=s.booth.event, staff=[s.staff])
    with pytest.raises(ValidationError) as refused:
        conversations.post_message(booth=other_booth, by=s.staff, text="Wrong booth", conversation=conversation)
    assert refused.value.message_dict == {"conversation": ["There is no such conversation at this booth."]}
    assert BoothMessage.objects.count() == 1


def test_who_may_start_a_conversation() -> None:
    s = stand()
    with pytest.raises(PermissionDenied) as anonymous:
        conversations.post_message(booth=s.booth, by=None, text="Hi")
    assert str(anonymous.value) == "Sign in to write to the booth."
    with pytest.raises(PermissionDenied) as staff:
        conversations.post_message(booth=s.booth, by=s.staff, text="Hi")
    assert str(staff.value) == "You answer for this booth; its visitors write to you here."
    draft = BoothFactory.create(event=s.booth.event, status=BoothStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        conversations.post_message(booth=draft, by=s.visitor, text="Hi")
    assert BoothConversation.objects.count() == 0


def test_texts_are_checked_and_rate_limited_like_the_session_chat() -> None:
    s = stand()
    for text, error in [
        ("   ", "Write a message first."),
        ("x" * 501, "A message can have at most 500 characters (it has 501)."),
    ]:
        with pytest.raises(ValidationError) as refused:
            conversations.post_message(booth=s.booth, by=s.visitor, text=text)
        assert refused.value.message_dict == {"text": [error]}
    for number in range(5):
        conversations.post_message(booth=s.booth, by=s.visitor, text=f"message {number}")
    with pytest.raises(ValidationError) as refused:
        conversations.post_message(booth=s.booth, by=s.visitor, text="one too many")
    assert refused.value.message_dict == {
        "text": ["You are sending messages too quickly. Wait a few seconds and try again."]
    }
    assert BoothMessage.objects.count() == 5


def test_only_the_team_deletes_and_deleting_twice_publishes_once(broker: MemoryBroker) -> None:
    s = stand()
    message = conversations.post_message(booth=s.booth, by=s.visitor, text="Spam spam spam")
    with pytest.raises(PermissionDenied):
        conversations.delete_message(message=message, by=s.visitor)
    conversations.delete_message(message=message, by=s.organiser)
    conversations.delete_message(message=message, by=s.staff)
    message.refresh_from_db()
    assert message.deleted_by == s.organiser
    assert len(published(broker, f"user:{s.visitor.pk}")) == 2
    assert conversations.state(booth=s.booth, user=s.visitor)["conversations"][0]["messages"] == []


def test_booth_chat_forms_work_without_javascript_and_escape_text() -> None:
    s = stand()
    visitor, staff, other = Client(), Client(), Client()
    visitor.force_login(s.visitor)
    staff.force_login(s.staff)
    other.force_login(s.other_visitor)
    response = visitor.post(s.page + "chat/", {"text": "<script>alert('x')</script> Hello"})
    conversation = BoothConversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{s.page}#conversation-{conversation.pk}"
    page = staff.get(s.page).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Hello" in page
    assert "<script>alert(" not in page
    response = staff.post(s.page + "chat/", {"text": "Hello Amina", "conversation": conversation.pk})
    assert response.status_code == 302
    assert "Hello Amina" in visitor.get(s.page).content.decode()
    assert "Hello Amina" not in other.get(s.page).content.decode()
    # A visitor cannot answer someone else's conversation through the form either.
    refused = other.post(s.page + "chat/", {"text": "Sneaky", "conversation": conversation.pk})
    assert refused.status_code == 403
    assert "Only the booth&#x27;s staff and the event&#x27;s organisers may do this." in refused.content.decode()
    message = BoothMessage.objects.get(text="Hello Amina")
    assert other.post(s.page + f"chat/messages/{message.pk}/delete/").status_code == 403
    assert staff.post(s.page + f"chat/messages/{message.pk}/delete/").status_code == 302
    assert "Hello Amina" not in visitor.get(s.page).content.decode()
    empty = visitor.post(s.page + "chat/", {"text": ""})
    assert empty.status_code == 400
    assert "Write a message first." in empty.content.decode()
    anonymous = Client().post(s.page + "chat/", {"text": "Hi"})
    assert anonymous["Location"] == f"/en/accounts/login/?next={s.page}%23booth-chat"
