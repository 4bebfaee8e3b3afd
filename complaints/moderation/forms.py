from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign


class ApproveForm(forms.Form):
    prefix = "approve"
    reason = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class RejectForm(forms.Form):
    prefix = "reject"
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organizer sees this."),
    )


class MergeForm(forms.Form):
    prefix = "merge"
    target = forms.CharField(
        label=_("Merge into"),
        max_length=300,
        help_text=_("The address of an open campaign, or pick one of the suggestions."),
    )
    reason = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)

    def clean_target(self):
        value = self.cleaned_data["target"].strip().strip("/").rsplit("/", 1)[-1]
        target = Campaign.objects.filter(slug=value, status=Campaign.Status.OPEN).first()
        if target is None:
            raise forms.ValidationError(_("No open campaign has this address."))
        return target
