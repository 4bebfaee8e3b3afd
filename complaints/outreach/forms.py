from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign
from complaints.outreach.models import Follow


class FollowForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Tell me"), choices=Follow.Mode.choices, initial=Follow.Mode.INSTANT, widget=forms.RadioSelect
    )


class PlatformFollowForm(FollowForm):
    category = forms.ChoiceField(
        label=_("Which harm"),
        choices=[("", _("Every kind of harm")), *Campaign.Category.choices],
        required=False,
    )


class GoalForm(forms.Form):
    members_wanted = forms.IntegerField(
        label=_("Members wanted before the next filing"),
        min_value=5,
        max_value=10_000_000,
        required=False,
        help_text=_("Leave empty to show no goal."),
    )
