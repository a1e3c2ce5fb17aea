from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pavilion.leads.models import MAX_NOTE_LENGTH, LeadStatus


class LeadStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=LeadStatus.choices)


class LeadNoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE_LENGTH}),
    )


class LeadFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *LeadStatus.choices], required=False)
    min_score = forms.IntegerField(label=_("Lowest score"), min_value=0, max_value=100, required=False)
    country = forms.CharField(label=_("Country or economy (code)"), max_length=2, required=False)
