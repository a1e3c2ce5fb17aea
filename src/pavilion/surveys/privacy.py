"""Survey answers and personal data: what an account's deletion does, and what its download holds."""

from __future__ import annotations

from typing import Any

from pavilion.accounts.models import User
from pavilion.accounts.privacy import before_account_deletion, personal_data_part
from pavilion.surveys.models import Answer, InterestLevel, Question, QuestionKind, Response


def anonymise_responses(*, user: User) -> int:
    """Cut every response of this account from it: respondent emptied, consent cleared. The answers
    stay, counted in the aggregates. Returns how many responses were anonymised."""
    return Response.objects.filter(respondent=user).update(
        respondent=None, session_key_hash="", consent_to_share=False, consented_at=None, consent_text=""
    )


def _answer_display(answer: Answer, question: Question) -> Any:
    if question.kind == QuestionKind.INTEREST and answer.number is not None:
        return {"level": answer.number, "label": str(InterestLevel(answer.number).label)}
    if answer.number is not None:
        return answer.number
    if answer.boolean is not None:
        return answer.boolean
    if answer.choice_id is not None:
        return [str(choice.label) for choice in question.choices.all() if choice.pk == answer.choice_id]
    if question.kind == QuestionKind.MULTIPLE:
        return [str(choice.label) for choice in question.choices.all() if choice.pk in answer.choices]
    if answer.country:
        return str(answer.country)
    return answer.text


def personal_data(*, user: User) -> list[dict[str, Any]]:
    """This account's survey responses as JSON-ready data, for the personal-data download."""
    responses = (
        Response.objects.filter(respondent=user)
        .select_related("survey__event", "survey__session", "survey__booth", "survey__product")
        .prefetch_related("answers__question__choices")
        .order_by("submitted_at", "pk")
    )
    data = []
    for response in responses:
        survey = response.survey
        data.append(
            {
                "survey": {
                    "id": survey.pk,
                    "title": survey.title.data,
                    "event": survey.event.slug,
                    "about": survey.target,
                },
                "submitted_at": response.submitted_at.isoformat(),
                "updated_at": response.updated_at.isoformat(),
                "consent_to_share": response.consent_to_share,
                "consented_at": response.consented_at.isoformat() if response.consented_at else None,
                "consent_text": response.consent_text,
                "answers": [
                    {
                        "question": answer.question.text.data,
                        "kind": answer.question.kind,
                        "answer": _answer_display(answer, answer.question),
                    }
                    for answer in sorted(
                        response.answers.all(), key=lambda item: (item.question.position, item.question_id)
                    )
                ],
            }
        )
    return data


# Registered with the accounts app's download and deletion (accounts/privacy.py).
@before_account_deletion
def _anonymise_before_deletion(user: User) -> None:
    anonymise_responses(user=user)


@personal_data_part("surveys")
def _surveys_part(user: User) -> list[dict[str, Any]]:
    return personal_data(user=user)
