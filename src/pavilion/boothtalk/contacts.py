"""Leave my contact: a visitor shares chosen details with a booth, with explicit consent.

The visitor picks which details to share (name, e-mail, organisation, position and country from
their profile; a telephone number they type) and must tick the consent sentence; without it
nothing is stored. The request keeps exactly the chosen details, as they were at that moment, the
sentence agreed to and when. The booth's own staff (not the organisers: these are the exhibitor's
leads) see the requests, are told live on their ``user:`` topics and by e-mail, and mark them
answered or missed; an open request not answered within ``MISSED_AFTER`` becomes missed by itself
(``mark_overdue_missed``: when the staff's list is shown, and by ``pavilion mark-missed-contacts``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from pavilion.accounts.models import User
from pavilion.boothtalk.models import MAX_NOTE_LENGTH, ContactRequest, ContactStatus, SharedField
from pavilion.boothtalk.services import booth_name, notify_staff, require_staff, require_visitor, send_mail_to
from pavilion.events.access import AnyUser
from pavilion.exhibition.models import Booth

#: An open request older than this becomes "missed".
MISSED_AFTER = timedelta(days=3)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,38}$")


def consent_text(*, booth: Booth) -> str:
    """The sentence the visitor agrees to, in the current language (stored as shown)."""
    return gettext(
        "I agree that %(booth)s may contact me about its products and services, using the details I share here."
    ) % {"booth": booth_name(booth)}


def profile_values(user: User) -> dict[str, str]:
    """What the profile offers to share, by SharedField value (the telephone is typed in, never kept on the profile)."""
    return {
        SharedField.NAME: _titled_name(user) if user.full_name else "",
        SharedField.EMAIL: user.email,
        SharedField.ORGANISATION: str(user.organisation.name) if user.organisation_id and user.organisation else "",
        SharedField.POSITION: user.job_title,
        SharedField.COUNTRY: str(user.country or ""),
        SharedField.PHONE: "",
    }


def _clean_fields(fields: Sequence[str], values: dict[str, str], phone: str) -> tuple[list[str], dict[str, str]]:
    chosen = [field for field in SharedField.values if field in set(fields)]
    unknown = sorted(set(fields) - set(SharedField.values))
    if unknown:
        raise ValidationError({"fields": gettext("These details cannot be shared: %s.") % ", ".join(unknown)})
    if SharedField.EMAIL not in chosen and SharedField.PHONE not in chosen:
        raise ValidationError(
            {"fields": gettext("Share at least your e-mail address or a telephone number, so the booth can reach you.")}
        )
    shared: dict[str, str] = {}
    labels = dict(SharedField.choices)
    for field in chosen:
        if field == SharedField.PHONE:
            phone = phone.strip()
            if not _PHONE.match(phone):
                raise ValidationError(
                    {"phone": gettext("Enter a telephone number with its country code, e.g. +84 24 3825 1234.")}
                )
            shared[field] = phone
        elif values[field]:
            shared[field] = values[field]
        else:
            raise ValidationError(
                {
                    "fields": gettext("Your profile has no %(detail)s: add it to your profile or do not share it.")
                    % {"detail": str(labels[field]).lower()}
                }
            )
    return chosen, shared


def _titled_name(user: User) -> str:
    """The name with its title as the staff get it, in the site's language (a record, not a page)."""
    with translation.override(settings.LANGUAGE_CODE):
        return user.display_name


def open_request(*, booth: Booth, visitor: AnyUser) -> ContactRequest | None:
    """This visitor's contact request at this booth that the staff have not answered yet, if any."""
    if not isinstance(visitor, User):
        return None
    return ContactRequest.objects.filter(booth=booth, visitor=visitor, status=ContactStatus.OPEN).first()


