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
