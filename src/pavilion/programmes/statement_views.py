"""Statement pages: the archive by year and occasion, a statement in its languages, and the form that
writes or changes one (the secretariat; a meeting's organisers for their meeting). Thin adapters over
statements.py."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pavilion.accounts.identity import require_account
from pavilion.events.models import Event, Session
from pavilion.programmes.access import get_visible_programme, statement_meetings, viewer_for
from pavilion.programmes.commitment_models import Statement
from pavilion.programmes.floor_turns import floor_turn, floor_turns
from pavilion.programmes.forms import StatementForm, language_values
from pavilion.programmes.models import Programme
from pavilion.programmes.statements import StatementFields, save_statement
from pavilion.programmes.views import apply_errors


def _may_write(programme: Programme, user: Any) -> bool:
    return statement_meetings(programme=programme, user=user) != []


def statement_archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Statements by year, then occasion; ``?occasion=`` narrows it."""
    programme = get_visible_programme(slug=slug, user=request.user)
    statements = programme.statements.all()
    occasion = request.GET.get("occasion", "")
    if occasion:
        statements = statements.filter(occasion=occasion)
    years: dict[int, dict[str, list[Statement]]] = defaultdict(lambda: defaultdict(list))
    for statement in statements:
        years[statement.delivered_on.year][statement.occasion].append(statement)
    context = {
        "programme": programme,
        "viewer": viewer_for(programme=programme, user=request.user),
        "years": sorted(((year, dict(occasions)) for year, occasions in years.items()), reverse=True),
        "occasions": sorted(set(programme.statements.values_list("occasion", flat=True))),
        "occasion": occasion,
        "may_write": _may_write(programme, request.user),
    }
    return render(request, "programmes/statement_archive.html", context)


def statement_detail(request: HttpRequest, slug: str, statement_slug: str) -> HttpResponse:
    """A statement in the page's language, with links to its other language versions and its turn on the floor."""
    programme = get_visible_programme(slug=slug, user=request.user)
    statement = get_object_or_404(programme.statements.select_related("meeting", "session__event"), slug=statement_slug)
    versions = sorted((statement.text.data or {}).keys()) if isinstance(statement.text.data, dict) else []
    requested = request.GET.get("lang", "")
    language = requested if requested in versions else (get_language() or "en")
    turn = None
    if statement.session is not None and statement.floor_turn_id is not None:
        turn = floor_turn(session=statement.session, turn_id=statement.floor_turn_id)
    allowed = statement_meetings(programme=programme, user=request.user)
    context = {
        "programme": programme,
        "viewer": viewer_for(programme=programme, user=request.user),
        "statement": statement,
        "language": language,
        "text": statement.text.localize(language),
        "title": statement.title.localize(language),
        "versions": versions,
        "turn": turn,
        "may_edit": allowed is None or (statement.meeting is not None and statement.meeting in allowed),
    }
    return render(request, "programmes/statement_detail.html", context)


def _turn_choices(sessions: list[Session]) -> list[tuple[int, str]]:
    """The turns given in these sessions, labelled "session — speaker (delegation), date time"."""
    titles = {session.pk: str(session.title) for session in sessions}
    return [
        (
            turn.id,
            f"{titles[turn.session_id]} — {turn}, "
            f"{date_format(turn.started_at.astimezone(UTC), 'SHORT_DATETIME_FORMAT')} UTC",
        )
        for turn in floor_turns(sessions)
    ]


def _initial(statement: Statement) -> dict[str, object]:
    initial: dict[str, object] = {
        "slug": statement.slug,
        "author": statement.author,
        "occasion": statement.occasion,
        "delivered_on": statement.delivered_on,
        "meeting": statement.meeting_id,
        "session": statement.session_id,
        "floor_turn": statement.floor_turn_id,
        "is_official": statement.is_official,
    }
    for prefix, value in (
        ("title", statement.title),
        ("author_position", statement.author_position),
        ("text", statement.text),
    ):
        data = value.data if isinstance(value.data, dict) else {"en": value.data or ""}
        initial.update({f"{prefix}_{code}": text for code, text in data.items()})
    return initial


@login_required
def statement_form(request: HttpRequest, slug: str, statement_slug: str | None = None) -> HttpResponse:
    """Write a statement (``…/statements/new/``) or change one (``…/statements/<slug>/edit/``)."""
    user = require_account(request.user, _("Sign in first."))
    programme = get_visible_programme(slug=slug, user=user)
    allowed = statement_meetings(programme=programme, user=user)
    statement = None
    if statement_slug is not None:
        statement = get_object_or_404(programme.statements.select_related("meeting"), slug=statement_slug)
        if allowed is not None and statement.meeting not in allowed:
            raise Http404("No such page.")
    if allowed == []:
        raise Http404("No such page.")
    meetings = list(programme.meetings.order_by("start_date", "pk")) if allowed is None else allowed
    sessions = list(Session.objects.filter(event__in=meetings).select_related("event").order_by("starts_at", "pk"))
    form = StatementForm(
        request.POST or None,
        initial=_initial(statement) if statement else {"delivered_on": timezone.localdate()},
        meetings=meetings,
        turns=_turn_choices(sessions),
        may_mark_official=allowed is None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting: Event | None = data["meeting"]
        fields = StatementFields(
            slug=data["slug"],
            title=language_values(form, "title"),
            text=language_values(form, "text"),
            author=data["author"],
            author_position=language_values(form, "author_position"),
            occasion=data["occasion"],
            delivered_on=data["delivered_on"],
            meeting=meeting,
            session=data["session"],
            floor_turn_id=data["floor_turn"],
            is_official=bool(data.get("is_official")),
        )
        try:
            saved = save_statement(programme=programme, by=user, fields=fields, statement=statement)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            raise Http404("No such page.") from None
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:statement", slug=slug, statement_slug=saved.slug)
    context = {
        "programme": programme,
        "viewer": viewer_for(programme=programme, user=user),
        "form": form,
        "statement": statement,
    }
    return render(request, "programmes/statement_form.html", context, status=422 if form.errors else 200)
