"""Caption rules: who captions a session in which languages, what a line may hold, and what each change
tells the session's live topic.

Who captions (one rule for every door):
- the event's organisers (and platform admins) and the session's chairs and moderators — the
  session's moderators (``pavilion.events.roles.is_moderator``) — in every language the
  session is captioned in;
- accounts an organiser assigned as a ``Captioner`` of the session, or of the whole event (every
  session), in the languages of the assignment (none listed: every language of the session).
A captioner must also be able to see the session (``events.access``): an assignment does not open
a closed session to anyone; for a session by invitation, organisers invite the captioner as well.

The languages of a session's captions are the session's own languages (spoken or interpreted),
else the event's content languages.

Every write commits, then publishes on ``session:<id>``; a refused call raises PermissionDenied or
ValidationError({field: message}) and changes nothing. Refusals use ``gettext`` (not the lazy form),
so they are rendered in the language active when raised: the request's on pages, the account's on
live commands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils.translation import gettext, gettext_lazy

from pavilion.accounts.identity import account_of, require_account
from pavilion.accounts.models import User
from pavilion.captions.models import MAX_CAPTION_LENGTH, Captioner, CaptionLine
from pavilion.core import texts
from pavilion.events.access import AnyUser, can_see_session
from pavilion.events.lifecycle import refuse_after_end
from pavilion.events.models import Event, Session
from pavilion.events.organising import require_organiser
from pavilion.events.roles import is_moderator
from pavilion.events.schedule import language
from pavilion.live.broker import publish_on_commit

#: How many lines per language a new subscriber and the page get.
RECENT_LINES = 20


def topic_of(session: Session) -> str:
    return f"session:{session.pk}"


def _names(codes: Iterable[str]) -> str:
    return ", ".join(str(language(code).name) for code in codes)


# --- Languages and captioners ---------------------------------------------------------------------


def caption_languages(*, session: Session) -> list[str]:
    """The languages the session is captioned in: its own languages, else its event's content languages."""
    codes = list(session.languages) or list(session.event.content_locales) or [settings.LANGUAGE_CODE]
    return list(dict.fromkeys(codes))


def transcript_languages(*, session: Session) -> list[str]:
    """The caption languages plus any language lines were kept in before the session's languages changed."""
    codes = caption_languages(session=session)
    kept = CaptionLine.objects.filter(session=session).exclude(language__in=codes).values_list("language", flat=True)
    return codes + sorted(set(kept))


def captioning_languages(*, session: Session, user: AnyUser, moderator: bool | None = None) -> list[str]:
    """The languages this person may caption the session in (empty: they may not caption it).

    Visibility is the caller's concern (pages, the live topic and push_caption check it).
    ``moderator`` skips the look-up when the caller knows.
    """
    account = account_of(user)
    if account is None:
        return []
    codes = caption_languages(session=session)
    if moderator is None:
        moderator = is_moderator(session=session, user=account)
    if moderator:
        return codes
    assignments = Captioner.objects.filter(event_id=session.event_id, user=account).filter(
        Q(session__isnull=True) | Q(session=session)
    )
    allowed: set[str] = set()
    for languages in assignments.values_list("languages", flat=True):
        if not languages:
            return codes
        allowed.update(languages)
    return [code for code in codes if code in allowed]


def may_caption(*, session: Session, user: AnyUser) -> bool:
    """Whether this person may see the session and caption it in at least one language."""
    return bool(captioning_languages(session=session, user=user)) and can_see_session(session=session, user=user)


def event_captioners(*, event: Event) -> QuerySet[Captioner]:
    """The event's captioners: whole-event assignments first, then by session, each in the order added."""
    return (
        Captioner.objects.filter(event=event)
        .select_related("user", "session")
        .order_by(F("session__starts_at").asc(nulls_first=True), "session_id", "created_at", "pk")
    )


