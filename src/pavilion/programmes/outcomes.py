"""Outcome drafting: paragraphs, amendments by delegations, the chair's recommendation, decisions, states.

States go draft → under negotiation → adopted → published. Who sees an outcome text:

- draft: the secretariat;
- under negotiation and adopted: also the programme's members and the participants of its meeting;
- published: everyone who may see the programme.

Amendments (replace, insert after, delete) are proposed by member delegations while the text is
under negotiation, in its negotiating language; the secretariat (for the chair) recommends and
decides. An accepted amendment changes the paragraph at once. Changes are published on the
drafting session's topic after they commit (see ``_announce``).
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pavilion.accounts.models import User
from pavilion.events.models import AccessLevel, Event, Session
from pavilion.events.schemas import translations
from pavilion.live.broker import publish_on_commit
from pavilion.programmes.access import ProgrammeViewer, is_secretariat, viewer_for
from pavilion.programmes.models import DocumentAccess, Programme
from pavilion.programmes.outcome_models import (
    Amendment,
    AmendmentAction,
    Decision,
    OutcomeKind,
    OutcomeState,
    OutcomeText,
    Paragraph,
    Recommendation,
)

NEXT_STATE = {
    OutcomeState.DRAFT: OutcomeState.NEGOTIATION,
    OutcomeState.NEGOTIATION: OutcomeState.ADOPTED,
    OutcomeState.ADOPTED: OutcomeState.PUBLISHED,
}


# --- Who sees what --------------------------------------------------------------------------------


def may_see_outcome(*, outcome: OutcomeText, viewer: ProgrammeViewer) -> bool:
    if outcome.state == OutcomeState.PUBLISHED or viewer.is_secretariat:
        return True
    if outcome.state == OutcomeState.DRAFT:
        return False
    return viewer.may_open(access=DocumentAccess.PARTICIPANTS, meeting_id=outcome.meeting_id)


def visible_outcomes(*, programme: Programme, viewer: ProgrammeViewer) -> list[OutcomeText]:
    outcomes = programme.outcomes.select_related("meeting", "drafting_session")
    return [outcome for outcome in outcomes if may_see_outcome(outcome=outcome, viewer=viewer)]


def get_visible_outcome(*, programme: Programme, slug: str, viewer: ProgrammeViewer) -> OutcomeText:
    outcome = programme.outcomes.select_related("meeting", "drafting_session").filter(slug=slug).first()
    if outcome is None or not may_see_outcome(outcome=outcome, viewer=viewer):
        raise Http404("No such outcome text.")
    return outcome


# --- Reading --------------------------------------------------------------------------------------


def numbered_paragraphs(outcome: OutcomeText) -> list[tuple[int, Paragraph]]:
    """The paragraphs not deleted, with their numbers (1, 2, 3 … in order)."""
    kept = outcome.paragraphs.filter(is_deleted=False).prefetch_related("amendments__organisation")
    return list(enumerate(kept, start=1))


def paragraph_text(paragraph: Paragraph, language: str) -> str:
    """The paragraph in ``language``, else in the outcome's negotiating language."""
    versions = translations(paragraph.text)
    return versions.get(language) or versions.get(paragraph.outcome.language) or next(iter(versions.values()), "")