def leave_contact(
    *,
    booth: Booth,
    by: AnyUser,
    fields: Sequence[str],
    consent: bool,
    phone: str = "",
    message: str = "",
) -> ContactRequest:
    """Leave the chosen details at the booth, with consent; the staff are told live and by e-mail after the commit.

    Refused (nothing stored) without consent, with nothing to reach the visitor by (e-mail or
    telephone), with a chosen detail their profile lacks, or while their previous request to this
    booth is still open.
    """
    visitor = require_visitor(booth=booth, user=by, refusal=gettext("Sign in to leave your contact."))
    if consent is not True:
        raise ValidationError(
            {"consent": gettext("Tick the box to agree that the booth may contact you; nothing was sent.")}
        )
    chosen, shared = _clean_fields(fields, profile_values(visitor), phone)
    message = message.strip()
    if len(message) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"message": gettext("A message can have at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}}
        )
    already = gettext("You left your contact at this booth already; its staff have not answered yet.")
    if ContactRequest.objects.filter(booth=booth, visitor=visitor, status=ContactStatus.OPEN).exists():
        raise ValidationError({"__all__": already})
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(
                booth=booth,
                visitor=visitor,
                shared_fields=chosen,
                message=message,
                consent_text=consent_text(booth=booth),
                consented_at=timezone.now(),
                language=translation.get_language() or "en",
                **shared,
            )
            notify_staff(booth, {"boothcontacts": {"booth": booth.pk, "added": contact_data(request)}})
            transaction.on_commit(lambda: _mail_staff(request))
    except IntegrityError:  # the same visitor, twice at once
        raise ValidationError({"__all__": already}) from None
    return request


def contact_data(request: ContactRequest) -> dict[str, Any]:
    """A request as the staff's live notification carries it: no shared details beyond the name."""
    return {
        "id": request.pk,
        "name": request.name,
        "status": request.status,
        "at": request.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def staff_url(request: ContactRequest, language: str) -> str:
    with translation.override(language):
        return reverse(
            "boothtalk:contact_detail",
            kwargs={"event_slug": request.booth.event.slug, "booth_slug": request.booth.slug, "pk": request.pk},
        )


def _mail_staff(request: ContactRequest) -> None:
    booth = request.booth
    for member in booth.staff.filter(is_active=True).order_by("pk"):
        send_mail_to(
            to=member,
            template="boothtalk/email/contact_request.txt",
            context={"request": request, "booth": booth, "event": booth.event, "member": member},
        )


def set_status(*, request: ContactRequest, status: str, by: AnyUser) -> ContactRequest:
    """Mark a request open, answered or missed (the booth's staff only). Tells the staff live."""
    member = require_staff(booth=request.booth, user=by)
    if status not in ContactStatus.values:
        raise ValidationError({"status": gettext("Choose open, answered or missed.")})
    if status == request.status:
        return request
    try:
        with transaction.atomic():
            request.status = status
            request.status_changed_at = timezone.now()
            request.status_changed_by = member
            request.save(update_fields=["status", "status_changed_at", "status_changed_by"])
            notify_staff(
                request.booth, {"boothcontacts": {"booth": request.booth_id, "changed": contact_data(request)}}
            )
    except IntegrityError:  # opening it again while a newer request of the same visitor is open
        request.refresh_from_db()
        raise ValidationError(
            {"status": gettext("This visitor has a newer open request; answer that one instead.")}
        ) from None
    return request


def mark_overdue_missed(*, booth: Booth | None = None, now: Any = None) -> int:
    """Open requests older than MISSED_AFTER become missed (by nobody); how many changed."""
    now = now or timezone.now()
    overdue = ContactRequest.objects.filter(status=ContactStatus.OPEN, created_at__lt=now - MISSED_AFTER)
    if booth is not None:
        overdue = overdue.filter(booth=booth)
    return overdue.update(status=ContactStatus.MISSED, status_changed_at=now, status_changed_by=None)


def requests_of(*, booth: Booth, status: str = "") -> QuerySet[ContactRequest]:
    """The booth's requests, newest first, of one status when given (the caller checked the staff)."""
    requests = ContactRequest.objects.filter(booth=booth).order_by("-created_at", "-pk")
    if status in ContactStatus.values:
        requests = requests.filter(status=status)
    return requests


def count_by_status(*, booth: Booth) -> dict[str, int]:
    """How many of the booth's requests have each status (every status listed)."""
    counts = dict.fromkeys(ContactStatus.values, 0)
    for row in ContactRequest.objects.filter(booth=booth).values("status").annotate(count=Count("pk")):
        counts[row["status"]] = row["count"]
    return counts
