"""Talking with visitors in the demo: at the demo exhibitor's published booth (Mekong Example Telecom),
three contact requests (open, answered, missed) and a short conversation (its meeting request is
networking's: demo/networking.py). Written directly with fixed times, so loading the demo again
changes nothing. The open request is dated an hour before the demo was first loaded (older ones
become "missed" by themselves) and keeps that date.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.boothtalk.models import (
    BoothConversation,
    BoothMessage,
    ContactRequest,
    ContactStatus,
    SharedField,
)
from pavilion.demo.exhibition import EVENT, EXHIBITOR
from pavilion.events.models import Event
from pavilion.exhibition.models import Booth

BOOTH = "mekong-example-telecom"
VISITOR = "visitor@pavilion.example.org"
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CONSENT = (
    "I agree that Mekong Example Telecom may contact me about its products and services, "
    "using the details I share here."
)

CONTACT_REQUESTS: list[dict[str, Any]] = [
    {
        "email": "delegate@pavilion.example.org",
        "at": None,  # an hour before the demo was first loaded, so the staff find it still open
        "shared": {
            "name": "Mr Trần Văn Minh",
            "email": "delegate@pavilion.example.org",
            "organisation": "Ministry of Information and Communications of Viet Nam",
            "position": "Senior Expert, Telecommunications Policy",
        },
        "message": "We are preparing a rural broadband programme for 2021 and would like your brochure on private 5G.",
        "language": "vi",
        "status": ContactStatus.OPEN,
    },
    {
        "email": "focalpoint@pavilion.example.org",
        "at": datetime(2020, 10, 20, 15, 40, tzinfo=HANOI),
        "shared": {"name": "Ms Nguyễn Thị Mai", "email": "focalpoint@pavilion.example.org", "country": "VN"},
        "message": "",
        "language": "vi",
        "status": ContactStatus.ANSWERED,
    },
    {
        "email": VISITOR,
        "at": datetime(2020, 10, 20, 11, 5, tzinfo=HANOI),
        "shared": {"email": VISITOR, "phone": "+7 727 000 0000", "country": "KZ"},
        "message": "Interested in AI translation for Kazakh and Russian.",
        "language": "ru",
        "status": ContactStatus.MISSED,
    },
]

CONVERSATION = [
    (VISITOR, False, "Hello! Does your AI translation work for Kazakh?"),
    (EXHIBITOR, True, "Hello Dr Petrova, it does, with Russian too. Shall we send you a demo account?"),
]


def _created(model: type[Any], pk: int, at: datetime) -> None:
    """``created_at`` is set on creation only; give it the demo's fixed time (once, so reloading changes nothing)."""
    model.objects.filter(pk=pk).exclude(created_at=at).update(created_at=at)


def load_booth_talk(events: dict[str, Event]) -> None:
    booth = Booth.objects.get(event=events[EVENT], slug=BOOTH)
    users = {user.email: user for user in User.objects.filter(email__endswith="@pavilion.example.org")}
    # The demo visitor lets exhibitors see her name, so the booth's staff can try the "here now" list.
    User.objects.filter(email=VISITOR).update(show_name_to_exhibitors=True)
    staff = users[EXHIBITOR]
    for item in CONTACT_REQUESTS:
        visitor = users[item["email"]]
        existing = (
            ContactRequest.objects.filter(booth=booth, visitor=visitor, consent_text=CONSENT, message=item["message"])
            .order_by("pk")
            .first()
        )
        at = item["at"] or (existing.created_at if existing else timezone.now() - timedelta(hours=1))
        values = {
            "shared_fields": [field for field in SharedField.values if field in item["shared"]],
            **{field: item["shared"].get(field, "") for field in SharedField.values},
            "consented_at": at,
            "language": item["language"],
            "status": item["status"],
            "status_changed_at": at + timedelta(days=3) if item["status"] != ContactStatus.OPEN else None,
            "status_changed_by": staff if item["status"] == ContactStatus.ANSWERED else None,
        }
        if existing is None:
            existing = ContactRequest.objects.create(
                booth=booth, visitor=visitor, consent_text=CONSENT, message=item["message"], **values
            )
        else:
            ContactRequest.objects.filter(pk=existing.pk).update(**values)
        _created(ContactRequest, existing.pk, at)
    started = datetime(2020, 10, 20, 10, 30, tzinfo=HANOI)
    conversation, _new = BoothConversation.objects.update_or_create(
        booth=booth,
        visitor=users[VISITOR],
        defaults={"last_message_at": started + timedelta(minutes=len(CONVERSATION) - 1)},
    )
    _created(BoothConversation, conversation.pk, started)
    for minutes, (email, from_booth, text) in enumerate(CONVERSATION):
        message, _new = BoothMessage.objects.update_or_create(
            conversation=conversation, author=users[email], text=text, defaults={"from_booth": from_booth}
        )
        _created(BoothMessage, message.pk, started + timedelta(minutes=minutes))
