"""Survey results per question, with the consent boundary.

Counts per choice, interest step, rating and yes/no, the mean rating or interest level, the
countries chosen, and the texts written. Who answered is shown only to the survey's owners and only
for respondents who consented to share their name and contact; everyone else who may read results
(the event's organisers, for a booth's survey) sees the aggregates and the texts without names.
A fixed number of queries, whatever the number of questions or answers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.utils.translation import gettext
from django_countries import countries

from pavilion.events.access import AnyUser
from pavilion.surveys.models import (
    SCALE_MAX,
    TEXT_KINDS,
    Answer,
    InterestLevel,
    Question,
    QuestionKind,
    Response,
    Survey,
)
from pavilion.surveys.services import can_manage, can_read_results

#: The most texts shown per question (newest first); the count says how many there are.
TEXTS_SHOWN = 500


@dataclass(frozen=True)
class ResultCount:
    label: str
    count: int
    percent: int  # of the people who answered the question


@dataclass(frozen=True)
class TextAnswer:
    text: str
    respondent: str | None  # a name only for owners, and only with consent


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[ResultCount] = field(default_factory=list)
    mean: float | None = None
    texts: list[TextAnswer] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.question.kind in TEXT_KINDS


@dataclass(frozen=True)
class SharedContact:
    """A respondent who consented to share their name and contact with the survey's owner."""

    name: str
    email: str
    organisation: str
    country: str
    consented_at: Any
    consent_text: str
    answers: list[tuple[object, str]]  # (question's translated text, answer) in the survey's order


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    contacts: list[SharedContact]
    shows_identities: bool


def _percent(count: int, total: int) -> int:
    return round(count * 100 / total) if total else 0


def _scale_labels(kind: str) -> list[tuple[int, str]]:
    if kind == QuestionKind.INTEREST:
        return [(level.value, str(level.label)) for level in InterestLevel]
    return [(number, str(number)) for number in range(1, SCALE_MAX + 1)]


def answer_text(answer: Answer, question: Question) -> str:
    """An answer as a person reads it, in the current language."""
    if question.kind == QuestionKind.INTEREST and answer.number is not None:
        return str(InterestLevel(answer.number).label)
    if answer.number is not None:
        return str(answer.number)
    if answer.boolean is not None:
        return gettext("Yes") if answer.boolean else gettext("No")
    if question.kind == QuestionKind.SINGLE:
        return ", ".join(str(choice.label) for choice in question.choices.all() if choice.pk == answer.choice_id)
    if question.kind == QuestionKind.MULTIPLE:
        return ", ".join(str(choice.label) for choice in question.choices.all() if choice.pk in answer.choices)
    if answer.country:
        return str(countries.name(str(answer.country)))
    return answer.text


def survey_results(*, survey: Survey, by: AnyUser) -> SurveyResults:
    """The results of a survey for someone who may read them (PermissionDenied otherwise)."""
    if not can_read_results(survey=survey, user=by):
        raise PermissionDenied(gettext("Only the survey's owners may see its results."))
    shows_identities = can_manage(survey=survey, user=by)
    questions = list(survey.questions.prefetch_related("choices"))
    results = {question.pk: QuestionResult(question=question) for question in questions}
    responses = Response.objects.filter(survey=survey).count()

    grouped: dict[int, Counter[Any]] = defaultdict(Counter)
    rows = (
        Answer.objects.filter(question__survey=survey)
        .values_list("question_id", "number", "boolean", "choice_id", "country")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for question_id, number, boolean, choice_id, country, count in rows:
        grouped[question_id][(number, boolean, choice_id, country)] += count
    multiple = [question.pk for question in questions if question.kind == QuestionKind.MULTIPLE]
    chosen: dict[int, Counter[int]] = defaultdict(Counter)
    if multiple:
        for question_id, ids in Answer.objects.filter(question_id__in=multiple).values_list("question_id", "choices"):
            chosen[question_id].update(ids or [])

    for question in questions:
        result = results[question.pk]
        groups = grouped[question.pk]
        result.answered = answered = sum(groups.values())
        kind = question.kind
        if kind in (QuestionKind.INTEREST, QuestionKind.RATING):
            by_number = Counter({key[0]: count for key, count in groups.items()})
            result.counts = [
                ResultCount(label, by_number[number], _percent(by_number[number], answered))
                for number, label in _scale_labels(kind)
            ]
            total = sum(number * count for number, count in by_number.items() if number is not None)
            result.mean = round(total / answered, 2) if answered else None
        elif kind == QuestionKind.YES_NO:
            by_answer = Counter({key[1]: count for key, count in groups.items()})
            result.counts = [
                ResultCount(gettext("Yes"), by_answer[True], _percent(by_answer[True], answered)),
                ResultCount(gettext("No"), by_answer[False], _percent(by_answer[False], answered)),
            ]
        elif kind == QuestionKind.SINGLE:
            by_choice = Counter({key[2]: count for key, count in groups.items()})
            result.counts = [
                ResultCount(str(choice.label), by_choice[choice.pk], _percent(by_choice[choice.pk], answered))
                for choice in question.choices.all()
            ]
        elif kind == QuestionKind.MULTIPLE:
            result.counts = [
                ResultCount(
                    str(choice.label),
                    chosen[question.pk][choice.pk],
                    _percent(chosen[question.pk][choice.pk], answered),
                )
                for choice in question.choices.all()
            ]
        elif kind == QuestionKind.COUNTRY:
            by_country = Counter({key[3]: count for key, count in groups.items()})
            result.counts = sorted(
                (
                    ResultCount(str(countries.name(code)), count, _percent(count, answered))
                    for code, count in by_country.items()
                ),
                key=lambda item: (-item.count, item.label),
            )

    text_questions = [question.pk for question in questions if question.kind in TEXT_KINDS]
    if text_questions:
        texts = (
            Answer.objects.filter(question_id__in=text_questions)
            .exclude(text="")
            .select_related("response__respondent")
            .order_by("-response__updated_at", "-pk")
        )
        for answer in texts:
            result = results[answer.question_id]
            if len(result.texts) >= TEXTS_SHOWN:
                continue
            response = answer.response
            named = shows_identities and response.consent_to_share and response.respondent is not None
            who = _name(response) if named else None
            result.texts.append(TextAnswer(text=answer.text, respondent=who))

    contacts: list[SharedContact] = []
    if shows_identities:
        consenting = (
            Response.objects.filter(survey=survey, consent_to_share=True, respondent__isnull=False)
            .select_related("respondent__organisation")
            .prefetch_related(
                Prefetch("answers", queryset=Answer.objects.order_by("question__position", "question_id"))
            )
            .order_by("-consented_at", "pk")
        )
        by_id = {question.pk: question for question in questions}
        for response in consenting:
            person = response.respondent
            assert person is not None
            contacts.append(
                SharedContact(
                    name=_name(response),
                    email=person.email,
                    organisation=str(person.organisation.name) if person.organisation else "",
                    country=str(countries.name(str(person.country))) if person.country else "",
                    consented_at=response.consented_at,
                    consent_text=response.consent_text,
                    answers=[
                        (by_id[answer.question_id].text, answer_text(answer, by_id[answer.question_id]))
                        for answer in response.answers.all()
                        if answer.question_id in by_id
                    ],
                )
            )
    return SurveyResults(
        survey=survey,
        responses=responses,
        questions=[results[question.pk] for question in questions],
        contacts=contacts,
        shows_identities=shows_identities,
    )


def _name(response: Response) -> str:
    person = response.respondent
    assert person is not None
    return person.full_name or person.email