_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """``new`` against ``old`` word by word: removed words in <del>, added words in <ins>, all escaped."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    parts: list[str] = []
    for operation, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if operation in {"delete", "replace"}:
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if operation in {"insert", "replace"}:
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def amendment_diff(amendment: Amendment) -> SafeString:
    current = paragraph_text(amendment.paragraph, amendment.paragraph.outcome.language)
    if amendment.action == AmendmentAction.REPLACE:
        return word_diff(current, amendment.text)
    if amendment.action == AmendmentAction.DELETE:
        return word_diff(current, "")
    return word_diff("", amendment.text)


def numbered_lines(outcome: OutcomeText, language: str, *, width: int = 80) -> list[tuple[int, int | None, str]]:
    """The text as adopted, as (line number, paragraph number on its first line, line text)."""
    lines: list[tuple[int, int | None, str]] = []
    for number, paragraph in numbered_paragraphs(outcome):
        wrapped = textwrap.wrap(paragraph_text(paragraph, language), width=width) or [""]
        for index, line in enumerate(wrapped):
            lines.append((len(lines) + 1, number if index == 0 else None, line))
    return lines


def amendment_data(amendment: Amendment) -> dict[str, Any]:
    return {
        "id": amendment.pk,
        "paragraph": amendment.paragraph_id,
        "action": amendment.action,
        "text": amendment.text,
        "reason": amendment.reason,
        "delegation": amendment.delegation_name,
        "recommendation": amendment.recommendation,
        "recommendation_note": amendment.recommendation_note,
        "decision": amendment.decision,
    }


def outcome_data(outcome: OutcomeText) -> dict[str, Any]:
    """The outcome text as its live snapshot part carries it."""
    paragraphs = list(outcome.paragraphs.filter(is_deleted=False))
    amendments = Amendment.objects.filter(paragraph__outcome=outcome).select_related("organisation").order_by("pk")
    return {
        "id": outcome.pk,
        "state": outcome.state,
        "paragraphs": [{"id": paragraph.pk, "text": translations(paragraph.text)} for paragraph in paragraphs],
        "amendments": [amendment_data(amendment) for amendment in amendments],
    }


def _followers_may_all_see(outcome: OutcomeText) -> bool:
    """Whether everyone who may follow the drafting session's topic may see this outcome text.

    A closed session (registered, accredited or invited) is followed by the meeting's participants
    and organisers, who see texts under negotiation; a public session only once it is published.
    """
    session = outcome.drafting_session
    if session is None or outcome.state == OutcomeState.DRAFT:
        return False
    if outcome.state == OutcomeState.PUBLISHED:
        return True
    return session.access_level != AccessLevel.PUBLIC and session.event_id == outcome.meeting_id


def _announce(outcome: OutcomeText, change: dict[str, Any]) -> None:
    """Publish a change on the drafting session's topic after commit: whole when every follower may see
    the text, else only a nudge (``{"outcome": {"changed": id}}``) on which panels read it again over HTTP."""
    if outcome.drafting_session_id is None:
        return
    topic = f"session:{outcome.drafting_session_id}"
    if _followers_may_all_see(outcome):
        publish_on_commit(topic, {"outcome": {"id": outcome.pk, **change}})
    else:
        publish_on_commit(topic, {"outcome": {"id": outcome.pk, "changed": True}})


# --- Writing --------------------------------------------------------------------------------------


def _require_secretariat(outcome_or_programme: OutcomeText | Programme, by: User) -> None:
    programme = outcome_or_programme if isinstance(outcome_or_programme, Programme) else outcome_or_programme.programme
    if not is_secretariat(programme=programme, user=by):
        raise PermissionDenied(_("Only the programme's secretariat may do this."))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each on one line."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def create_outcome(
    *,
    programme: Programme,
    by: User,
    slug: str,
    title: Mapping[str, str],
    kind: str = OutcomeKind.DECLARATION,
    language: str = "en",
    paragraphs: Sequence[Mapping[str, str]] = (),
    meeting: Event | None = None,
    drafting_session: Session | None = None,
) -> OutcomeText:
    """A new outcome text in the draft state, with its paragraphs (each ``{language: text}``)."""
    _require_secretariat(programme, by)
    if not any(text.strip() for text in title.values()):
        raise ValidationError({"title": _("Give the text a title.")})
    if kind not in OutcomeKind.values:
        raise ValidationError({"kind": _("Choose a type.")})
    if programme.outcomes.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another outcome text of this programme already uses this short name.")})
    if meeting is not None and not programme.meetings.filter(pk=meeting.pk).exists():
        raise ValidationError({"meeting": _("This event is not one of the programme's meetings.")})
    if drafting_session is not None and (meeting is None or drafting_session.event_id != meeting.pk):
        raise ValidationError({"drafting_session": _("Choose a session of the outcome's meeting.")})
    with transaction.atomic():
        outcome = OutcomeText.objects.create(
            programme=programme,
            slug=slug,
            kind=kind,
            title=dict(title),
            language=language,
            meeting=meeting,
            drafting_session=drafting_session,
        )
        Paragraph.objects.bulk_create(
            [
                Paragraph(outcome=outcome, position=position, text=dict(text))
                for position, text in enumerate(paragraphs, start=1)
            ]
        )
    return outcome


def set_paragraph_text(*, paragraph: Paragraph, by: User, text: Mapping[str, str]) -> None:
    """The secretariat sets a paragraph's language versions. Once the text is adopted its negotiating
    language no longer changes, while the other language versions (translations of what was adopted)
    may still be added or corrected."""
    outcome = OutcomeText.objects.select_related("programme").get(pk=paragraph.outcome_id)
    _require_secretariat(outcome, by)
    adopted = dict(paragraph.text.data) if isinstance(paragraph.text.data, dict) else {}
    if (
        outcome.state in {OutcomeState.ADOPTED, OutcomeState.PUBLISHED}
        and text.get(outcome.language, "").strip() != adopted.get(outcome.language, "").strip()
    ):
        raise ValidationError({"text": _("An adopted text no longer changes in its negotiating language.")})
    if not text.get(outcome.language, "").strip():
        raise ValidationError({"text": _("The paragraph needs its text in the negotiating language.")})
    paragraph.text = {language: value.strip() for language, value in text.items() if value.strip()}
    with transaction.atomic():
        paragraph.save(update_fields=["text"])
        _announce(outcome, {"paragraph": {"id": paragraph.pk, "text": translations(paragraph.text)}})


def advance_outcome(*, outcome: OutcomeText, by: User) -> OutcomeText:
    """Move to the next state: open the negotiation, adopt (no amendment left pending), publish."""
    _require_secretariat(outcome, by)
    with transaction.atomic():
        locked = OutcomeText.objects.select_for_update().get(pk=outcome.pk)
        following = NEXT_STATE.get(OutcomeState(locked.state))
        if following is None:
            raise ValidationError({"state": _("This text is already published.")})
        if following == OutcomeState.ADOPTED:
            if Amendment.objects.filter(paragraph__outcome=locked, decision=Decision.PENDING).exists():
                raise ValidationError({"state": _("Decide every pending amendment before adopting the text.")})
            locked.adopted_at = timezone.now()
        if following == OutcomeState.PUBLISHED:
            locked.published_at = timezone.now()
        locked.state = following
        locked.save(update_fields=["state", "adopted_at", "published_at"])
        _announce(locked, {"state": locked.state})
    outcome.state, outcome.adopted_at, outcome.published_at = locked.state, locked.adopted_at, locked.published_at
    return locked


def propose_amendment(*, paragraph: Paragraph, by: User, action: str, text: str = "", reason: str) -> Amendment:
    """A member delegation proposes to replace, insert after or delete a paragraph, with a reason."""
    outcome = OutcomeText.objects.select_related("programme").get(pk=paragraph.outcome_id)
    viewer = viewer_for(programme=outcome.programme, user=by)
    if not viewer.is_member:
        raise PermissionDenied(_("Only delegations of the programme's members propose amendments."))
    if outcome.state != OutcomeState.NEGOTIATION:
        raise ValidationError({"action": _("Amendments are proposed while the text is under negotiation.")})
    if paragraph.is_deleted:
        raise ValidationError({"action": _("This paragraph was deleted.")})
    if action not in AmendmentAction.values:
        raise ValidationError({"action": _("Choose replace, insert after or delete.")})
    text = " ".join(text.split())
    if action != AmendmentAction.DELETE and not text:
        raise ValidationError({"text": _("Write the proposed text.")})
    if action == AmendmentAction.DELETE:
        text = ""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the amendment.")})
    country, organisation_id = viewer.delegations[0]
    with transaction.atomic():
        amendment = Amendment.objects.create(
            paragraph=paragraph,
            action=action,
            text=text,
            reason=reason.strip(),
            proposed_by=by,
            country=country,
            organisation_id=organisation_id,
        )
        _announce(outcome, {"amendment": amendment_data(amendment)})
    return amendment


def recommend(*, amendment: Amendment, by: User, recommendation: str, note: str = "") -> None:
    """The chair's recommendation on an amendment (recorded by the secretariat)."""
    outcome = OutcomeText.objects.select_related("programme").get(pk=amendment.paragraph.outcome_id)
    _require_secretariat(outcome, by)
    if recommendation not in {Recommendation.ACCEPT, Recommendation.REJECT}:
        raise ValidationError({"recommendation": _("Recommend accepting or rejecting.")})
    if amendment.decision != Decision.PENDING:
        raise ValidationError({"recommendation": _("This amendment is already decided.")})
    amendment.recommendation = recommendation
    amendment.recommendation_note = note.strip()
    with transaction.atomic():
        amendment.save(update_fields=["recommendation", "recommendation_note"])
        _announce(outcome, {"amendment": amendment_data(amendment)})


