from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.surveys import services
from pavilion.surveys.models import Answer, Question, Response, Survey, SurveyStatus
from pavilion.surveys.results import survey_results
from tests.factories import (
    BoothFactory,
    ChoiceFactory,
    EventFactory,
    ProductFactory,
    QuestionFactory,
    SessionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _organiser_event() -> tuple[Any, User]:
    event = EventFactory.create()
    organiser = UserFactory.create()
    event.organising_team.add(organiser)
    return event, organiser


# --- Writing surveys: permissions both ways ----------------------------------------------------------


def test_organiser_creates_an_event_survey_and_booth_staff_cannot() -> None:
    event, organiser = _organiser_event()
    staff = UserFactory.create()
    BoothFactory.create(event=event, staff=[staff])
    survey = services.create_survey(event=event, by=organiser, title={"en": "Your views"})
    assert (survey.status, survey.target, survey.owner_booth) == ("draft", "event", None)
    with pytest.raises(PermissionDenied):
        services.create_survey(event=event, by=staff, title={"en": "Not mine"})
    with pytest.raises(PermissionDenied):
        services.save_question(survey=survey, by=staff, kind="rating", text={"en": "Rate"})
    assert Survey.objects.count() == 1


def test_booth_staff_create_a_booth_survey_and_organisers_and_other_staff_cannot() -> None:
    event, organiser = _organiser_event()
    staff, other_staff = UserFactory.create(), UserFactory.create()
    booth = BoothFactory.create(event=event, staff=[staff])
    BoothFactory.create(event=event, staff=[other_staff])
    product = ProductFactory.create(booth=booth)
    survey = services.create_survey(
        event=event, by=staff, owner_booth=booth, target="product", product=product, title={"en": "About it"}
    )
    assert survey.owned_by_booth
    for outsider in (organiser, other_staff):
        with pytest.raises(PermissionDenied):
            services.create_survey(event=event, by=outsider, owner_booth=booth, target="booth", booth=booth, title="x")
        with pytest.raises(PermissionDenied):
            services.save_question(survey=survey, by=outsider, kind="yes_no", text={"en": "Q"})
        with pytest.raises(PermissionDenied):
            services.set_status(survey=survey, by=outsider, status="published")


def test_booth_survey_must_be_about_the_booth_or_its_products() -> None:
    event, _organiser = _organiser_event()
    staff = UserFactory.create()
    booth = BoothFactory.create(event=event, staff=[staff])
    other = BoothFactory.create(event=event)
    with pytest.raises(ValidationError) as refused:
        services.create_survey(event=event, by=staff, owner_booth=booth, target="booth", booth=other, title="x")
    assert refused.value.message_dict == {"target": ["A booth's survey is about the booth or one of its products."]}
    with pytest.raises(ValidationError) as refused:
        services.create_survey(event=event, by=staff, owner_booth=booth, target="event", title="x")
    assert refused.value.message_dict == {"target": ["A booth's survey is about the booth or one of its products."]}


def test_survey_has_exactly_one_target_in_the_database() -> None:
    session = SessionFactory.create()
    booth = BoothFactory.create(event=session.event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.create(event=session.event, title="x", target="session", session=session, booth=booth)
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.create(event=session.event, title="x", target="booth")


def test_survey_target_in_the_service_is_exactly_one() -> None:
    event, organiser = _organiser_event()
    session = SessionFactory.create(event=event)
    with pytest.raises(ValidationError) as refused:
        services.create_survey(event=event, by=organiser, target="session", title="x")
    assert refused.value.message_dict == {"target": ["Choose exactly one thing the survey is about."]}
    other_session = SessionFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.create_survey(event=event, by=organiser, target="session", session=other_session, title="x")
    assert refused.value.message_dict == {"session": ["This session belongs to another event."]}
    survey = services.create_survey(event=event, by=organiser, target="session", session=session, title="x")
    assert survey.session == session


def test_choice_questions_need_two_choices_and_publishing_needs_a_question() -> None:
    event, organiser = _organiser_event()
    survey = services.create_survey(event=event, by=organiser, title={"en": "S"})
    with pytest.raises(ValidationError) as refused:
        services.set_status(survey=survey, by=organiser, status="published")
    assert refused.value.message_dict == {"status": ["Add a question before publishing the survey."]}
    with pytest.raises(ValidationError) as refused:
        services.save_question(survey=survey, by=organiser, kind="single", text={"en": "Pick"}, choices=[{"en": "A"}])
    assert refused.value.message_dict == {"choices": ["A choice question needs 2 to 20 answers (it has 1)."]}
    question = services.save_question(
        survey=survey, by=organiser, kind="single", text={"en": "Pick"}, choices=[{"en": "A", "vi": "Một"}, {"en": "B"}]
    )
    assert [choice.label.localize("vi") for choice in question.choices.all()] == ["Một", "B"]
    services.set_status(survey=survey, by=organiser, status="published")
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.PUBLISHED


def test_questions_are_added_at_the_end_and_move() -> None:
    event, organiser = _organiser_event()
    survey = services.create_survey(event=event, by=organiser, title={"en": "S"})
    first = services.save_question(survey=survey, by=organiser, kind="rating", text={"en": "One"})
    second = services.save_question(survey=survey, by=organiser, kind="yes_no", text={"en": "Two"})
    services.move_question(question=second, by=organiser, up=True)
    assert [str(question.text) for question in survey.questions.all()] == ["Two", "One"]
    services.remove_question(question=first, by=organiser)
    assert [str(question.text) for question in survey.questions.all()] == ["Two"]


# --- Answering: every kind's bad input ---------------------------------------------------------------


def _survey_with(kind: str, *, required: bool = False, choices: int = 0) -> tuple[Survey, Question]:
    question = QuestionFactory.create(kind=kind, required=required)
    for _ in range(choices):
        ChoiceFactory.create(question=question)
    return question.survey, question


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("rating", "6", "Give a rating from 1 to 5."),
        ("rating", "0", "Give a rating from 1 to 5."),
        ("rating", "good", "Give a rating from 1 to 5."),
        ("interest", "7", "Choose one of the five steps, from “Not interested” to “Very interested”."),
        ("interest", 0, "Choose one of the five steps, from “Not interested” to “Very interested”."),
        ("yes_no", "maybe", "Answer yes or no."),
        ("short_text", "x" * 201, "This answer can have at most 200 characters (it has 201)."),
        ("long_text", "y" * 4001, "This answer can have at most 4000 characters (it has 4001)."),
        ("country", "XX", "Choose a country or economy from the list."),
        ("country", "Viet Nam", "Choose a country or economy from the list."),
    ],
)
def test_each_kind_refuses_bad_input_with_its_message(kind: str, value: Any, message: str) -> None:
    survey, question = _survey_with(kind)
    user = UserFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.submit_response(survey=survey, user=user, session_key=None, answers={question.pk: value})
    assert refused.value.message_dict == {f"q{question.pk}": [message]}
    assert Response.objects.count() == 0


