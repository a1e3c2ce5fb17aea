"""Statements: a delegation's at a session, a message for a world day; written by the secretariat, or by
a meeting's organisers for their meeting; read by anyone who sees the programme (the archive by year).

A statement delivered during a turn on the floor names the turn (``floor_turn_id``), checked against
the turns the floor app reports for the statement's session (programmes/floor_turns.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pavilion.accounts.models import User
from pavilion.events.models import Event, Session
from pavilion.programmes.access import is_secretariat, may_write_statement, statement_meetings
from pavilion.programmes.commitment_models import Statement
from pavilion.programmes.floor_turns import floor_turn
from pavilion.programmes.models import Programme

#: Words of the statements' own addresses (``…/statements/new/``): no statement may take them as its slug.
RESERVED_SLUGS = frozenset({"new"})


@dataclass
class StatementFields:
    """What a statement says and where it was delivered; texts by language code."""

    slug: str
    title: Mapping[str, str]
    text: Mapping[str, str]
    author: str
    occasion: str
    delivered_on: date
    author_position: Mapping[str, str] = field(default_factory=dict)
    meeting: Event | None = None
    session: Session | None = None
    floor_turn_id: int | None = None
    is_official: bool = False


def _versions(fields: StatementFields) -> dict[str, list[str]]:
    """Each language version needs both a title and a text; at least one version."""
    errors: dict[str, list[str]] = {}
    codes = {code for code, _name in settings.LANGUAGES}
    titled = {code for code, value in fields.title.items() if value.strip()}
    written = {code for code, value in fields.text.items() if value.strip()}
    if (titled | written) - codes:
        errors.setdefault("text", []).append(_("Write the statement in the platform's languages only."))
    if not written:
        errors.setdefault("text", []).append(_("Write the text of the statement in at least one language."))
    for code, name in settings.LANGUAGES:
        if code in written and code not in titled:
            message = _("Give the %(language)s version a title.") % {"language": name}
            errors.setdefault(f"title_{code}", []).append(message)
        if code in titled and code not in written:
            message = _("Give the %(language)s version its text.") % {"language": name}
            errors.setdefault(f"text_{code}", []).append(message)
    return errors


def _place(programme: Programme, fields: StatementFields) -> dict[str, list[str]]:
    """The meeting is one of the programme's, the session one of the meeting's, the turn one of the session's."""
    errors: dict[str, list[str]] = {}
    if fields.session is not None and fields.meeting is None:
        fields.meeting = fields.session.event
    if fields.meeting is not None and not programme.meetings.filter(pk=fields.meeting.pk).exists():
        errors["meeting"] = [_("This event is not one of the programme's meetings.")]
    if fields.session is not None and fields.meeting is not None and fields.session.event_id != fields.meeting.pk:
        errors["session"] = [_("This session is not part of the meeting.")]
    if fields.floor_turn_id is not None:
        if fields.session is None:
            errors["floor_turn"] = [_("Choose the session of the turn on the floor.")]
        elif floor_turn(session=fields.session, turn_id=fields.floor_turn_id) is None:
            errors["floor_turn"] = [_("No one was given the floor in this session with that turn.")]
    return errors


def save_statement(
    *, programme: Programme, by: User, fields: StatementFields, statement: Statement | None = None
) -> Statement:
    """Create a statement, or change ``statement``; all the rules are checked before anything is saved.

    The secretariat writes any statement and alone marks one official; a meeting's organisers write and
    change the statements of their meetings.
    """
    if statement_meetings(programme=programme, user=by) == []:
        raise PermissionDenied(_("Only the secretariat and the meeting's organisers may write statements."))
    if statement is not None and statement.programme_id != programme.pk:
        raise PermissionDenied(_("This statement belongs to another programme."))
    if statement is not None and not may_write_statement(programme=programme, user=by, meeting=statement.meeting):
        raise PermissionDenied(_("Only the secretariat and the meeting's organisers may change this statement."))
    errors = _versions(fields)
    errors.update(_place(programme, fields))
    if not may_write_statement(programme=programme, user=by, meeting=fields.meeting):
        errors.setdefault("meeting", []).append(_("Choose one of the meetings you organise."))
    if fields.is_official and not is_secretariat(programme=programme, user=by):
        errors["is_official"] = [_("Only the secretariat marks a statement official.")]
    slug = fields.slug.strip()
    if not slug or slug in RESERVED_SLUGS:
        errors["slug"] = [_("Choose another short name for links.")]
    elif programme.statements.filter(slug=slug).exclude(pk=statement.pk if statement else 0).exists():
        errors["slug"] = [_("Another statement of the programme has this short name.")]
    for name in ("author", "occasion"):
        if not getattr(fields, name).strip():
            errors[name] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    values = {
        "slug": slug,
        "title": {code: value.strip() for code, value in fields.title.items() if value.strip()},
        "text": {code: value.strip() for code, value in fields.text.items() if value.strip()},
        "author": fields.author.strip(),
        "author_position": {code: value.strip() for code, value in fields.author_position.items() if value.strip()},
        "occasion": fields.occasion.strip(),
        "delivered_on": fields.delivered_on,
        "meeting": fields.meeting,
        "session": fields.session,
        "floor_turn_id": fields.floor_turn_id,
        "is_official": fields.is_official,
    }
    try:
        with transaction.atomic():
            if statement is None:
                return Statement.objects.create(programme=programme, **values)
            for name, value in values.items():
                setattr(statement, name, value)
            statement.save()
            return statement
    except IntegrityError:
        # Two people saving the same short name at once: the unique constraint decides.
        raise ValidationError({"slug": [_("Another statement of the programme has this short name.")]}) from None
