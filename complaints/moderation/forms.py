from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign, Platform
from complaints.campaigns.search import platform_search


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


class PlatformDecisionForm(forms.Form):
    """A platform named at intake: into the directory, another name of one there, or turned down."""

    prefix = "platform"
    decision = forms.ChoiceField(
        label=_("Decision on the platform"),
        choices=[
            ("accept", _("Add it to the directory")),
            ("alias", _("It is another name of a platform in the directory")),
            ("reject", _("Reject it")),
        ],
        widget=forms.RadioSelect,
    )
    alias_of = forms.CharField(
        label=_("Platform in the directory"),
        required=False,
        max_length=120,
        help_text=_(
            "Its name or address, when the platform is another name of it. Its campaigns move there."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to reject: the person who named it sees it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "alias":
            text = (data.get("alias_of") or "").strip().strip("/").rsplit("/", 1)[-1]
            target = Platform.objects.listed().filter(slug=text).first() if text else None
            if target is None and text:
                found = list(platform_search(text)[:2])
                target = found[0] if len(found) == 1 else None
            if target is None:
                self.add_error("alias_of", _("Name one platform of the directory."))
            data["target"] = target
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the person who named it a reason."))
        return data


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
