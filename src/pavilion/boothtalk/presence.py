"""Who is at a booth now, by name: only visitors who chose "Let exhibitors see my name when I visit
a booth" (``User.show_name_to_exhibitors``, off by default), and only for the booth's team.

The gateway counts everyone following ``booth:<id>`` (presence frames), but it does not know names
and says nothing when someone leaves to anyone but its own counters. So the booth page itself says
"I am here": the view when it is rendered, then the live client every ``HEARTBEAT`` seconds
(command ``visitors.here``) while the page is open. A visitor counts as here until ``HERE_WINDOW``
after the last of these (so about a minute after they leave). Nothing is recorded for visitors who
did not opt in, and someone who turns the choice off disappears from every list at once.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from pavilion.accounts.identity import account_of, author_name
from pavilion.boothtalk.models import BoothPresence
from pavilion.boothtalk.services import answers_for_booth, require_team, team_ids
from pavilion.events.access import AnyUser
from pavilion.exhibition.access import can_see_booth
from pavilion.exhibition.models import Booth
from pavilion.live.broker import publish_on_commit

#: How often an open booth page says it is still there (seconds; frontend/src/boothtalk.js).
HEARTBEAT = 30
#: How long after the last sign of life a visitor still counts as here.
HERE_WINDOW = timedelta(seconds=90)


def shares_name(*, booth: Booth, user: AnyUser) -> bool:
    """Whether this person's visits are named to the booth's team (opted in, and not one of the team)."""
    account = account_of(user)
    return account is not None and account.show_name_to_exhibitors and not answers_for_booth(booth=booth, user=account)


def note_here(*, booth: Booth, user: AnyUser) -> bool:
    """Record that this visitor is at the booth now, if they let exhibitors see their name; whether it was recorded.

    An arrival (not a "still here") is told at once to the booth's team, on their ``user:`` topics:
    ``{"boothvisitors": {"booth": id, "arrived": {"id", "name", "since"}}}``; departures show when
    the team's client asks again (``visitors.list``).
    """
    account = account_of(user)
    if account is None or not shares_name(booth=booth, user=account) or not can_see_booth(booth=booth, user=account):
        return False
    now = timezone.now()
    fresh = now - HERE_WINDOW
    # Still here: only the last sign of life moves. Back after a while: a new arrival.
    if BoothPresence.objects.filter(booth=booth, user=account, last_seen_at__gte=fresh).update(last_seen_at=now):
        return True
    if not BoothPresence.objects.filter(booth=booth, user=account).update(arrived_at=now, last_seen_at=now):
        try:
            with transaction.atomic():
                BoothPresence.objects.create(booth=booth, user=account, arrived_at=now, last_seen_at=now)
        except IntegrityError:  # another tab of the same person got there first
            BoothPresence.objects.filter(booth=booth, user=account).update(last_seen_at=now)
            return True
    arrived = {
        "id": account.pk,
        "name": author_name(account),
        "since": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    for user_id in sorted(team_ids(booth=booth)):
        publish_on_commit(f"user:{user_id}", {"boothvisitors": {"booth": booth.pk, "arrived": arrived}})
    return True


def here_now(*, booth: Booth) -> list[dict[str, Any]]:
    """Named visitors at the booth now, in order of arrival: ``[{"id", "name", "since"}]`` (no permission check)."""
    fresh = timezone.now() - HERE_WINDOW
    presences = (
        BoothPresence.objects.filter(booth=booth, last_seen_at__gte=fresh, user__show_name_to_exhibitors=True)
        .select_related("user")
        .order_by("arrived_at", "user_id")
    )
    return [
        {
            "id": presence.user_id,
            "name": author_name(presence.user),
            "since": presence.arrived_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        for presence in presences
    ]


def visitors_here(*, booth: Booth, by: AnyUser) -> list[dict[str, Any]]:
    """``here_now`` for the booth's team; PermissionDenied for anyone else."""
    require_team(booth=booth, user=by)
    return here_now(booth=booth)