def add_captioner(
    *, event: Event, by: User, user: User, session: Session | None = None, languages: Sequence[str] = ()
) -> Captioner:
    """Ask ``user`` to caption one session of the event, or every session (``session`` None) — organisers only.

    ``languages`` (UI language codes) limits the assignment; empty means every language of the
    session. An account is assigned once per session and once for the whole event.
    """
    require_organiser(event=event, user=by)
    if session is not None and session.event_id != event.pk:
        raise ValidationError({"session": gettext("Choose a session of this event.")})
    known = [code for code, _name in settings.LANGUAGES]
    unknown = [code for code in languages if code not in known]
    if unknown:
        raise ValidationError({"languages": gettext("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}})
    ordered = [code for code in known if code in languages]
    taken = (
        gettext("This account already captions this session.")
        if session is not None
        else gettext("This account already captions every session of this event.")
    )
    if Captioner.objects.filter(event=event, user=user, session=session).exists():
        raise ValidationError({"email": taken})
    try:
        with transaction.atomic():
            return Captioner.objects.create(event=event, session=session, user=user, languages=ordered, added_by=by)
    except IntegrityError:  # added at the same moment from another page
        raise ValidationError({"email": taken}) from None


def remove_captioner(*, captioner: Captioner, by: User) -> None:
    """End an assignment (organisers only). The lines the captioner sent stay in the transcript."""
    require_organiser(event=captioner.event, user=by)
    captioner.delete()


# --- Reading ----------------------------------------------------------------------------------------


def line_data(line: CaptionLine) -> dict[str, Any]:
    """A line as the snapshot and the events carry it (the captioner is not named: captions speak for the session)."""
    return {
        "id": line.pk,
        "language": line.language,
        "seq": line.sequence,
        "text": line.text,
        "at": line.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def recent_lines(
    *, session: Session, languages: Sequence[str], limit: int = RECENT_LINES
) -> dict[str, list[CaptionLine]]:
    """The last ``limit`` lines of each language, oldest first, in two queries whatever the number of languages.

    Lines are numbered 1, 2, 3 … per language without gaps, so the last ones are those above the
    highest number minus ``limit``.
    """
    result: dict[str, list[CaptionLine]] = {code: [] for code in languages}
    highest = dict(
        CaptionLine.objects.filter(session=session, language__in=languages)
        .values("language")
        .annotate(top=Max("sequence"))
        .values_list("language", "top")
    )
    if not highest:
        return result
    recent = Q()
    for code, top in highest.items():
        recent |= Q(language=code, sequence__gt=top - limit)
    for line in CaptionLine.objects.filter(recent, session=session).order_by("language", "sequence"):
        result[line.language].append(line)
    return result


def transcript(*, session: Session, language: str) -> list[CaptionLine]:
    """Every line of the session in this language, in order: the transcript."""
    return list(CaptionLine.objects.filter(session=session, language=language).order_by("sequence"))


def state(*, session: Session, user: AnyUser) -> dict[str, Any]:
    """What a viewer knows of the session's captions (the live snapshot part ``captions``).

    The caller has checked that the viewer may see the session (the live topic's subscription).
    """
    languages = caption_languages(session=session)
    mine = captioning_languages(session=session, user=user)
    return {
        "languages": languages,
        "lines": {
            code: [line_data(line) for line in lines]
            for code, lines in recent_lines(session=session, languages=languages).items()
        },
        "may_caption": bool(mine),
        "captioning_languages": mine,
    }


# --- Writing ----------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """The line as it will be stored (white space runs become one space), or ValidationError({"text": …})."""
    return texts.clean_text(
        text,
        limit=MAX_CAPTION_LENGTH,
        fold_white_space=True,
        empty=gettext_lazy("Write a caption first."),
        too_long=gettext_lazy("A caption line can have at most %(limit)d characters (it has %(length)d)."),
    )


def require_captioner(*, session: Session, user: AnyUser) -> tuple[User, list[str]]:
    """The captioner's account and their languages, or PermissionDenied for anyone who may not caption the session."""
    account = require_account(user, gettext("Sign in to caption."))
    if not can_see_session(session=session, user=account):
        raise PermissionDenied(gettext("You cannot take part in this session."))
    languages = captioning_languages(session=session, user=account)
    if not languages:
        raise PermissionDenied(
            gettext("Only the session's captioners and moderators and the event's organisers may caption it.")
        )
    return account, languages


def push_caption(*, session: Session, by: AnyUser, language: str, text: str) -> CaptionLine:
    """Add a line to the session's captions in ``language``. Publishes ``{"captions": {"line": {...}}}``.

    The author must be allowed to caption the session in that language (see the module's
    docstring); the text is trimmed (inner runs of white space become one space) and must be 1 to
    500 characters long. The line gets the next number of its language.
    """
    author, allowed = require_captioner(session=session, user=by)
    refuse_after_end(session=session, field="text", refusal=gettext("This session has ended: its captions are closed."))
    if language not in caption_languages(session=session):
        raise ValidationError(
            {
                "language": gettext("This session is captioned in: %(languages)s.")
                % {"languages": _names(caption_languages(session=session))}
            }
        )
    if language not in allowed:
        raise ValidationError(
            {"language": gettext("You caption this session in: %(languages)s.") % {"languages": _names(allowed)}}
        )
    text = clean_text(text)
    with transaction.atomic():
        # The session's row is locked so that lines sent at the same moment get one number after another.
        list(Session.objects.select_for_update().filter(pk=session.pk).values_list("pk", flat=True))
        top = CaptionLine.objects.filter(session=session, language=language).aggregate(top=Max("sequence"))["top"]
        line = CaptionLine.objects.create(
            session=session, language=language, sequence=(top or 0) + 1, text=text, author=author
        )
        publish_on_commit(topic_of(session), {"captions": {"line": line_data(line)}})
    return line
