"""Survey rules: who writes surveys, who answers them, how answers are checked and stored.

Every door (pages, the one-tap widget, the benchmark) calls these functions, so a rule is enforced
once. A refused call raises PermissionDenied (views answer 404 where the thing must not be known)
or ValidationError({field: message}) and changes nothing.

Who manages a survey: the event's organisers (``events.access.is_organiser``) for a survey the
event owns, the booth's staff (``Booth.staff``) for one a booth owns — never the other way round.
Who answers: whoever may see what the survey is about (the event, the session, the booth or the
product's booth); an identified survey needs an account, an anonymous one is answered once per
browser session, and the interest survey counts signed-out taps anonymously.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django_countries import countries

from pavilion.accounts.identity import account_of
from pavilion.accounts.models import User
from pavilion.events.access import AnyUser, can_see_session, is_organiser, visible_events
from pavilion.events.models import Event, Session
from pavilion.exhibition.access import can_see_booth, is_booth_staff
from pavilion.exhibition.models import Booth, Product
from pavilion.surveys.models import (
    CHOICE_KINDS,
    LONG_TEXT_MAX,
    SCALE_MAX,
    SHORT_TEXT_MAX,
    Choice,
    InterestLevel,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyPurpose,
    SurveyStatus,
    SurveyTarget,
)
from pavilion.surveys.storage import Identity, Submission, write_submissions

MAX_CHOICES = 20


@functools.cache
def country_codes() -> frozenset[str]:
    """The codes django-countries knows (with the project's overrides), built once per process."""
    return frozenset(code for code, _name in countries)


def field_name(question: Question | int) -> str:
    """The key of a question in forms and in ValidationError dictionaries: ``q<id>``."""
    return f"q{question if isinstance(question, int) else question.pk}"


def hash_session_key(session_key: str) -> str:
    """A keyed SHA-256 of a browser session's key: one anonymous response per session, unlinkable
    to the session table without the site's secret."""
    return salted_hmac("pavilion.surveys.response", session_key, algorithm="sha256").hexdigest()


def translated(message: str, locales: Iterable[str]) -> dict[str, str]:
    """A UI message (marked with gettext_noop) as a content value in each of these languages."""
    values = {}
    for code in dict.fromkeys([*locales, "en"]):
        with translation.override(code):
            values[code] = gettext(message)
    return values


# --- Who ---------------------------------------------------------------------------------------------


def can_manage(*, survey: Survey, user: AnyUser) -> bool:
    """Organisers manage the event's surveys; a booth's staff manage the booth's surveys."""
    if survey.owner_booth_id is not None:
        assert survey.owner_booth is not None
        return is_booth_staff(booth=survey.owner_booth, user=user)
    return is_organiser(event=survey.event, user=user)


def require_manager(*, survey: Survey, user: AnyUser) -> User:
    account = account_of(user)
    if account is None or not can_manage(survey=survey, user=account):
        raise PermissionDenied(gettext("Only the survey's owners may do this."))
    return account


def can_read_results(*, survey: Survey, user: AnyUser) -> bool:
    """The owners, and the event's organisers for a booth's survey (aggregates only, never names)."""
    return can_manage(survey=survey, user=user) or is_organiser(event=survey.event, user=user)


def can_see_target(*, survey: Survey, user: AnyUser) -> bool:
    """Whether this person may see what the survey is about."""
    if survey.target == SurveyTarget.SESSION:
        assert survey.session is not None
        return can_see_session(session=survey.session, user=user)
    if survey.target == SurveyTarget.BOOTH:
        assert survey.booth is not None
        return can_see_booth(booth=survey.booth, user=user)
    if survey.target == SurveyTarget.PRODUCT:
        assert survey.product is not None
        return can_see_booth(booth=survey.product.booth, user=user)
    if survey.event.is_published:
        return True  # everyone sees a published event (no query per respondent in a burst)
    return visible_events(user=user).filter(pk=survey.event_id).exists()


# --- Writing surveys and questions ---------------------------------------------------------------------


def _require_owner(*, event: Event, owner_booth: Booth | None, user: AnyUser) -> User:
    account = account_of(user)
    if owner_booth is not None:
        if account is None or owner_booth.event_id != event.pk or not is_booth_staff(booth=owner_booth, user=account):
            raise PermissionDenied(gettext("Only the booth's staff may write its surveys."))
        return account
    if account is None or not is_organiser(event=event, user=account):
        raise PermissionDenied(gettext("Only the event's organisers may write its surveys."))
    return account


def _check_times(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ValidationError({"closes_at": gettext("A survey must close after it opens.")})


def _check_title(title: Any) -> None:
    values = title.data if hasattr(title, "data") else title
    if isinstance(values, dict):
        filled = any(str(text).strip() for text in values.values() if text)
    else:
        filled = bool(str(values or "").strip())
    if not filled:
        raise ValidationError({"title": gettext("Give the survey a title.")})


def create_survey(
    *,
    event: Event,
    by: AnyUser,
    title: Any,
    owner_booth: Booth | None = None,
    target: str = SurveyTarget.EVENT,
    session: Session | None = None,
    booth: Booth | None = None,
    product: Product | None = None,
    intro: Any = "",
    is_anonymous: bool = False,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Survey:
    """Create a draft survey about exactly one target (organisers for the event, staff for their booth).

    ``target`` is "event", "session", "booth" or "product" with the matching object, which must
    belong to ``event``; a booth's survey is about the booth itself or one of its products.
    """
    _require_owner(event=event, owner_booth=owner_booth, user=by)
    _check_title(title)
    _check_times(opens_at, closes_at)
    objects: dict[str, Any] = {"session": session, "booth": booth, "product": product}
    if target not in SurveyTarget.values:
        raise ValidationError({"target": gettext("Choose what the survey is about.")})
    wanted = None if target == SurveyTarget.EVENT else target
    if any(value is not None for name, value in objects.items() if name != wanted) or (
        wanted is not None and objects[wanted] is None
    ):
        raise ValidationError({"target": gettext("Choose exactly one thing the survey is about.")})
    if session is not None and session.event_id != event.pk:
        raise ValidationError({"session": gettext("This session belongs to another event.")})
    if booth is not None and booth.event_id != event.pk:
        raise ValidationError({"booth": gettext("This booth belongs to another event.")})
    if product is not None and product.booth.event_id != event.pk:
        raise ValidationError({"product": gettext("This product belongs to another event.")})
    if owner_booth is not None:
        about = booth if booth is not None else (product.booth if product is not None else None)
        if about is None or about.pk != owner_booth.pk:
            raise ValidationError({"target": gettext("A booth's survey is about the booth or one of its products.")})
    return Survey.objects.create(
        event=event,
        owner_booth=owner_booth,
        target=target,
        title=title,
        intro=intro,
        is_anonymous=is_anonymous,
        opens_at=opens_at,
        closes_at=closes_at,
        **objects,
    )


def update_survey(
    *,
    survey: Survey,
    by: AnyUser,
    title: Any,
    intro: Any = "",
    is_anonymous: bool | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Survey:
    """Change a survey's texts and times; anonymity only while nobody has answered."""
    require_manager(survey=survey, user=by)
    _check_title(title)
    _check_times(opens_at, closes_at)
    if is_anonymous is not None and is_anonymous != survey.is_anonymous:
        if survey.responses.exists():
            raise ValidationError(
                {
                    "is_anonymous": gettext(
                        "People have answered: the survey can no longer change between anonymous and identified."
                    )
                }
            )
        survey.is_anonymous = is_anonymous
    survey.title, survey.intro, survey.opens_at, survey.closes_at = title, intro, opens_at, closes_at
    survey.save()
    return survey


def set_status(*, survey: Survey, by: AnyUser, status: str) -> Survey:
    """Publish (also reopen) or close a survey, or take it back to draft; publishing needs a question."""
    require_manager(survey=survey, user=by)
    if status not in SurveyStatus.values:
        raise ValidationError({"status": gettext("Unknown status.")})
    if status == SurveyStatus.PUBLISHED and not survey.questions.exists():
        raise ValidationError({"status": gettext("Add a question before publishing the survey.")})
    survey.status = status
    survey.save(update_fields=["status"])
    return survey


def _check_choices(kind: str, choices: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    cleaned = [{code: text.strip() for code, text in labels.items() if text and text.strip()} for labels in choices]
    cleaned = [labels for labels in cleaned if labels]
    if kind in CHOICE_KINDS:
        if not 2 <= len(cleaned) <= MAX_CHOICES:
            raise ValidationError(
                {
                    "choices": gettext("A choice question needs %(min)d to %(max)d answers (it has %(count)d).")
                    % {"min": 2, "max": MAX_CHOICES, "count": len(cleaned)}
                }
            )
    elif cleaned:
        raise ValidationError(
            {"choices": gettext("Only single- and multiple-choice questions have answers to choose.")}
        )
    return cleaned


def save_question(
    *,
    survey: Survey,
    by: AnyUser,
    kind: str,
    text: Any,
    question: Question | None = None,
    help: Any = "",
    required: bool = False,
    choices: Sequence[Mapping[str, str]] = (),
) -> Question:
    """Add a question at the end of the survey, or change one (``question``).

    Single and multiple choice take 2 to 20 choices, each ``{language: label}``, in order; the
    other kinds take none. A question that has answers keeps its kind, and the interest question
    of an interest survey stays an interest question.
    """
    require_manager(survey=survey, user=by)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": gettext("Choose the type of question.")})
    values = text.data if hasattr(text, "data") else text
    if not (any(str(v).strip() for v in values.values() if v) if isinstance(values, dict) else str(values).strip()):
        raise ValidationError({"text": gettext("Write the question.")})
    labels = _check_choices(kind, choices)
    with transaction.atomic():
        if question is None:
            last = survey.questions.aggregate(last=Max("position"))["last"]
            question = Question(survey=survey, position=0 if last is None else last + 1)
        else:
            if question.survey_id != survey.pk:
                raise PermissionDenied(gettext("This question belongs to another survey."))
            if kind != question.kind and (question.answers.exists() or _is_the_interest_question(question)):
                raise ValidationError(
                    {
                        "kind": gettext(
                            "This question has answers (or is the interest question): its type cannot change."
                        )
                    }
                )
        question.kind, question.text, question.help, question.required = kind, text, help, required
        question.save()
        existing = list(question.choices.all())
        for position, label in enumerate(labels):
            if position < len(existing):
                existing[position].label, existing[position].position = label, position
                existing[position].save()
            else:
                Choice.objects.create(question=question, label=label, position=position)
        for extra in existing[len(labels) :]:
            extra.delete()
    return question


def _is_the_interest_question(question: Question) -> bool:
    return question.survey.purpose == SurveyPurpose.INTEREST and question.kind == QuestionKind.INTEREST


def remove_question(*, question: Question, by: AnyUser) -> None:
    """Remove a question and its answers (not the interest question of an interest survey)."""
    require_manager(survey=question.survey, user=by)
    if _is_the_interest_question(question):
        raise ValidationError({"question": gettext("The interest question is the heart of this survey; it stays.")})
    question.delete()


def move_question(*, question: Question, by: AnyUser, up: bool) -> None:
    """Swap a question with the one before (``up``) or after it."""
    require_manager(survey=question.survey, user=by)
    with transaction.atomic():
        ordered = list(
            Question.objects.select_for_update().filter(survey=question.survey_id).order_by("position", "pk")
        )
        index = next(i for i, item in enumerate(ordered) if item.pk == question.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            if item.position != position:
                Question.objects.filter(pk=item.pk).update(position=position)


# --- Answering ---------------------------------------------------------------------------------------


def _missing(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, list | tuple) and not raw)


def _single(raw: Any) -> Any:
    if isinstance(raw, list | tuple):
        if len(raw) != 1:
            raise ValueError
        return raw[0]
    return raw


def _scale(raw: Any) -> int:
    value = _single(raw)
    if isinstance(value, bool):
        raise ValueError
    number = int(str(value).strip()) if not isinstance(value, int) else value
    if not 1 <= number <= SCALE_MAX:
        raise ValueError
    return number


def _choice_id(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError
    return int(str(raw).strip()) if not isinstance(raw, int) else raw


YES = frozenset({"yes", "true", "1", "on"})
NO = frozenset({"no", "false", "0", "off"})


def clean_answer(question: Question, raw: Any) -> dict[str, Any]:
    """The answer columns for this raw value, or a ValidationError with a clear message.

    ``raw`` is what a form posts (a string, or a list for multiple choice) or a typed value
    (int, bool, list of ids).
    """
    kind = question.kind
    if kind == QuestionKind.INTEREST:
        try:
            return {"number": _scale(raw)}
        except (TypeError, ValueError):
            raise ValidationError(
                gettext("Choose one of the five steps, from “%(lowest)s” to “%(highest)s”.")
                % {"lowest": InterestLevel.NOT_INTERESTED.label, "highest": InterestLevel.VERY.label}
            ) from None
    if kind == QuestionKind.RATING:
        try:
            return {"number": _scale(raw)}
        except (TypeError, ValueError):
            raise ValidationError(gettext("Give a rating from 1 to 5.")) from None
    if kind == QuestionKind.YES_NO:
        try:
            value = _single(raw)
        except ValueError:
            value = None
        if isinstance(value, bool):
            return {"boolean": value}
        word = str(value).strip().lower()
        if word in YES or word in NO:
            return {"boolean": word in YES}
        raise ValidationError(gettext("Answer yes or no."))
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        if not isinstance(raw, str):
            raise ValidationError(gettext("Write the answer as text."))
        text = raw.strip()
        limit = SHORT_TEXT_MAX if kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
        if len(text) > limit:
            raise ValidationError(
                gettext("This answer can have at most %(limit)d characters (it has %(length)d).")
                % {"limit": limit, "length": len(text)}
            )
        return {"text": text}
    if kind == QuestionKind.COUNTRY:
        code = str(raw).strip().upper() if isinstance(raw, str) else ""
        if code not in country_codes():
            raise ValidationError(gettext("Choose a country or economy from the list."))
        return {"country": code}
    known = {choice.pk for choice in question.choices.all()}
    values = list(raw) if isinstance(raw, list | tuple) else [raw]
    if kind == QuestionKind.SINGLE and len(values) > 1:
        raise ValidationError(gettext("Choose only one answer to this question."))
    try:
        chosen = [_choice_id(value) for value in values]
    except (TypeError, ValueError):
        chosen = []
    if not chosen or any(choice_id not in known for choice_id in chosen):
        raise ValidationError(gettext("Choose among this question's answers."))
    if kind == QuestionKind.SINGLE:
        return {"choice_id": chosen[0]}
    return {"choices": sorted(set(chosen))}


def clean_answers(questions: Sequence[Question], answers: Mapping[Any, Any]) -> dict[int, dict[str, Any] | None]:
    """Each question's answer columns (None: left empty), or a ValidationError naming every bad field.

    ``answers`` is keyed by question id (int) or form field name (``q<id>``).
    """
    cleaned: dict[int, dict[str, Any] | None] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        raw = answers.get(question.pk, answers.get(field_name(question)))
        if _missing(raw):
            if question.required:
                errors[field_name(question)] = [gettext("This question needs an answer.")]
            cleaned[question.pk] = None
            continue
        try:
            cleaned[question.pk] = clean_answer(question, raw)
        except ValidationError as error:
            errors[field_name(question)] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def identity_for(*, survey: Survey, user: AnyUser, session_key: str | None) -> Identity:
    """Identified surveys need an account (the interest survey counts signed-out taps anonymously);
    anonymous surveys always key by the browser session, even for signed-in people."""
    account = account_of(user)
    if account is not None and not survey.is_anonymous:
        return Identity(account=account, session_key_hash="")
    if survey.is_anonymous or survey.purpose == SurveyPurpose.INTEREST:
        if not session_key:
            raise PermissionDenied(gettext("Your browser must accept cookies to answer."))
        return Identity(account=None, session_key_hash=hash_session_key(session_key))
    raise PermissionDenied(gettext("Sign in to answer this survey."))


def check_submission(
    *,
    survey: Survey,
    user: AnyUser,
    session_key: str | None,
    answers: Mapping[Any, Any],
    consent: bool | None = None,
    consent_text: str = "",
    questions: Sequence[Question] | None = None,
    now: datetime | None = None,
) -> Submission:
    """Every check of a submission, before anything is written: who may answer, whether the survey is
    open, whose response it is, consent, and each answer. Raises PermissionDenied or ValidationError
    (naming every bad field); returns what ``storage.write_submissions`` writes.

    ``answers`` maps question ids (or ``q<id>``) to raw values; every question of ``questions``
    (default: all the survey's) is checked and will be written, an empty answer removing an earlier
    one; the survey's other questions keep their answers. ``consent`` True shares the respondent's
    name and contact with the survey's owner (``consent_text`` is what they were shown), False
    withdraws it, None leaves it as it was. Only identified respondents can consent.
    """
    now = now or timezone.now()
    if not can_see_target(survey=survey, user=user):
        raise PermissionDenied(gettext("You cannot answer this survey."))
    if not survey.is_open(now):
        raise ValidationError({"survey": gettext("This survey is not open for answers.")})
    identity = identity_for(survey=survey, user=user, session_key=session_key)
    if consent and identity.account is None:
        raise ValidationError(
            {"consent": gettext("Only signed-in respondents of an identified survey can share their name and contact.")}
        )
    if questions is None:
        questions = list(survey.questions.prefetch_related("choices"))
    cleaned = clean_answers(questions, answers)
    consent_fields: dict[str, Any] = {}
    if consent is not None:
        consent_fields = {
            "consent_to_share": consent,
            "consented_at": now if consent else None,
            "consent_text": consent_text if consent else "",
        }
    return Submission(survey_id=survey.pk, identity=identity, answers=cleaned, consent=consent_fields)


def submit_response(
    *,
    survey: Survey,
    user: AnyUser,
    session_key: str | None,
    answers: Mapping[Any, Any],
    consent: bool | None = None,
    consent_text: str = "",
    questions: Sequence[Question] | None = None,
    now: datetime | None = None,
) -> Response:
    """Store this person's answers in the caller's thread and transaction: the first submission creates
    their one response, the next ones update it (``check_submission`` says what is checked).

    The response and its answers are written in one transaction (``storage.write_submissions``);
    a refusal changes nothing. The pages use ``batching.submit_answers`` instead, which shares
    one commit among everyone answering at the same moment.
    """
    now = now or timezone.now()
    submission = check_submission(
        survey=survey,
        user=user,
        session_key=session_key,
        answers=answers,
        consent=consent,
        consent_text=consent_text,
        questions=questions,
        now=now,
    )
    write_submissions([submission], now=now)
    assert submission.response is not None
    return submission.response


def response_of(*, survey: Survey, user: AnyUser, session_key: str | None) -> Response | None:
    """This person's response to the survey, if any (with its answers)."""
    try:
        identity = identity_for(survey=survey, user=user, session_key=session_key)
    except PermissionDenied:
        return None
    return Response.objects.filter(survey=survey, **identity.lookup()).prefetch_related("answers").first()


def answer_values(response: Response | None) -> dict[str, Any]:
    """A response's answers as form initial values, keyed ``q<id>``."""
    if response is None:
        return {}
    values: dict[str, Any] = {}
    for answer in response.answers.all():
        if answer.number is not None:
            value: Any = answer.number
        elif answer.boolean is not None:
            value = "yes" if answer.boolean else "no"
        elif answer.choice_id is not None:
            value = answer.choice_id
        elif answer.choices:
            value = list(answer.choices)
        elif answer.country:
            value = str(answer.country)
        else:
            value = answer.text
        values[field_name(answer.question_id)] = value
    return values