def decide(*, amendment: Amendment, by: User, decision: str) -> None:
    """Accept (the paragraph changes at once) or reject an amendment."""
    outcome = OutcomeText.objects.select_related("programme").get(pk=amendment.paragraph.outcome_id)
    _require_secretariat(outcome, by)
    if decision not in {Decision.ACCEPTED, Decision.REJECTED}:
        raise ValidationError({"decision": _("Accept or reject the amendment.")})
    if outcome.state != OutcomeState.NEGOTIATION:
        raise ValidationError({"decision": _("Amendments are decided while the text is under negotiation.")})
    with transaction.atomic():
        locked = Amendment.objects.select_for_update().select_related("paragraph").get(pk=amendment.pk)
        if locked.decision != Decision.PENDING:
            raise ValidationError({"decision": _("This amendment is already decided.")})
        paragraph = locked.paragraph
        changes: dict[str, Any] = {}
        if decision == Decision.ACCEPTED:
            if locked.action == AmendmentAction.REPLACE:
                # The other language versions no longer match: they are dropped until translated again.
                paragraph.text = {outcome.language: locked.text}
                paragraph.save(update_fields=["text"])
                changes["paragraph"] = {"id": paragraph.pk, "text": translations(paragraph.text)}
            elif locked.action == AmendmentAction.DELETE:
                paragraph.is_deleted = True
                paragraph.save(update_fields=["is_deleted"])
                changes["deleted"] = paragraph.pk
            else:
                outcome.paragraphs.filter(position__gt=paragraph.position).update(position=F("position") + 1)
                created = Paragraph.objects.create(
                    outcome=outcome, position=paragraph.position + 1, text={outcome.language: locked.text}
                )
                locked.created_paragraph = created
                changes["inserted"] = {"after": paragraph.pk, "id": created.pk, "text": translations(created.text)}
        locked.decision = decision
        locked.decided_at = timezone.now()
        locked.save(update_fields=["decision", "decided_at", "created_paragraph"])
        amendment.decision = locked.decision
        _announce(outcome, {"amendment": amendment_data(locked), **changes})


def amendments_of(outcome: OutcomeText) -> QuerySet[Amendment]:
    return Amendment.objects.filter(paragraph__outcome=outcome).select_related("organisation", "paragraph")
