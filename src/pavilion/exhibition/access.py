"""Who may see and edit which booth. Pages, the API, document downloads and live topics ask here.

Visitors see published booths of events they may see (``events.access``), and everything hanging
from them; a booth's staff and the event's organisers also see it before it is published. Only a
booth's staff edit its content. Whatever someone may not see does not exist for them (404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from pavilion.accounts.identity import account_of
from pavilion.core.fixed_queries import FixedQuery
from pavilion.core.request_memo import memoized
from pavilion.events.access import AnyUser, get_visible_event, is_organiser, visible_events
from pavilion.events.models import Event
from pavilion.exhibition.models import Booth, BoothStatus


def published_booths(*, event: Event) -> QuerySet[Booth]:
    """What every visitor of the event sees."""
    return Booth.objects.filter(event=event, status=BoothStatus.PUBLISHED)


def visible_booths(*, event: Event, user: AnyUser) -> QuerySet[Booth]:
    """Published booths, plus the ones this person staffs; all of them for the event's organisers.

    The caller has already established that the event itself is visible to ``user``.
    """
    account = account_of(user)
    if account is None:
        return published_booths(event=event)
    if is_organiser(event=event, user=account):
        return Booth.objects.filter(event=event)
    staffed = Booth.staff.through.objects.filter(user=account).values("booth_id")
    return Booth.objects.filter(Q(status=BoothStatus.PUBLISHED) | Q(pk__in=staffed), event=event)


def get_visible_booth(*, event: Event, slug: str, user: AnyUser) -> Booth:
    try:
        return visible_booths(event=event, user=user).get(slug=slug)
    except Booth.DoesNotExist:
        raise Http404("No such booth.") from None


def can_see_booth(*, booth: Booth, user: AnyUser) -> bool:
    """Whether this person may know about this booth (its event visible, and published or theirs)."""
    event = booth.event
    if not visible_events(user=user).filter(pk=event.pk).exists():
        return False
    return visible_booths(event=event, user=user).filter(pk=booth.pk).exists()


def is_booth_staff(*, booth: Booth, user: AnyUser) -> bool:
    account = account_of(user)
    return account is not None and booth.staff.filter(pk=account.pk).exists()


def staffed_booths(*, event: Event, user: AnyUser) -> QuerySet[Booth]:
    """The booths of this event whose content this person edits."""
    account = account_of(user)
    if account is None:
        return Booth.objects.none()
    return Booth.objects.filter(event=event, staff=account)


#: staffs_a_booth's question (the menu asks it on every event page; core/fixed_queries.py).
_STAFFS_A_BOOTH = FixedQuery(
    lambda event_id, account_id: Booth.objects.filter(event_id=event_id, staff=account_id).values_list("pk")[:1]
)


def staffs_a_booth(*, event: Event, user: AnyUser) -> bool:
    """Whether this person is on the staff of one of the event's booths, drafts included (asked once
    per page view: the menu and the networking pages both ask)."""
    account = account_of(user)
    if account is None:
        return False
    return memoized(("booth-staff", event.pk, account.pk), lambda: _STAFFS_A_BOOTH.exists(event.pk, account.pk))


def get_staffed_booth(*, event: Event, slug: str, user: AnyUser) -> Booth:
    """A booth this person staffs, else 404 (also for organisers: they review, staff edit)."""
    try:
        return staffed_booths(event=event, user=user).get(slug=slug)
    except Booth.DoesNotExist:
        raise Http404("No such booth.") from None


BoothView = Callable[..., HttpResponse]


def staffed_booth(view: BoothView) -> BoothView:
    """A page of a booth's staff (the exhibition's, booth talk's, leads'): resolve ``event_slug`` and
    ``booth_slug`` to a booth this person staffs, else 404 (signed-out: sign in first)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, event_slug: str, booth_slug: str, **kwargs: Any) -> HttpResponse:
        event = get_visible_event(slug=event_slug, user=request.user)
        booth = get_staffed_booth(event=event, slug=booth_slug, user=request.user)
        booth.event = event
        return view(request, event, booth, **kwargs)

    return wrapper
