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


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False, max_length=80)
    actor = forms.IntegerField(label=_("Actor (user id)"), required=False, min_value=1)
    target_type = forms.CharField(label=_("Target type"), required=False, max_length=80)
    target_id = forms.CharField(label=_("Target id"), required=False, max_length=64)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit log."),
    )


class UserLookupForm(forms.Form):
    q = forms.CharField(label=_("Email address or user id"), max_length=254)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A moderator reads every report. Reporting the same thing again does not count twice."),
    )
