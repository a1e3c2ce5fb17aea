"""The group commit the survey pages answer through (surveys/batching.py, storage.write_submissions).

The page tests run with real threads and commits (``transaction=True``): a request posts, the
process's writer thread commits, and what was acknowledged is read back through a connection of
its own. ``ResponseWriter.held()`` puts several requests into one batch without any timing.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from django.db import connection, connections, transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.surveys import services
from pavilion.surveys.batching import response_writer, submit_answers
from pavilion.surveys.models import Answer, Question, Response, Survey
from pavilion.surveys.storage import Identity, Submission, write_submissions
from tests.factories import BoothFactory, ChoiceFactory, ProductFactory, QuestionFactory, SurveyFactory, UserFactory

HTMX = {"HX-Request": "true"}
NOT_SAVED = "Your answers could not be saved just now, and nothing was stored. Please send them again in a moment."


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answer_url(survey: Survey) -> str:
    return f"/en/events/{survey.event.slug}/surveys/{survey.pk}/"


def _read_fresh(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows read through a new connection of the database's own driver: only committed data."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        with sqlite3.connect(settings["NAME"]) as fresh:
            return fresh.execute(sql.replace("%s", "?"), params).fetchall()
    conninfo = {
        "dbname": settings["NAME"],
        "user": settings["USER"] or "postgres",
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(**{key: value for key, value in conninfo.items() if value is not None}) as fresh:
        return fresh.execute(sql, params).fetchall()


def _stored_numbers(survey: Survey) -> list[tuple[int | None, int | None]]:
    """(respondent id, number) of every answer to the survey, as a fresh connection reads them."""
    return [
        (respondent, number)
        for respondent, number in _read_fresh(
            "SELECT r.respondent_id, a.number FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
            "WHERE r.survey_id = %s ORDER BY r.respondent_id, a.question_id",
            [survey.pk],
        )
    ]


def _until(condition: Callable[[], bool]) -> None:
    """Wait for something another thread does (no figure of time is asserted; a test hanging is a failure)."""
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the other thread never got there")
        time.sleep(0.005)


class _Post(threading.Thread):
    """One browser's POST, sent from a thread of its own (as a worker serves each request in one)."""

    def __init__(self, client: Client, url: str, data: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__()
        self.client, self.url, self.data, self.headers = client, url, data, headers or {}
        self.result: Any = None

    def run(self) -> None:
        try:
            self.result = self.client.post(self.url, self.data, headers=self.headers)
        finally:
            connections.close_all()


# --- Writing several submissions at once (storage.write_submissions) ---------------------------------------


@pytest.mark.django_db
def test_one_transaction_writes_several_people_and_surveys_and_updates_an_earlier_response() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating")
    text = QuestionFactory.create(survey=survey, kind="short_text")
    other = SurveyFactory.create(event=survey.event)
    yes_no = QuestionFactory.create(survey=other, kind="yes_no")
    ana, ben = UserFactory.create(), UserFactory.create()
    then = timezone.now() - timedelta(hours=1)
    earlier = services.submit_response(
        survey=survey, user=ana, session_key=None, answers={rating.pk: 1, text.pk: "old"}, now=then
    )
    now = timezone.now()
    batch = [
        Submission(survey.pk, Identity(ana, ""), {rating.pk: {"number": 5}, text.pk: None}),
        Submission(survey.pk, Identity(ben, ""), {rating.pk: {"number": 3}, text.pk: {"text": "new"}}),
        Submission(other.pk, Identity(ana, ""), {yes_no.pk: {"boolean": True}}),
        Submission(survey.pk, Identity(None, "a" * 64), {rating.pk: {"number": 2}}),
    ]
    write_submissions(batch, now=now)
    assert batch[0].response is not None
    assert batch[0].response.pk == earlier.pk
    stored = Response.objects.get(pk=earlier.pk)
    assert (stored.submitted_at, stored.updated_at) == (then, now)
    rows = Answer.objects.order_by(
        "question__survey_id", F("response__respondent_id").asc(nulls_first=True), "question__position"
    )
    assert list(rows.values_list("response__respondent_id", "question_id", "number", "boolean", "text")) == [
        (None, rating.pk, 2, None, ""),
        (ana.pk, rating.pk, 5, None, ""),  # the emptied text is gone
        (ben.pk, rating.pk, 3, None, ""),
        (ben.pk, text.pk, None, None, "new"),
        (ana.pk, yes_no.pk, None, True, ""),
    ]
    assert Response.objects.count() == 4


@pytest.mark.django_db
def test_the_same_person_twice_in_a_batch_is_applied_in_order_on_one_response() -> None:
    """A tap and the follow-up sent right after it land in one batch: both answers stay, the consent too."""
    survey = SurveyFactory.create()
    interest = QuestionFactory.create(survey=survey, kind="interest")
    follow_up = QuestionFactory.create(survey=survey, kind="rating")
    person = UserFactory.create()
    now = timezone.now()
    consent = {"consent_to_share": True, "consented_at": now, "consent_text": "Share my name"}
    batch = [
        Submission(survey.pk, Identity(person, ""), {interest.pk: {"number": 2}}),
        Submission(survey.pk, Identity(person, ""), {follow_up.pk: {"number": 4}}, consent),
        Submission(survey.pk, Identity(person, ""), {interest.pk: {"number": 5}}),
    ]
    write_submissions(batch, now=now)
    response = Response.objects.get()
    assert [item.response.pk for item in batch if item.response] == [response.pk] * 3
    assert (response.consent_to_share, response.consented_at, response.consent_text) == (True, now, "Share my name")
    assert sorted(Answer.objects.values_list("question_id", "number")) == [(interest.pk, 5), (follow_up.pk, 4)]


@pytest.mark.django_db
def test_inside_a_transaction_the_callers_connection_writes_and_its_rollback_undoes_it() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating")
    person = UserFactory.create()
    batches = response_writer().batches
    with transaction.atomic():
        sid = transaction.savepoint()
        submit_answers(survey=survey, user=person, session_key=None, answers={rating.pk: 4})
        assert list(Answer.objects.values_list("number", flat=True)) == [4]
        transaction.savepoint_rollback(sid)
    assert Answer.objects.count() == 0
    assert response_writer().batches == batches


# --- The pages, through the group commit ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_page_submission_is_committed_when_acknowledged() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    person = UserFactory.create()
    writer = response_writer()
    batches = writer.batches
    answered = _signed_in(person).post(_answer_url(survey), {f"q{rating.pk}": "4"})
    assert answered.status_code == 302
    assert _stored_numbers(survey) == [(person.pk, 4)]
    assert writer.batches == batches + 1


@pytest.mark.django_db(transaction=True)
def test_a_refused_answer_is_told_at_once_while_the_writer_is_busy_and_stores_nothing() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    writer = response_writer()
    with writer.held():
        refused = _signed_in(UserFactory.create()).post(_answer_url(survey), {f"q{rating.pk}": "9"})
        assert writer.waiting == 0
    assert refused.status_code == 400
    assert "Give a rating from 1 to 5." in refused.content.decode()
    assert _stored_numbers(survey) == []


@pytest.mark.django_db(transaction=True)
def test_many_people_in_one_batch_are_all_acknowledged_after_one_commit() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    people = [UserFactory.create() for _ in range(4)]
    writer = response_writer()
    batches = writer.batches
    posts = [
        _Post(_signed_in(person), _answer_url(survey), {f"q{rating.pk}": str(1 + n)}) for n, person in enumerate(people)
    ]
    with writer.held():
        for post in posts:
            post.start()
        _until(lambda: writer.waiting == len(posts))
        assert [post.result for post in posts] == [None] * 4  # nobody is answered before the commit
    for post in posts:
        post.join()
    assert [post.result.status_code for post in posts] == [302] * 4
    assert writer.batches == batches + 1
    assert _stored_numbers(survey) == [(person.pk, 1 + n) for n, person in enumerate(people)]


@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_person_at_once_make_one_response() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    person = UserFactory.create()
    writer = response_writer()
    posts = [_Post(_signed_in(person), _answer_url(survey), {f"q{rating.pk}": value}) for value in ("2", "5")]
    with writer.held():  # both in one batch, the 5 queued after the 2
        posts[0].start()
        _until(lambda: writer.waiting == 1)
        posts[1].start()
        _until(lambda: writer.waiting == 2)
    for post in posts:
        post.join()
    assert [post.result.status_code for post in posts] == [302, 302]
    assert _stored_numbers(survey) == [(person.pk, 5)]
    again = [_Post(_signed_in(person), _answer_url(survey), {f"q{rating.pk}": value}) for value in ("1", "3")]
    for post in again:  # not held: each may be its own batch
        post.start()
    for post in again:
        post.join()
    assert [post.result.status_code for post in again] == [302, 302]
    assert [row[0] for row in _stored_numbers(survey)] == [person.pk]
    assert _read_fresh("SELECT count(*) FROM surveys_response WHERE survey_id = %s", [survey.pk]) == [(1,)]


@pytest.mark.django_db(transaction=True)
def test_two_writers_racing_on_one_first_submission_make_one_response() -> None:
    """Two worker processes' writers (here two threads with connections of their own) commit the same
    person's first answers at the same moment: one response, holding one of the two answers."""
    from pavilion.surveys.batching import ResponseWriter

    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating")
    person = UserFactory.create()
    writers = [ResponseWriter(), ResponseWriter()]
    outcomes: list[Response] = []

    def submit(writer: ResponseWriter, value: int) -> None:
        submission = services.check_submission(survey=survey, user=person, session_key=None, answers={rating.pk: value})
        outcomes.append(writer.submit(submission))
        connections.close_all()

    threads = [threading.Thread(target=submit, args=(writer, 2 + n)) for n, writer in enumerate(writers)]
    with writers[0].held(), writers[1].held():
        for thread in threads:
            thread.start()
        _until(lambda: writers[0].waiting == 1 and writers[1].waiting == 1)
    for thread in threads:
        thread.join()
    for writer in writers:
        writer.stop()
    assert outcomes[0].pk == outcomes[1].pk
    stored = _stored_numbers(survey)
    assert len(stored) == 1
    assert stored[0] in [(person.pk, 2), (person.pk, 3)]  # whichever commit came second


@pytest.mark.django_db(transaction=True)
def test_a_failing_submission_does_not_cost_the_others_their_answers_and_is_told_so() -> None:
    """Ben picks a choice the owners remove while his answers wait for the commit: the batch's
    transaction fails at its commit, Ana's answers are then written on their own and acknowledged;
    Ben is told that nothing was stored (503, not a 500), and nothing of his is."""
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    single = QuestionFactory.create(survey=survey, kind="single")
    kept, removed = ChoiceFactory.create(question=single), ChoiceFactory.create(question=single)
    ana, ben = UserFactory.create(), UserFactory.create()
    writer = response_writer()
    posts = [
        _Post(_signed_in(ana), _answer_url(survey), {f"q{rating.pk}": "4", f"q{single.pk}": str(kept.pk)}),
        _Post(_signed_in(ben), _answer_url(survey), {f"q{rating.pk}": "2", f"q{single.pk}": str(removed.pk)}),
    ]
    with writer.held():
        for post in posts:
            post.start()
        _until(lambda: writer.waiting == 2)
        removed.delete()
    for post in posts:
        post.join()
    assert posts[0].result.status_code == 302
    failed = posts[1].result
    assert failed.status_code == 503
    assert failed["Retry-After"] == "5"
    page = failed.content.decode()
    assert NOT_SAVED in page
    assert f'value="2" id="id_q{rating.pk}_1" checked' in page  # what Ben sent is still in the form
    assert _stored_numbers(survey) == [(ana.pk, 4), (ana.pk, None)]
    assert _read_fresh("SELECT respondent_id FROM surveys_response WHERE survey_id = %s", [survey.pk]) == [(ana.pk,)]


@pytest.mark.django_db(transaction=True)
def test_when_everyone_in_a_batch_fails_each_is_told_and_nothing_is_stored() -> None:
    survey = SurveyFactory.create()
    single = QuestionFactory.create(survey=survey, kind="single", required=True)
    removed = ChoiceFactory.create(question=single)
    ChoiceFactory.create(question=single)
    people = [UserFactory.create() for _ in range(3)]
    writer = response_writer()
    batches = writer.batches
    posts = [_Post(_signed_in(person), _answer_url(survey), {f"q{single.pk}": str(removed.pk)}) for person in people]
    with writer.held():
        for post in posts:
            post.start()
        _until(lambda: writer.waiting == 3)
        removed.delete()
    for post in posts:
        post.join()
    assert [post.result.status_code for post in posts] == [503] * 3
    assert all(NOT_SAVED in post.result.content.decode() for post in posts)
    assert writer.batches == batches
    assert _read_fresh("SELECT count(*) FROM surveys_response WHERE survey_id = %s", [survey.pk]) == [(0,)]


@pytest.mark.django_db(transaction=True)
def test_the_interest_tap_and_follow_up_go_through_the_group_commit() -> None:
    staff, visitor = UserFactory.create(), UserFactory.create()
    booth = BoothFactory.create(staff=[staff], name={"en": "Mekong Telecom"})
    product = ProductFactory.create(booth=booth)
    tap_url = f"/en/events/{booth.event.slug}/surveys/interest/booths/{booth.slug}/products/{product.slug}/"
    client = _signed_in(visitor)
    writer = response_writer()
    batches = writer.batches
    tapped = client.post(tap_url, {"level": "4"}, headers=HTMX)
    assert tapped.status_code == 200
    assert 'aria-pressed="true">Interested</button>' in tapped.content.decode()
    survey = Survey.objects.get(product=product)
    question = QuestionFactory.create(survey=survey, kind="yes_no")
    sent = client.post(tap_url + "follow-up/", {f"q{question.pk}": "yes", "consent": "on"}, headers=HTMX)
    assert sent.status_code == 200
    assert writer.batches == batches + 2
    assert _read_fresh(
        "SELECT r.respondent_id, r.consent_to_share, a.question_id, a.number, a.boolean FROM surveys_answer a "
        "JOIN surveys_response r ON r.id = a.response_id WHERE r.survey_id = %s ORDER BY a.question_id",
        [survey.pk],
    ) == [
        (visitor.pk, True, Question.objects.get(survey=survey, kind="interest").pk, 4, None),
        (visitor.pk, True, question.pk, None, True),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_tap_that_cannot_be_written_shows_the_widget_with_the_reason() -> None:
    """The booth's staff remove the product's interest survey while a tap waits for its commit."""
    booth = BoothFactory.create(name={"en": "Mekong Telecom"})
    product = ProductFactory.create(booth=booth)
    tap_url = f"/en/events/{booth.event.slug}/surveys/interest/booths/{booth.slug}/products/{product.slug}/"
    client = _signed_in(UserFactory.create())
    writer = response_writer()
    _signed_in(UserFactory.create()).post(tap_url, {"level": "1"}, headers=HTMX)  # the survey exists from now on
    post = _Post(client, tap_url, {"level": "5"}, headers=HTMX)
    with writer.held():
        post.start()
        _until(lambda: writer.waiting == 1)
        Survey.objects.filter(product=product).delete()
    post.join()
    assert post.result.status_code == 503
    assert post.result["Retry-After"] == "5"
    widget = post.result.content.decode()
    assert NOT_SAVED in widget
    assert 'aria-pressed="true"' not in widget
    assert _read_fresh("SELECT count(*) FROM surveys_response", []) == [(0,)]


@pytest.mark.django_db(transaction=True)
def test_without_javascript_a_failed_tap_and_a_failed_follow_up_say_that_nothing_was_stored() -> None:
    booth = BoothFactory.create(name={"en": "Mekong Telecom"})
    product = ProductFactory.create(booth=booth)
    page = f"/en/events/{booth.event.slug}/exhibition/booths/{booth.slug}/products/{product.slug}/"
    tap_url = f"/en/events/{booth.event.slug}/surveys/interest/booths/{booth.slug}/products/{product.slug}/"
    visitor = UserFactory.create()
    client = _signed_in(visitor)
    assert client.post(tap_url, {"level": "3"}).status_code == 302
    survey = Survey.objects.get(product=product)
    single = QuestionFactory.create(survey=survey, kind="single")
    removed = ChoiceFactory.create(question=single)
    ChoiceFactory.create(question=single)
    writer = response_writer()
    follow_up = _Post(client, tap_url + "follow-up/", {f"q{single.pk}": str(removed.pk), "consent": "on"})
    with writer.held():
        follow_up.start()
        _until(lambda: writer.waiting == 1)
        removed.delete()
    follow_up.join()
    assert follow_up.result.status_code == 503
    assert NOT_SAVED in follow_up.result.content.decode()
    assert _read_fresh("SELECT consent_to_share FROM surveys_response WHERE survey_id = %s", [survey.pk]) == [(False,)]
    tap = _Post(client, tap_url, {"level": "5"})
    with writer.held():
        tap.start()
        _until(lambda: writer.waiting == 1)
        Survey.objects.filter(pk=survey.pk).delete()
    tap.join()
    assert tap.result.status_code == 302
    assert tap.result["Location"] == page + "#interest"
    assert NOT_SAVED in client.get(page).content.decode()
    assert _read_fresh("SELECT count(*) FROM surveys_response", []) == [(0,)]


@pytest.mark.django_db(transaction=True)
def test_under_asgi_concurrent_posts_of_one_worker_share_one_commit() -> None:
    """Pavilion's ASGI application (what `pavilion serve` runs) gives each request's view a thread of
    its own: requests arriving together wait side by side and their answers go into one batch."""
    import httpx
    from django.conf import settings

    from pavilion.asgi import application

    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    people = [UserFactory.create() for _ in range(3)]
    sessions = []
    for person in people:
        client = Client()
        client.force_login(person)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    writer = response_writer()
    batches = writer.batches
    token = "a" * 32  # a CSRF secret, in the cookie and the header alike
    release = threading.Event()

    async def post_all() -> list[int]:
        transport = httpx.ASGITransport(app=application)  # type: ignore[arg-type]  # our Scope is a dict, httpx says MutableMapping
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as browser:
            tasks = [
                asyncio.ensure_future(
                    browser.post(
                        _answer_url(survey),
                        data={f"q{rating.pk}": str(2 + n)},
                        headers={
                            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}",
                            "X-CSRFToken": token,
                        },
                    )
                )
                for n, session in enumerate(sessions)
            ]
            while writer.waiting < len(tasks):
                await asyncio.sleep(0.005)
            release.set()
            return [response.status_code for response in await asyncio.gather(*tasks)]

    def hold_until_all_wait() -> None:
        with writer.held():
            release.wait(timeout=60)

    holder = threading.Thread(target=hold_until_all_wait)
    holder.start()
    _until(lambda: writer._gate.locked())
    statuses = asyncio.run(post_all())
    holder.join()
    assert statuses == [302, 302, 302]
    assert writer.batches == batches + 1
    assert _stored_numbers(survey) == [(person.pk, 2 + n) for n, person in enumerate(people)]
