from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.ballots.models import Acceptance, Ballot, Offer
from complaints.core.public_text import PublicTextFormMixin


class OfferForm(PublicTextFormMixin, forms.Form):
    public_text_fields = ("terms", "source_label")
    terms = forms.CharField(
        label=_("Terms of the offer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("What the platform offers and what it asks in return. Every member will read this."),
    )
    source_label = forms.CharField(
        label=_("Where the offer came from"),
        max_length=200,
        required=False,
        help_text=_("For example: the platform's letter of 3 March, or the mediation session."),
    )
    formula = forms.ChoiceField(label=_("What each member gets"), choices=Offer.Formula.choices)
    formula_value = forms.DecimalField(
        label=_("Percentage or amount (yuan)"),
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text=_("A percentage from 1 to 100, or the fixed amount in yuan."),
    )
    working_days = forms.IntegerField(
        label=_("Voting time in working days"), min_value=1, max_value=30, initial=5
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum: percentage of eligible members who must vote"),
        min_value=1,
        max_value=100,
        initial=50,
    )
    threshold_percent = forms.IntegerField(
        label=_("Threshold: percentage of accept and reject ballots that must accept"),
        min_value=50,
        max_value=100,
        initial=50,
        help_text=_(
            "Abstentions count towards the quorum, not the threshold. At 50%, a tie passes: the offer is "
            "accepted when at least half of the accept and reject ballots accept it."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("formula") == Offer.Formula.PERCENT and (data.get("formula_value") or 0) > 100:
            self.add_error("formula_value", _("A percentage is at most 100."))
        return data


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=Ballot.Choice.choices, widget=forms.RadioSelect)


class AcceptanceForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("For your own case"), choices=Acceptance.Decision.choices, widget=forms.RadioSelect
    )


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(label=_("Your receipt code"), max_length=40, strip=True)