def test_single_choice_refuses_an_unknown_choice_and_two_choices() -> None:
    survey, question = _survey_with("single", choices=3)
    other = ChoiceFactory.create()  # a choice of another question
    ids = list(question.choices.values_list("pk", flat=True))
    user = UserFactory.create()
    for value, message in [
        (str(other.pk), "Choose among this question's answers."),
        ("nonsense", "Choose among this question's answers."),
        ([str(ids[0]), str(ids[1])], "Choose only one answer to this question."),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.submit_response(survey=survey, user=user, session_key=None, answers={question.pk: value})
        assert refused.value.message_dict == {f"q{question.pk}": [message]}
    assert Response.objects.count() == 0


def test_multiple_choice_refuses_an_unknown_choice() -> None:
    survey, question = _survey_with("multiple", choices=3)
    ids = list(question.choices.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as refused:
        services.submit_response(
            survey=survey, user=UserFactory.create(), session_key=None, answers={question.pk: [ids[0], 999_999]}
        )
    assert refused.value.message_dict == {f"q{question.pk}": ["Choose among this question's answers."]}


def test_missing_required_answer_is_refused_and_every_bad_field_is_named() -> None:
    survey, required = _survey_with("rating", required=True)
    optional = QuestionFactory.create(survey=survey, kind="yes_no")
    with pytest.raises(ValidationError) as refused:
        services.submit_response(
            survey=survey, user=UserFactory.create(), session_key=None, answers={optional.pk: "perhaps"}
        )
    assert refused.value.message_dict == {
        f"q{required.pk}": ["This question needs an answer."],
        f"q{optional.pk}": ["Answer yes or no."],
    }


def test_every_kind_stores_a_good_answer() -> None:
    survey = SurveyFactory.create()
    kinds = ["interest", "rating", "yes_no", "short_text", "long_text", "country", "single", "multiple"]
    questions = {kind: QuestionFactory.create(survey=survey, kind=kind) for kind in kinds}
    one = ChoiceFactory.create(question=questions["single"])
    ChoiceFactory.create(question=questions["single"])
    a, b = ChoiceFactory.create(question=questions["multiple"]), ChoiceFactory.create(question=questions["multiple"])
    answers = {
        questions["interest"].pk: "5",
        questions["rating"].pk: 4,
        questions["yes_no"].pk: "yes",
        questions["short_text"].pk: "  Fibre  ",
        questions["long_text"].pk: "z" * 4000,
        questions["country"].pk: "vn",
        questions["single"].pk: str(one.pk),
        questions["multiple"].pk: [str(b.pk), str(a.pk), str(b.pk)],
    }
    response = services.submit_response(survey=survey, user=UserFactory.create(), session_key=None, answers=answers)
    stored = {answer.question.kind: answer for answer in response.answers.select_related("question")}
    assert stored["interest"].number == 5
    assert stored["rating"].number == 4
    assert stored["yes_no"].boolean is True
    assert stored["short_text"].text == "Fibre"
    assert len(stored["long_text"].text) == 4000
    assert stored["country"].country == "VN"
    assert stored["single"].choice_id == one.pk
    assert stored["multiple"].choices == sorted([a.pk, b.pk])


def test_closed_or_draft_survey_refuses_answers() -> None:
    survey, question = _survey_with("rating")
    user = UserFactory.create()
    for change in ({"status": "draft"}, {"status": "closed"}, {"closes_at": timezone.now() - timedelta(minutes=1)}):
        Survey.objects.filter(pk=survey.pk).update(**{"status": "published", "closes_at": None, **change})
        survey.refresh_from_db()
        with pytest.raises(ValidationError) as refused:
            services.submit_response(survey=survey, user=user, session_key=None, answers={question.pk: 3})
        assert refused.value.message_dict == {"survey": ["This survey is not open for answers."]}


# --- One response per person -------------------------------------------------------------------------


def test_resubmission_updates_the_one_response() -> None:
    survey, rating = _survey_with("rating")
    text = QuestionFactory.create(survey=survey, kind="short_text")
    user = UserFactory.create()
    services.submit_response(survey=survey, user=user, session_key=None, answers={rating.pk: 2, text.pk: "first"})
    services.submit_response(survey=survey, user=user, session_key=None, answers={rating.pk: 5, text.pk: ""})
    assert Response.objects.filter(survey=survey).count() == 1
    assert list(Answer.objects.values_list("question_id", "number")) == [(rating.pk, 5)]


def test_refused_resubmission_keeps_the_earlier_answers() -> None:
    survey, rating = _survey_with("rating")
    user = UserFactory.create()
    first = services.submit_response(survey=survey, user=user, session_key=None, answers={rating.pk: 2})
    with pytest.raises(ValidationError):
        services.submit_response(survey=survey, user=user, session_key=None, answers={rating.pk: 9}, consent=True)
    response = Response.objects.get()
    assert (response.updated_at, response.consent_to_share) == (first.updated_at, False)
    assert list(Answer.objects.values_list("number", flat=True)) == [2]


def test_two_first_submissions_at_once_make_one_response() -> None:
    """Another request's first submission lands just before this one's insert (the race window): the
    insert skips the existing row (ON CONFLICT DO NOTHING), and this submission updates that row."""
    survey, rating = _survey_with("rating")
    user = UserFactory.create()
    competitor: list[Response] = []
    started: list[bool] = []

    def other_request_wins(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not started and sql.startswith("INSERT") and '"surveys_response"' in sql:
            started.append(True)
            now = timezone.now()
            competitor.append(Response.objects.create(survey=survey, respondent=user, submitted_at=now, updated_at=now))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(other_request_wins):
        response = services.submit_response(survey=survey, user=user, session_key=None, answers={rating.pk: 4})
    assert response.pk == competitor[0].pk
    assert Response.objects.filter(survey=survey, respondent=user).count() == 1
    assert list(Answer.objects.values_list("response_id", "number")) == [(response.pk, 4)]


def test_identified_survey_needs_an_account() -> None:
    survey, rating = _survey_with("rating")
    with pytest.raises(PermissionDenied):
        services.submit_response(survey=survey, user=None, session_key="abc", answers={rating.pk: 3})


def test_anonymous_survey_keeps_one_response_per_browser_session_and_no_identity() -> None:
    survey, rating = _survey_with("rating")
    Survey.objects.filter(pk=survey.pk).update(is_anonymous=True)
    survey.refresh_from_db()
    user = UserFactory.create()
    services.submit_response(survey=survey, user=None, session_key="session-one", answers={rating.pk: 1})
    services.submit_response(survey=survey, user=None, session_key="session-one", answers={rating.pk: 2})
    services.submit_response(survey=survey, user=user, session_key="session-two", answers={rating.pk: 3})
    responses = list(Response.objects.order_by("pk"))
    assert [response.respondent for response in responses] == [None, None]
    assert responses[0].session_key_hash == services.hash_session_key("session-one")
    assert "session-one" not in responses[0].session_key_hash
    assert sorted(number or 0 for number in Answer.objects.values_list("number", flat=True)) == [2, 3]
    with pytest.raises(ValidationError) as refused:
        services.submit_response(survey=survey, user=user, session_key="s3", answers={rating.pk: 3}, consent=True)
    assert refused.value.message_dict == {
        "consent": ["Only signed-in respondents of an identified survey can share their name and contact."]
    }


def test_unseen_target_refuses_answers() -> None:
    staff = UserFactory.create()
    booth = BoothFactory.create(status="draft", staff=[staff])
    survey = SurveyFactory.create(event=booth.event, owner_booth=booth, target="booth", booth=booth)
    rating = QuestionFactory.create(survey=survey)
    with pytest.raises(PermissionDenied):
        services.submit_response(survey=survey, user=UserFactory.create(), session_key=None, answers={rating.pk: 3})
    assert services.submit_response(survey=survey, user=staff, session_key=None, answers={rating.pk: 3}).pk


# --- Results and the consent boundary ----------------------------------------------------------------


def _booth_survey() -> tuple[Survey, User, User, dict[str, Question]]:
    event, organiser = _organiser_event()
    staff = UserFactory.create()
    booth = BoothFactory.create(event=event, staff=[staff])
    survey = SurveyFactory.create(event=event, owner_booth=booth, target="booth", booth=booth)
    questions = {
        "interest": QuestionFactory.create(survey=survey, kind="interest"),
        "rating": QuestionFactory.create(survey=survey, kind="rating"),
        "yes_no": QuestionFactory.create(survey=survey, kind="yes_no"),
        "text": QuestionFactory.create(survey=survey, kind="long_text"),
        "single": QuestionFactory.create(survey=survey, kind="single"),
    }
    ChoiceFactory.create(question=questions["single"], label={"en": "Fibre"})
    ChoiceFactory.create(question=questions["single"], label={"en": "Satellite"})
    survey.refresh_from_db()
    for question in questions.values():
        question.refresh_from_db()
    return survey, staff, organiser, questions


def _answer(survey: Survey, questions: dict[str, Question], user: User, values: dict[str, Any], consent: bool) -> None:
    services.submit_response(
        survey=survey,
        user=user,
        session_key=None,
        answers={questions[key].pk: value for key, value in values.items()},
        consent=consent,
        consent_text="Share my name and contact with the booth",
    )


def test_results_count_each_kind() -> None:
    survey, staff, _organiser, questions = _booth_survey()
    fibre = questions["single"].choices.first()
    assert fibre is not None
    people = [UserFactory.create() for _ in range(3)]
    _answer(survey, questions, people[0], {"interest": 5, "rating": 4, "yes_no": "yes", "single": fibre.pk}, False)
    _answer(survey, questions, people[1], {"interest": 5, "rating": 2, "yes_no": "no", "text": "More demos"}, False)
    _answer(survey, questions, people[2], {"interest": 1, "rating": 3}, False)
    results = survey_results(survey=survey, by=staff)
    by_kind = {result.question.kind: result for result in results.questions}
    assert results.responses == 3
    assert [(item.label, item.count) for item in by_kind["interest"].counts] == [
        ("Not interested", 1),
        ("Slightly interested", 0),
        ("Somewhat interested", 0),
        ("Interested", 0),
        ("Very interested", 2),
    ]
    assert by_kind["interest"].mean == 3.67
    assert (by_kind["rating"].mean, by_kind["rating"].answered) == (3.0, 3)
    assert [(item.label, item.count, item.percent) for item in by_kind["yes_no"].counts] == [
        ("Yes", 1, 50),
        ("No", 1, 50),
    ]
    assert [(item.label, item.count) for item in by_kind["single"].counts] == [("Fibre", 1), ("Satellite", 0)]
    assert [(text.text, text.respondent) for text in by_kind["long_text"].texts] == [("More demos", None)]


def test_owner_sees_who_answered_only_with_consent() -> None:
    survey, staff, _organiser, questions = _booth_survey()
    agreeing = UserFactory.create(full_name="Nguyễn Thị Lan")
    declining = UserFactory.create(full_name="Omar Haddad")
    _answer(survey, questions, agreeing, {"interest": 5, "text": "Call me"}, True)
    _answer(survey, questions, declining, {"interest": 4, "text": "Just looking"}, False)
    results = survey_results(survey=survey, by=staff)
    assert [(contact.name, contact.email) for contact in results.contacts] == [("Nguyễn Thị Lan", agreeing.email)]
    question, answer = results.contacts[0].answers[0]
    assert (str(question), answer) == (str(questions["interest"].text), "Very interested")
    texts = {text.text: text.respondent for text in results.questions[3].texts}
    assert texts == {"Call me": "Nguyễn Thị Lan", "Just looking": None}


def test_organisers_see_a_booth_survey_as_aggregates_only_even_with_consent() -> None:
    survey, _staff, organiser, questions = _booth_survey()
    _answer(survey, questions, UserFactory.create(full_name="Nguyễn Thị Lan"), {"interest": 5, "text": "Hi"}, True)
    results = survey_results(survey=survey, by=organiser)
    assert (results.shows_identities, results.contacts) == (False, [])
    assert [(text.text, text.respondent) for text in results.questions[3].texts] == [("Hi", None)]
    with pytest.raises(PermissionDenied):
        survey_results(survey=survey, by=UserFactory.create())


def test_withdrawing_consent_hides_the_name_again() -> None:
    survey, staff, _organiser, questions = _booth_survey()
    person = UserFactory.create(full_name="Nguyễn Thị Lan")
    _answer(survey, questions, person, {"interest": 5}, True)
    _answer(survey, questions, person, {"interest": 5}, False)
    response = Response.objects.get()
    assert (response.consent_to_share, response.consented_at, response.consent_text) == (False, None, "")
    assert survey_results(survey=survey, by=staff).contacts == []


# --- Privacy -----------------------------------------------------------------------------------------


def test_anonymise_responses_keeps_answers_in_the_aggregates() -> None:
    survey, staff, _organiser, questions = _booth_survey()
    person = UserFactory.create()
    _answer(survey, questions, person, {"interest": 5, "rating": 4}, True)
    from pavilion.surveys.privacy import anonymise_responses

    assert anonymise_responses(user=person) == 1
    response = Response.objects.get()
    assert (response.respondent, response.session_key_hash, response.consent_to_share, response.consented_at) == (
        None,
        "",
        False,
        None,
    )
    results = survey_results(survey=survey, by=staff)
    assert results.contacts == []
    assert results.questions[0].answered == 1


def test_deleting_an_account_anonymises_its_responses() -> None:
    survey, _staff, _organiser, questions = _booth_survey()
    person = UserFactory.create()
    _answer(survey, questions, person, {"interest": 3}, True)
    person.delete()
    response = Response.objects.get()
    assert (response.respondent, response.consent_to_share, response.consent_text) == (None, False, "")
    assert list(Answer.objects.values_list("number", flat=True)) == [3]


def test_personal_data_lists_the_answers() -> None:
    from pavilion.surveys.privacy import personal_data

    survey, _staff, _organiser, questions = _booth_survey()
    person = UserFactory.create()
    fibre = questions["single"].choices.first()
    assert fibre is not None
    moment = datetime(2020, 10, 21, 8, 0, tzinfo=UTC)
    services.submit_response(
        survey=survey,
        user=person,
        session_key=None,
        answers={questions["interest"].pk: 4, questions["single"].pk: fibre.pk, questions["text"].pk: "Hello"},
        consent=True,
        consent_text="Share my name and contact with Booth",
        now=moment,
    )
    data = personal_data(user=person)
    assert data == [
        {
            "survey": {"id": survey.pk, "title": survey.title.data, "event": survey.event.slug, "about": "booth"},
            "submitted_at": "2020-10-21T08:00:00+00:00",
            "updated_at": "2020-10-21T08:00:00+00:00",
            "consent_to_share": True,
            "consented_at": "2020-10-21T08:00:00+00:00",
            "consent_text": "Share my name and contact with Booth",
            "answers": [
                {
                    "question": questions["interest"].text.data,
                    "kind": "interest",
                    "answer": {"level": 4, "label": "Interested"},
                },
                {"question": questions["text"].text.data, "kind": "long_text", "answer": "Hello"},
                {"question": questions["single"].text.data, "kind": "single", "answer": ["Fibre"]},
            ],
        }
    ]
    assert personal_data(user=UserFactory.create()) == []
