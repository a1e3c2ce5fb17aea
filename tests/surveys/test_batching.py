from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pavilion.surveys.batching import ResponseBatcher, Submission, submit_responses
from pavilion.surveys.models import Answer, Response
from pavilion.surveys.services import submit_response
from tests.factories import QuestionFactory, SurveyFactory, UserFactory


@pytest.mark.django_db
def test_a_batch_stores_the_good_submissions_and_reports_the_refused_ones() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating", required=True)
    text = QuestionFactory.create(survey=survey, kind="short_text")
    people = [UserFactory.create() for _ in range(3)]
    earlier = submit_response(survey=survey, user=people[0], session_key=None, answers={rating.pk: 1, text.pk: "old"})
    questions = list(survey.questions.prefetch_related("choices"))
    batch = [
        Submission(user=people[0], session_key=None, answers={rating.pk: 5}),
        Submission(user=people[1], session_key=None, answers={rating.pk: 9}),
        Submission(user=people[2], session_key=None, answers={rating.pk: 3, text.pk: "new"}),
        Submission(user=None, session_key="browser", answers={rating.pk: 4}),
    ]
    submit_responses(survey=survey, submissions=batch, questions=questions)
    assert batch[0].response is not None
    assert batch[0].response.pk == earlier.pk
    assert isinstance(batch[1].error, ValidationError)
    assert batch[1].error.message_dict == {f"q{rating.pk}": ["Give a rating from 1 to 5."]}
    assert batch[2].response is not None
    assert isinstance(batch[3].error, PermissionDenied)  # an identified survey needs an account
    rows = Answer.objects.order_by("response__respondent_id", "question__position")
    assert list(rows.values_list("response__respondent_id", "number", "text")) == [
        (people[0].pk, 5, ""),
        (people[2].pk, 3, ""),
        (people[2].pk, None, "new"),
    ]
    assert Response.objects.count() == 2


@pytest.mark.django_db
def test_the_same_person_twice_in_a_batch_makes_one_response_with_the_later_answers() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating")
    person = UserFactory.create()
    batch = [Submission(user=person, session_key=None, answers={rating.pk: value}) for value in (2, 4)]
    submit_responses(survey=survey, submissions=batch, questions=list(survey.questions.all()))
    assert Response.objects.filter(respondent=person).count() == 1
    assert list(Answer.objects.values_list("number", flat=True)) == [4]


@pytest.mark.django_db(transaction=True)
def test_batcher_acknowledges_each_submission_after_its_commit() -> None:
    survey = SurveyFactory.create()
    rating = QuestionFactory.create(survey=survey, kind="rating")
    people = [UserFactory.create() for _ in range(6)]
    batcher = ResponseBatcher(survey=survey, questions=list(survey.questions.all()), max_batch=4)
    outcomes: list[Submission] = []
    lock = threading.Lock()

    def submit(index: int) -> None:
        outcome = batcher.submit(Submission(user=people[index], session_key=None, answers={rating.pk: 1 + index % 5}))
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=submit, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    batcher.close()
    assert [outcome.error for outcome in outcomes] == [None] * 6
    stored = dict(Answer.objects.values_list("response__respondent_id", "number"))
    assert stored == {person.pk: 1 + index % 5 for index, person in enumerate(people)}
