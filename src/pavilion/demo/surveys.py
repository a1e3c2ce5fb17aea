"""The demo's surveys at ITU Virtual Digital World 2020: interest in a few products, with follow-up
questions and answers from demo accounts (some sharing their contact, some not, some signed out),
and the event's default session-feedback survey.

Idempotent like the rest of the demo: surveys are found before being made, questions are added
only to a survey that has none besides the interest question, and answers are written with fixed
times through the same service as the pages, so a second run changes nothing.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from pavilion.accounts.models import User
from pavilion.events.models import Event
from pavilion.exhibition.models import Product
from pavilion.surveys import services
from pavilion.surveys.feedback import feedback_template
from pavilion.surveys.interest import interest_question, interest_survey_for
from pavilion.surveys.models import Choice, Question, QuestionKind

EVENT = "itu-digital-world-2020"
#: Visitors answered during the event; a fixed time keeps reloading idempotent.
ANSWERED_AT = datetime(2020, 10, 21, 10, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))

FOLLOW_UPS: list[dict[str, Any]] = [
    {
        "kind": QuestionKind.YES_NO,
        "text": {
            "en": "Would you like a live demonstration?",
            "fr": "Souhaitez-vous une démonstration en direct ?",
            "vi": "Bạn có muốn xem trình diễn trực tiếp không?",
        },
    },
    {
        "kind": QuestionKind.SINGLE,
        "text": {
            "en": "How would you deploy it?",
            "fr": "Comment le déploieriez-vous ?",
            "vi": "Bạn sẽ triển khai như thế nào?",
        },
        "choices": [
            {"en": "On our premises", "fr": "Sur site", "vi": "Tại chỗ"},
            {"en": "As a hosted service", "fr": "En service hébergé", "vi": "Dịch vụ lưu trữ"},
            {"en": "Not sure yet", "fr": "Pas encore décidé", "vi": "Chưa chắc chắn"},
        ],
    },
    {
        "kind": QuestionKind.SHORT_TEXT,
        "text": {
            "en": "What would you use it for?",
            "fr": "Pour quel usage ?",
            "vi": "Bạn sẽ dùng nó để làm gì?",
        },
    },
]

#: (product slug, account e-mail or None for a signed-out visitor's browser, interest, follow-ups, consent)
ANSWERS: list[tuple[str, str | None, int, dict[int, Any], bool]] = [
    ("private-5g", "delegate@pavilion.example.org", 5, {0: "yes", 1: 0, 2: "Smart port in Hai Phong"}, True),
    ("private-5g", "focalpoint@pavilion.example.org", 4, {0: "no", 1: 2}, False),
    ("private-5g", None, 3, {}, False),
    ("private-5g", None, 5, {0: "yes"}, False),
    ("rural-broadband", "delegate@pavilion.example.org", 4, {0: "yes", 1: 1}, False),
    ("rural-broadband", "focalpoint@pavilion.example.org", 5, {0: "yes", 1: 1, 2: "Mountain provinces"}, True),
    ("ai-translation", None, 2, {}, False),
]
PRODUCTS = ["private-5g", "rural-broadband", "ai-translation"]
BOOTH = "mekong-example-telecom"


def _follow_ups(product: Product) -> list[Question]:
    survey = interest_survey_for(product=product)
    assert survey is not None
    interest = interest_question(survey)
    existing = [question for question in survey.questions.all() if question.pk != interest.pk]
    if existing:
        return existing
    questions = []
    for position, item in enumerate(FOLLOW_UPS, start=1):
        question = Question.objects.create(survey=survey, position=position, kind=item["kind"], text=item["text"])
        for index, label in enumerate(item.get("choices", [])):
            Choice.objects.create(question=question, label=label, position=index)
        questions.append(question)
    return questions


def load_surveys(events: dict[str, Event]) -> None:
    """Interest surveys with follow-ups and answers on three products, and the feedback survey."""
    event = events[EVENT]
    feedback_template(event=event, create=True)
    products = {product.slug: product for product in Product.objects.filter(booth__event=event, booth__slug=BOOTH)}
    follow_ups = {slug: _follow_ups(products[slug]) for slug in PRODUCTS if slug in products}
    for number, (slug, email, level, values, consent) in enumerate(ANSWERS):
        if slug not in follow_ups:
            continue
        product = products[slug]
        survey = interest_survey_for(product=product)
        assert survey is not None
        questions = follow_ups[slug]
        answers: dict[int, Any] = {interest_question(survey).pk: level}
        for index, value in values.items():
            question = questions[index]
            if question.kind == QuestionKind.SINGLE:
                value = question.choices.all()[value].pk
            answers[question.pk] = value
        user = User.objects.get(email=email) if email else None
        services.submit_response(
            survey=survey,
            user=user,
            session_key=None if user else f"demo-visitor-{number}",
            answers=answers,
            consent=consent if user else None,
            consent_text=f"Share my name and contact with {product.booth.name}" if consent else "",
            now=ANSWERED_AT,
        )
