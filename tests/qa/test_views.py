"""The questions panel on the session page and its forms, without JavaScript."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.events.models import Session
from pavilion.qa import services
from pavilion.qa.models import Question, QuestionVote
from tests.factories import LiveSessionFactory, RegistrationFactory, UserFactory
from tests.live.features import chair_of

pytestmark = pytest.mark.django_db


def page_url(session: Session) -> str:
    return f"/en/events/{session.event.slug}/sessions/{session.slug}/"


def qa_url(session: Session, name: str = "ask", **kwargs: int) -> str:
    return reverse(f"qa:{name}", kwargs={"event_slug": session.event.slug, "session_slug": session.slug, **kwargs})


def page(client: Client, session: Session) -> str:
    response = client.get(page_url(session))
    assert response.status_code == 200
    return response.content.decode()


def approved(session: Session, text: str) -> Question:
    question = services.ask(session=session, by=UserFactory.create(), text=text)
    return services.moderate(question=question, by=chair_of(session), status="approved")


def test_panel_lists_approved_questions_by_votes_with_vote_buttons(client: Client) -> None:
    session = LiveSessionFactory.create()
    fewer, more = approved(session, "Fewer votes"), approved(session, "More votes")
    services.vote(question=more, by=UserFactory.create())
    services.ask(session=session, by=UserFactory.create(), text="Not approved yet")
    client.force_login(UserFactory.create())
    html = page(client, session)
    assert '<section id="questions" class="qa" aria-labelledby="qa-heading"' in html
    assert '<h3 id="qa-heading">Questions</h3>' in html
    assert html.index("More votes") < html.index("Fewer votes")
    assert '<span class="qa-votes">Votes: 1</span>' in html
    assert '<span class="qa-votes">Votes: 0</span>' in html
    assert "Not approved yet" not in html
    for question in [more, fewer]:
        assert f'action="{qa_url(session, "vote", question_id=question.pk)}"' in html
    assert f'action="{qa_url(session, "moderate", question_id=more.pk)}"' not in html
    assert "/static/build/qa.js" in html


def test_user_text_is_escaped(client: Client) -> None:
    session = LiveSessionFactory.create()
    approved(session, '<img src=x onerror="alert(1)">')
    html = page(client, session)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_signed_out_visitor_gets_a_sign_in_link_and_no_forms(client: Client) -> None:
    session = LiveSessionFactory.create()
    question = approved(session, "Visible to all")
    html = page(client, session)
    assert "Sign in to ask a question</a>" in html
    assert 'class="qa-form"' not in html
    assert f'action="{qa_url(session, "vote", question_id=question.pk)}"' not in html
    response = client.post(qa_url(session, "vote", question_id=question.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert QuestionVote.objects.count() == 0


def test_no_js_ask_form_posts_the_question_and_the_author_sees_it_pending(client: Client) -> None:
    session = LiveSessionFactory.create()
    author = UserFactory.create()
    client.force_login(author)
    html = page(client, session)
    assert '<label for="qa-text">Your question</label>' in html
    assert 'maxlength="300"' in html
    response = client.post(qa_url(session), {"text": "How is the fund governed?"})
    assert response.status_code == 302
    assert response["Location"] == page_url(session) + "#questions"
    html = page(client, session)
    assert "Your question was sent. It will be shown once a moderator approves it." in html
    assert '<p class="qa-text">How is the fund governed?</p>' in html
    assert '<span class="qa-status">Awaiting approval</span>' in html
    assert list(Question.objects.values_list("author", "text", "status")) == [
        (author.pk, "How is the fund governed?", "pending")
    ]
    client.force_login(UserFactory.create())
    assert "How is the fund governed?" not in page(client, session)


def test_refused_question_shows_the_error_and_keeps_the_text(client: Client) -> None:
    session = LiveSessionFactory.create()
    client.force_login(UserFactory.create())
    response = client.post(qa_url(session), {"text": "y" * 301})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your question was not sent" in html
    error = "A question can have at most 300 characters (it has 301)."
    assert f'<ul class="errorlist" id="qa-text_error"><li>{error}</li></ul>' in html
    assert f">\n{'y' * 301}</textarea>" in html
    assert Question.objects.count() == 0


def test_no_js_vote_counts_once_and_the_second_is_refused_with_a_message(client: Client) -> None:
    session = LiveSessionFactory.create()
    question = approved(session, "Vote for me")
    voter = UserFactory.create()
    client.force_login(voter)
    url = qa_url(session, "vote", question_id=question.pk)
    assert client.post(url)["Location"] == page_url(session) + "#questions"
    html = page(client, session)
    assert "Your vote was counted." in html
    assert '<span class="qa-voted">You voted</span>' in html
    assert f'action="{url}"' not in html
    client.post(url)
    assert "You have already voted for this question." in page(client, session)
    assert list(QuestionVote.objects.values_list("question", "voter")) == [(question.pk, voter.pk)]


def test_pending_or_hidden_questions_cannot_be_voted_for_by_others(client: Client) -> None:
    session = LiveSessionFactory.create()
    pending = services.ask(session=session, by=UserFactory.create(), text="Pending")
    hidden = services.moderate(question=approved(session, "Hidden"), by=chair_of(session), status="hidden")
    client.force_login(UserFactory.create())
    for question in [pending, hidden]:
        assert client.post(qa_url(session, "vote", question_id=question.pk)).status_code == 404
    assert QuestionVote.objects.count() == 0


def test_moderator_buttons_are_shown_to_moderators_only_and_work(client: Client) -> None:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    question = services.ask(session=session, by=UserFactory.create(), text="Please approve")
    moderate_url = qa_url(session, "moderate", question_id=question.pk)
    client.force_login(UserFactory.create())
    assert f'action="{moderate_url}"' not in page(client, session)
    assert client.post(moderate_url, {"status": "approved"}).status_code == 403
    question.refresh_from_db()
    assert question.status == "pending"
    client.force_login(chair)
    html = page(client, session)
    assert f'action="{moderate_url}"' in html
    assert '<input type="hidden" name="status" value="approved">' in html
    for label in ["Approve", "Mark answered", "Hide"]:
        assert f">{label}</button>" in html
    for status, notice in [
        ("approved", "The question was approved."),
        ("answered", "The question was marked as answered."),
        ("hidden", "The question was hidden."),
    ]:
        assert client.post(moderate_url, {"status": status})["Location"] == page_url(session) + "#questions"
        assert notice in page(client, session)
        question.refresh_from_db()
        assert question.status == status
    client.post(moderate_url, {"status": "bogus"})
    assert "Choose approve, hide or mark as answered." in page(client, session)


def test_writes_are_post_only_and_csrf_protected() -> None:
    session = LiveSessionFactory.create()
    question = approved(session, "Protected")
    browser = Client(enforce_csrf_checks=True)
    organiser = UserFactory.create()
    session.event.organising_team.add(organiser)
    browser.force_login(organiser)
    assert browser.get(qa_url(session)).status_code == 405
    assert browser.get(qa_url(session, "vote", question_id=question.pk)).status_code == 405
    assert browser.post(qa_url(session), {"text": "forged"}).status_code == 403
    assert browser.post(qa_url(session, "vote", question_id=question.pk)).status_code == 403
    moderate_url = qa_url(session, "moderate", question_id=question.pk)
    assert browser.post(moderate_url, {"status": "hidden"}).status_code == 403
    assert list(Question.objects.values_list("text", "status")) == [("Protected", "approved")]
    assert QuestionVote.objects.count() == 0


def test_closed_session_questions_are_not_found_for_outsiders(client: Client) -> None:
    session = LiveSessionFactory.create(access_level="accredited")
    question = Question.objects.create(
        session=session, author=UserFactory.create(), text="confidential", status="approved"
    )
    client.force_login(UserFactory.create())
    assert client.get(page_url(session)).status_code == 404
    assert client.post(qa_url(session), {"text": "let me in"}).status_code == 404
    assert client.post(qa_url(session, "vote", question_id=question.pk)).status_code == 404
    assert client.post(qa_url(session, "moderate", question_id=question.pk), {"status": "hidden"}).status_code == 404
    assert (Question.objects.count(), QuestionVote.objects.count()) == (1, 0)
    client.force_login(RegistrationFactory.create(event=session.event).user)
    assert "confidential" in page(client, session)
    assert client.post(qa_url(session), {"text": "Viet Nam asks."}).status_code == 302
    assert client.post(qa_url(session, "vote", question_id=question.pk)).status_code == 302
    assert (Question.objects.count(), QuestionVote.objects.count()) == (2, 1)


def _queries_for_page(client: Client, questions: int, viewer: str) -> int:
    session = LiveSessionFactory.create()
    chair = chair_of(session)
    for number in range(questions):
        question = approved(session, f"question {number}")
        services.vote(question=question, by=UserFactory.create())
    services.ask(session=session, by=UserFactory.create(), text="pending")
    if viewer == "chair":
        client.force_login(chair)
    elif viewer == "delegate":
        client.force_login(UserFactory.create())
    with CaptureQueriesContext(connection) as queries:
        page(client, session)
    client.logout()
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "delegate", "chair"])
def test_session_page_query_count_does_not_grow_with_questions(client: Client, viewer: str) -> None:
    assert _queries_for_page(client, 1, viewer) == _queries_for_page(client, 3, viewer)


def test_admin_lists_questions_and_votes(client: Client) -> None:
    session = LiveSessionFactory.create()
    question = approved(session, "for the record")
    services.vote(question=question, by=UserFactory.create())
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    assert "for the record" in client.get("/admin/qa/question/").content.decode()
    assert client.get("/admin/qa/questionvote/").status_code == 200


def test_panel_states_the_time_zone_its_times_are_in_for_the_live_script(client: Client) -> None:
    session = LiveSessionFactory.create()
    approved(session, "Asked at five past six")
    Question.objects.update(created_at="2020-10-20T06:05:00Z")
    client.cookies["pavilion_tz"] = "Asia/Ho_Chi_Minh"
    html = page(client, session)
    assert 'data-time-zone="Asia/Ho_Chi_Minh"' in html
    # Not today: the time carries its day (core/templatetags/pavilion.py `clock`), in the viewer's zone.
    assert '<time datetime="2020-10-20T06:05:00Z">Oct 20, 2020, 13:05</time>' in html
