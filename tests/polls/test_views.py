"""The polls panel on the session page and its forms, without JavaScript."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.events.models import Session
from pavilion.polls import services
from pavilion.polls.models import Poll, PollVote
from tests.factories import LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.features import chair_of
from tests.polls.conftest import open_poll, option_ids

pytestmark = pytest.mark.django_db


def page_url(session: Session) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"


def polls_url(session: Session, name: str = "create", **kwargs: int) -> str:
    return reverse(f"polls:{name}", kwargs={"event_slug": session.event.slug, "session_slug": session.slug, **kwargs})


def page(client: Client, session: Session) -> str:
    response = client.get(page_url(session))
    assert response.status_code == 200
    return response.content.decode()


def test_panel_shows_open_polls_as_forms_and_results_as_text(client: Client) -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session))
    first, second, _third = option_ids(poll)
    for choice in [first, first, second]:
        services.vote(poll=poll, by=UserFactory.create(), option_ids=[choice])
    client.force_login(UserFactory.create())
    html = page(client, session)
    assert '<section id="polls" class="polls" aria-labelledby="polls-heading"' in html
    assert '<h3 id="polls-heading">Polls</h3>' in html
    assert f'data-topic="session:{session.pk}"' in html
    assert f'<h4 class="poll-question" id="poll-{poll.pk}-question">Which band should be freed first?</h4>' in html
    assert f'action="{polls_url(session, "vote", poll_id=poll.pk)}"' in html
    assert f'<input type="radio" name="options" value="{first}" id="poll-{poll.pk}-option-{first}" required>' in html
    assert f'<label for="poll-{poll.pk}-option-{first}">700 MHz</label>' in html
    assert '<button type="submit">Vote</button>' in html
    assert '<ul class="poll-results" aria-label="Results">' in html
    assert '<span class="poll-count">Votes: 2 (67%)</span>' in html
    assert '<span class="poll-count">Votes: 1 (33%)</span>' in html
    assert '<span class="poll-count">Votes: 0 (0%)</span>' in html
    assert '<progress max="100" value="67" aria-hidden="true"></progress>' in html
    assert '<p class="poll-ballots">Ballots cast: 3</p>' in html
    assert "/static/build/polls.js" in html
    assert "/static/build/session.css" in html
    assert 'class="poll-create"' not in html  # not a moderator
    assert "Open the poll" not in html
    assert "Close the poll" not in html


def test_multiple_choice_polls_use_checkboxes_and_user_text_is_escaped(client: Client) -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session), question="<b>Bold?</b>", kind="multiple", options=("<i>A</i>", "B"))
    client.force_login(UserFactory.create())
    html = page(client, session)
    first = option_ids(poll)[0]
    assert f'<input type="checkbox" name="options" value="{first}" id="poll-{poll.pk}-option-{first}">' in html
    assert "<b>Bold?</b>" not in html
    assert "&lt;b&gt;Bold?&lt;/b&gt;" in html
    assert "&lt;i&gt;A&lt;/i&gt;" in html


def test_signed_out_visitor_sees_results_and_a_sign_in_link(client: Client) -> None:
    session = LiveSessionFactory.create()
    open_poll(session, chair_of(session))
    html = page(client, session)
    assert 'class="poll-vote"' not in html
    assert "Sign in to vote</a>" in html
    assert '<p class="poll-ballots">Ballots cast: 0</p>' in html
    response = client.post(polls_url(session, "vote", poll_id=Poll.objects.get().pk), {"options": ["1"]})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_no_js_vote_is_counted_once_and_a_second_vote_is_refused(client: Client) -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session))
    first, second, _third = option_ids(poll)
    client.force_login(UserFactory.create())
    response = client.post(polls_url(session, "vote", poll_id=poll.pk), {"options": [str(second)]})
    assert response.status_code == 302
    assert response["Location"] == page_url(session) + f"#poll-{poll.pk}"
    html = page(client, session)
    assert "Your vote was counted." in html
    assert 'class="poll-vote"' not in html
    assert '<p class="poll-voted" tabindex="-1">You voted in this poll.</p>' in html
    again = client.post(polls_url(session, "vote", poll_id=poll.pk), {"options": [str(first)]})
    assert again.status_code == 400
    assert "You have already voted in this poll." in again.content.decode()
    assert "Your vote was not counted" in again.content.decode()
    assert [list(vote.options.values_list("pk", flat=True)) for vote in PollVote.objects.all()] == [[second]]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ([], "Choose an option."),
        (["x"], "Choose among this poll&#x27;s options."),
        (["999999"], "Choose among this poll&#x27;s options."),
    ],
)
def test_no_js_invalid_votes_are_refused(client: Client, options: list[str], error: str) -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session))
    client.force_login(UserFactory.create())
    response = client.post(polls_url(session, "vote", poll_id=poll.pk), {"options": options})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert PollVote.objects.count() == 0


def test_moderator_creates_opens_and_closes_without_javascript(client: Client) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    client.force_login(chair)
    html = page(client, session)
    assert f'action="{polls_url(session)}" class="poll-create"' in html
    assert '<label for="poll-new-question">Question</label>' in html
    assert '<label for="poll-new-option_10">Option 10</label>' in html
    assert 'name="option_11"' not in html
    response = client.post(
        polls_url(session),
        {"question": "Adopt the roadmap?", "kind": "single", "option_1": "Yes", "option_2": "", "option_3": "No"},
    )
    poll = Poll.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_url(session) + f"#poll-{poll.pk}"
    assert (poll.question, poll.status, list(poll.options.values_list("text", flat=True))) == (
        "Adopt the roadmap?",
        "draft",
        ["Yes", "No"],
    )
    html = page(client, session)
    assert "Open the poll</button>" in html
    assert client.post(polls_url(session, "open", poll_id=poll.pk)).status_code == 302
    assert "Close the poll</button>" in page(client, session)
    assert client.post(polls_url(session, "close", poll_id=poll.pk)).status_code == 302
    poll.refresh_from_db()
    assert poll.status == "closed"
    html = page(client, session)
    assert "The poll is closed." in html
    assert "Close the poll</button>" not in html
    assert '<span class="poll-status">Closed</span>' in html


def test_no_js_invalid_poll_shows_the_form_again_with_the_reason(client: Client) -> None:
    session = LiveSessionFactory.create()
    client.force_login(chair_of(session))
    response = client.post(polls_url(session), {"question": "Only one?", "kind": "single", "option_1": "Yes"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The poll was not created" in html
    assert "A poll needs 2 to 10 options (it has 1)." in html
    assert 'value="Only one?"' in html
    assert Poll.objects.count() == 0


def test_delegates_cannot_create_open_or_close_and_drafts_are_hidden(client: Client) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    draft = services.create_poll(session=session, by=chair, question="Secret draft?", kind="single", options=["A", "B"])
    running = open_poll(session, chair)
    client.force_login(UserFactory.create())
    assert "Secret draft?" not in page(client, session)
    data = {"question": "Mine?", "kind": "single", "option_1": "A", "option_2": "B"}
    assert client.post(polls_url(session), data).status_code == 403
    assert client.post(polls_url(session, "open", poll_id=draft.pk)).status_code == 403
    assert client.post(polls_url(session, "close", poll_id=running.pk)).status_code == 403
    assert (
        client.post(polls_url(session, "vote", poll_id=draft.pk), {"options": option_ids(draft)[:1]}).status_code == 404
    )
    assert dict(Poll.objects.values_list("pk", "status")) == {draft.pk: "draft", running.pk: "open"}
    # The moderator sees the draft.
    client.force_login(chair)
    assert "Secret draft?" in page(client, session)


def test_invisible_session_answers_404_everywhere(client: Client) -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    poll = open_poll(session, organiser)
    client.force_login(UserFactory.create())
    assert client.get(page_url(session)).status_code == 404
    assert (
        client.post(polls_url(session, "vote", poll_id=poll.pk), {"options": option_ids(poll)[:1]}).status_code == 404
    )
    assert client.post(polls_url(session), {"question": "x"}).status_code == 404
    assert client.post(polls_url(session, "close", poll_id=poll.pk)).status_code == 404
    assert PollVote.objects.count() == 0
    # An accredited delegate may see and vote.
    client.force_login(RegistrationFactory.create(event=session.event).user)
    assert poll.question in page(client, session)
    assert (
        client.post(polls_url(session, "vote", poll_id=poll.pk), {"options": option_ids(poll)[:1]}).status_code == 302
    )
    assert PollVote.objects.count() == 1


def test_polls_accept_post_only(client: Client) -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session))
    assert client.get(polls_url(session, "vote", poll_id=poll.pk)).status_code == 405


def _queries_for_page(client: Client, polls: int, viewer: str) -> int:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    delegate = UserFactory.create()
    for number in range(polls):
        poll = open_poll(session, chair, question=f"Poll {number}?")
        services.vote(poll=poll, by=delegate, option_ids=option_ids(poll)[:1])
    services.create_poll(session=session, by=chair, question="Draft?", kind="multiple", options=["A", "B"])
    if viewer == "chair":
        client.force_login(chair)
    elif viewer == "delegate":
        client.force_login(delegate)
    with CaptureQueriesContext(connection) as queries:
        page(client, session)
    client.logout()
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "delegate", "chair"])
def test_session_page_query_count_does_not_grow_with_polls(client: Client, viewer: str) -> None:
    assert _queries_for_page(client, 1, viewer) == _queries_for_page(client, 3, viewer)


def test_admin_lists_polls_and_votes(client: Client) -> None:
    session = LiveSessionFactory.create()
    poll = open_poll(session, chair_of(session), question="For the record?")
    services.vote(poll=poll, by=UserFactory.create(), option_ids=option_ids(poll)[:1])
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    assert "For the record?" in client.get("/admin/polls/poll/").content.decode()
    assert client.get(f"/admin/polls/poll/{poll.pk}/change/").status_code == 200
    assert client.get("/admin/polls/pollvote/").status_code == 200
