"""Whose delegations an event takes: the membership list of the body that convenes it.

An ITU meeting's delegations are ITU Member States; an APEC meeting's are APEC's member economies
("Chinese Taipei" and "Hong Kong, China" are economies at APEC and not Member States at ITU); an SCO
meeting's are the SCO's member states. An event names its list (``Event.membership``, ITU Member
States unless its organisers choose another); the registration form offers that list only and the
service refuses anything else. Codes are ISO 3166-1 alpha-2, as django-countries writes them; names
come from CLDR through django-countries in the page's language, with APEC's and the UN's own spellings
(``COUNTRIES_OVERRIDE``).

A meeting of a cooperation programme can take that programme's own members instead
(``Membership.PROGRAMME``): the member countries and economies of every programme the event is a
meeting of. The directory knows no programme, so that app registers how to find them
(``event_membership_list``, programmes/apps.py); an event that is a meeting of no programme with
member countries cannot choose it (``Event.clean``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries


class Membership(models.TextChoices):
    EVERY_COUNTRY = "", _("Every country and economy")
    ITU = "itu", _("ITU Member States")
    APEC = "apec", _("APEC member economies")
    SCO = "sco", _("SCO member states")
    PROGRAMME = "programme", _("The members of its programme")


#: ISO 3166-1 entries that are not UN Member States (territories, and entities with other status).
_NOT_UN_MEMBERS = frozenset(
    "AS AI AQ AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP MQ MS "  # noqa: SIM905
    "NC NF NU PF PM PN PR PS RE SH SJ SX TC TF TK TW UM VA VG VI WF YT".split()
)
#: The 21 member economies of APEC.
APEC_ECONOMIES = frozenset("AU BN CA CL CN HK ID JP KR MY MX NZ PG PE PH RU SG TW TH US VN".split())  # noqa: SIM905

#: The ten member states of the Shanghai Cooperation Organisation (Belarus joined in July 2024).
SCO_MEMBERS = frozenset("BY CN IN IR KG KZ PK RU TJ UZ".split())  # noqa: SIM905


def member_codes(membership: str) -> frozenset[str] | None:
    """The country and economy codes a membership list holds; None for every country and economy."""
    if membership == Membership.ITU:
        # ITU's 194 Member States: the 193 UN Member States and the Holy See (Vatican City State).
        return frozenset(code for code, _name in countries if code not in _NOT_UN_MEMBERS) | {"VA"}
    if membership == Membership.APEC:
        return APEC_ECONOMIES
    if membership == Membership.SCO:
        return SCO_MEMBERS
    if membership:
        return frozenset()  # a list that depends on the event (event_member_codes), unknown here: nobody
    return None


#: Membership lists whose members depend on the event: list → function(event) → codes.
_EVENT_LISTS: dict[str, Callable[[Any], frozenset[str]]] = {}


def event_membership_list(
    membership: str,
) -> Callable[[Callable[[Any], frozenset[str]]], Callable[[Any], frozenset[str]]]:
    """Decorator: ``codes_of(event)`` gives the codes the list ``membership`` holds for that event."""

    def register(codes_of: Callable[[Any], frozenset[str]]) -> Callable[[Any], frozenset[str]]:
        _EVENT_LISTS[membership] = codes_of
        return codes_of

    return register


def event_member_codes(event: Any) -> frozenset[str] | None:
    """The codes of the delegations ``event`` takes (its ``membership``); None for every country."""
    codes_of = _EVENT_LISTS.get(event.membership)
    return codes_of(event) if codes_of is not None else member_codes(event.membership)


def delegation_choices(event: Any) -> list[tuple[str, str]]:
    """(code, name in the UI language) of the delegations ``event`` takes, by name."""
    codes = event_member_codes(event)
    return [(code, str(name)) for code, name in countries if codes is None or code in codes]
