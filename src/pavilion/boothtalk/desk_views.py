"""The exhibitor's side: their booth's contact requests (its meeting requests are networking's).

These are the exhibitor's leads: only the booth's own staff see them (``exhibitor_views.staffed_booth``
answers 404 to anyone else — other exhibitors, organisers, visitors). Forms with errors answer 400.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pavilion.boothtalk import contacts
from pavilion.boothtalk.forms import ContactStatusForm
from pavilion.boothtalk.models import ContactRequest, ContactStatus
from pavilion.core.forms import INVALID
from pavilion.events.models import Event
from pavilion.exhibition.access import staffed_booth
from pavilion.exhibition.models import Booth


def _with_counts(choices: Sequence[tuple[str, Any]], counts: dict[str, int]) -> list[tuple[str, Any, int]]:
    return [(value, label, counts[value]) for value, label in choices]


@staffed_booth
def contact_list(request: HttpRequest, event: Event, booth: Booth) -> HttpResponse:
    """The booth's contact requests, newest first, filtered by status (``?status=open``)."""
    contacts.mark_overdue_missed(booth=booth)
    status = request.GET.get("status", "")
    context = {
        "event": event,
        "booth": booth,
        "current": "contacts",
        "requests": contacts.requests_of(booth=booth, status=status),
        "status": status if status in ContactStatus.values else "",
        "statuses": _with_counts(ContactStatus.choices, contacts.count_by_status(booth=booth)),
    }
    return render(request, "boothtalk/contact_list.html", context)


@staffed_booth
def contact_detail(request: HttpRequest, event: Event, booth: Booth, pk: int) -> HttpResponse:
    """One request: what the visitor shared, the consent they gave, and its status (staff change it here)."""
    contact = get_object_or_404(ContactRequest.objects.select_related("visitor"), booth=booth, pk=pk)
    contact.booth = booth
    form = ContactStatusForm(request.POST or None, initial={"status": contact.status})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contacts.set_status(request=contact, status=form.cleaned_data["status"], by=request.user)
            except ValidationError as error:
                for problem in error.messages:
                    form.add_error("status", problem)
            else:
                messages.success(request, _("The status was saved."))
                return redirect("boothtalk:contact_detail", event_slug=event.slug, booth_slug=booth.slug, pk=contact.pk)
        status = INVALID
    context = {"event": event, "booth": booth, "current": "contacts", "contact": contact, "form": form}
    return render(request, "boothtalk/contact_detail.html", context, status=status)
