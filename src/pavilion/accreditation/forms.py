"""Forms of the registration and review pages; the rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import User
from pavilion.accreditation.models import Function, ParticipantCategory
from pavilion.core.forms import ServiceErrors
from pavilion.directory.memberships import delegation_choices
from pavilion.directory.models import Organisation
from pavilion.events.models import Event, RegisteredAccess


class CategoryChoiceField(forms.ModelChoiceField):
    #: Whether the event counts registrations no one approved (``Event.registered_access``).
    counts_every_registration = False

    def label_from_instance(self, obj: ParticipantCategory) -> str:
        if obj.requires_approval:
            return gettext("%(category)s (a focal point approves the registration)") % {"category": obj.name}
        if not self.counts_every_registration:
            # Said before choosing: confirmed at once, but no "registered" sessions (accreditation.services.standing).
            return gettext(
                "%(category)s (no approval needed; does not open the sessions for registered participants)"
            ) % {"category": obj.name}
        return gettext("%(category)s (no approval needed)") % {"category": obj.name}


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.acronym})" if obj.acronym else str(obj.name)


class DelegationKind:
    COUNTRY = "country"
    ORGANISATION = "organisation"


class RegistrationForm(ServiceErrors, forms.Form):
    category = CategoryChoiceField(
        label=_("Participant category"),
        queryset=ParticipantCategory.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a participant category.")},
    )
    delegation_kind = forms.ChoiceField(
        label=_("I represent"),
        choices=[
            (DelegationKind.COUNTRY, _("a country or economy")),
            (DelegationKind.ORGANISATION, _("an organisation")),
        ],
        widget=forms.RadioSelect,
        initial=DelegationKind.COUNTRY,
    )
    country = forms.ChoiceField(
        label=_("Country or economy"),
        required=False,
        help_text=_("When you represent a country or economy."),
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="—",
        help_text=_("When you represent an organisation."),
    )
    function = forms.ChoiceField(label=_("Function"), choices=Function.choices, initial=Function.DELEGATE)
    is_head_of_delegation = forms.BooleanField(label=_("I am the head of delegation"), required=False)

    def __init__(self, *args: Any, event: Event, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = event.participant_categories.all()
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["category"].counts_every_registration = (  # type: ignore[attr-defined]
            event.registered_access == RegisteredAccess.ANY
        )
        if len(categories) == 1:
            self.initial.setdefault("category", categories[0].pk)
        # Built per request so that the names follow the UI language, sorted in it.
        # The event's own membership list (directory/memberships.py): no APEC economy at an ITU meeting.
        self.fields["country"].choices = [("", "—"), *delegation_choices(event)]  # type: ignore[attr-defined]
        self.initial.setdefault("country", str(user.country or ""))
        self.initial.setdefault("organisation", user.organisation_id)
        if user.organisation_id and not user.country:
            self.initial.setdefault("delegation_kind", DelegationKind.ORGANISATION)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("delegation_kind") == DelegationKind.ORGANISATION:
            cleaned["country"] = ""
            if not cleaned.get("organisation") and "organisation" not in self.errors:
                self.add_error("organisation", _("Choose your organisation."))
        elif cleaned.get("delegation_kind") == DelegationKind.COUNTRY:
            cleaned["organisation"] = None
            if not cleaned.get("country") and "country" not in self.errors:
                self.add_error("country", _("Choose your country or economy."))
        return cleaned


class Decision:
    APPROVE = "approve"
    REJECT = "reject"


class DecisionForm(ServiceErrors, forms.Form):
    decision = forms.ChoiceField(choices=[(Decision.APPROVE, _("Approve")), (Decision.REJECT, _("Reject"))])
    # Whether a reason is needed is the service's rule (decide_registration), not the form's.
    reason = forms.CharField(label=_("Reason for rejection"), required=False, max_length=2000)
