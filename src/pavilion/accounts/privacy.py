"""A person's own data: what Pavilion holds about an account, and deleting the account.

Each app that stores something about a person says so in its own ``privacy.py`` (imported when
Django starts, like ``live.py``): a *part* of the personal-data download, and, where deleting the
account must do more than the database's cascades (anonymise survey answers, say), a step run
before the account goes. The accounts app knows nothing of chat or surveys.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from pavilion.accounts.models import User

#: Returns one app's data about the person, JSON-ready.
PersonalDataPart = Callable[[User], Any]
#: Runs inside the deletion's transaction, before the account row is deleted.
DeletionStep = Callable[[User], None]

_parts: dict[str, PersonalDataPart] = {}
_deletion_steps: list[DeletionStep] = []


def personal_data_part(name: str) -> Callable[[PersonalDataPart], PersonalDataPart]:
    """Decorator: add ``name`` to every personal-data download.

    A dotted name (``"sessions.chat_messages"``) puts the part inside a section that several apps
    share, so the session features each export their own data under one heading.
    """

    def register(function: PersonalDataPart) -> PersonalDataPart:
        _parts[name] = function
        return function

    return register


def before_account_deletion(step: DeletionStep) -> DeletionStep:
    """Decorator: run ``step(user)`` when an account is deleted, before its row goes."""
    if step not in _deletion_steps:
        _deletion_steps.append(step)
    return step


def personal_data(*, user: User) -> dict[str, Any]:
    """Everything Pavilion holds about this account, one part per app, ready for json.dumps."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat(), "format": 1}
    for name in sorted(_parts):
        section, _dot, key = name.rpartition(".")
        (data.setdefault(section, {}) if section else data)[key] = _parts[name](user)
    return data


def delete_account(*, user: User) -> None:
    """Delete the account and what belongs to it; anonymise what others still need (e.g. answers in results).

    All or nothing: the steps and the deletion share one transaction.
    """
    with transaction.atomic():
        for step in _deletion_steps:
            step(user)
        user.delete()


def rows(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    """The queryset's ``fields`` as JSON-ready dicts (times in ISO 8601, UTC), oldest first by id."""
    return [
        {name: value.isoformat() if isinstance(value, datetime) else value for name, value in row.items()}
        for row in queryset.order_by("pk").values(*fields)
    ]


@personal_data_part("account")
def account_data(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "honorific": user.honorific,
        "position": user.job_title,
        "country": str(user.country or ""),
        "organisation": str(user.organisation.name) if user.organisation else None,
        "preferred_languages": list(user.preferred_languages or []),
        "time_zone": user.time_zone,
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        # The addresses allauth keeps for signing in and for mail (the primary one is ``email``).
        "email_addresses": rows(EmailAddress.objects.filter(user=user), "email", "verified", "primary"),
    }
