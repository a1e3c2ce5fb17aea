"""What every part of talking with visitors shares: who answers for a booth, who is a visitor,
live notifications to the booth's staff, and e-mails in the recipient's language.

The rules themselves live beside this module: conversations.py (booth chat), presence.py (who is
here now, by name) and contacts.py (leave my contact); meetings with a booth are networking's. Refusals
use ``gettext`` (not the lazy form), so they are rendered in the language active when raised: the
request's on pages, the account's on live commands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext
from i18nfield.strings import LazyI18nString

from pavilion.accounts.identity import account_of
from pavilion.accounts.languages import language_of
from pavilion.accounts.models import User
from pavilion.events.access import AnyUser, is_organiser
from pavilion.events.mail import send_event_mail
from pavilion.exhibition.access import can_see_booth, is_booth_staff
from pavilion.exhibition.models import Booth
from pavilion.live.broker import publish_on_commit


def booth_name(booth: Booth) -> str:
    """The booth's name in the current language (with the field's fallbacks)."""
    name = booth.name
    return str(name if isinstance(name, LazyI18nString) else LazyI18nString(name))


def answers_for_booth(*, booth: Booth, user: AnyUser) -> bool:
    """The booth's staff, the event's organisers and platform admins answer the booth's visitors."""
    account = account_of(user)
    if account is None:
        return False
    return is_booth_staff(booth=booth, user=account) or is_organiser(event=booth.event, user=account)


def team_ids(*, booth: Booth) -> set[int]:
    """Every account that answers for the booth (see answers_for_booth): who reads its conversations."""
    staff = set(booth.staff.values_list("pk", flat=True))
    organisers = set(booth.event.organising_team.values_list("pk", flat=True))
    admins = set(User.objects.filter(is_superuser=True, is_active=True).values_list("pk", flat=True))
    return staff | organisers | admins


def require_team(*, booth: Booth, user: AnyUser) -> User:
    """The account of someone who answers for the booth, else PermissionDenied."""
    account = account_of(user)
    if (
        account is None
        or not can_see_booth(booth=booth, user=account)
        or not answers_for_booth(booth=booth, user=account)
    ):
        raise PermissionDenied(gettext("Only the booth's staff and the event's organisers may do this."))
    return account


def require_staff(*, booth: Booth, user: AnyUser) -> User:
    """The account of one of the booth's own staff (contact requests are theirs alone)."""
    account = account_of(user)
    if account is None or not is_booth_staff(booth=booth, user=account):
        raise PermissionDenied(gettext("Only the booth's staff may do this."))
    return account


def require_visitor(*, booth: Booth, user: AnyUser, refusal: str) -> User:
    """A signed-in account that may see the booth and does not answer for it (``refusal`` when not signed in)."""
    account = account_of(user)
    if account is None:
        raise PermissionDenied(refusal)
    if not can_see_booth(booth=booth, user=account) or not booth.is_published:
        raise PermissionDenied(gettext("This booth does not take visitors' requests."))
    if answers_for_booth(booth=booth, user=account):
        raise PermissionDenied(gettext("You answer for this booth; its visitors write to you here."))
    return account


def notify_staff(booth: Booth, change: Mapping[str, Any]) -> None:
    """Publish ``change`` on the ``user:`` topics of the booth's staff, after the commit (private to them)."""
    for user_id in sorted(booth.staff.values_list("pk", flat=True)):
        publish_on_commit(f"user:{user_id}", dict(change))


def send_mail_to(
    *,
    to: User,
    template: str,
    context: Mapping[str, object],
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> None:
    """One e-mail in the recipient's language, in the event's colours (events/mail.py)."""
    with translation.override(language_of(to)):
        booth = context.get("booth")
        extra = {"booth_name": booth_name(booth)} if isinstance(booth, Booth) else {}
    send_event_mail(to=to, template=template, context={**context, **extra}, attachments=attachments)
