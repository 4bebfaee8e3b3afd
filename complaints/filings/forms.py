from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.core.public_text import PublicTextFormMixin
from complaints.filings.models import Filing, Outcome, Regulator
from complaints.filings.responses import check_attachment


class FilingCreateForm(forms.Form):
    regulator = forms.ModelChoiceField(label=_("Send to"), queryset=Regulator.objects.all())
    language = forms.ChoiceField(label=_("Language"), choices=Filing.Language.choices)
    requires_mandates = forms.BooleanField(
        label=_("Require signed mandates: name only members who signed the campaign's mandate (授权委托书)"),
        required=False,
    )
    # Said when the same filing (regulator, language, mandates) already has a draft that was not sent.
    already_drafted = _(
        "There is already a draft of this filing that was not sent: here it is, rather than a second one. "
        "To update it, use “Generate a new version” below."
    )


class FilingRegenerateForm(PublicTextFormMixin, forms.Form):
    public_text_fields = ("narrative", "demands")
    narrative = forms.CharField(
        label=_("Facts"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("What happened, in your words. Never names, phone numbers or order numbers of members."),
    )
    demands = forms.CharField(label=_("Demands"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ReviewForm(forms.Form):
    # No default: the moderator picks one, so a filing is never approved by a press of the button alone.
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision: approve the filing or return it for changes.")},
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )


class TrackingForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100)


class CaseNumberForm(TrackingForm):
    """The same record as a tracking number, for a filing handed in on the regulator's website or counter."""

    tracking_number = forms.CharField(
        label=_("Case number the regulator gave you"),
        max_length=100,
        help_text=_("Recording it marks the filing delivered, with this number as the confirmation."),
    )


class FilingConsentForm(forms.Form):
    disclose_identity = forms.BooleanField(
        label=_("Disclose my name and email address to this regulator"),
        required=False,
        help_text=_("Only this regulator receives them, in a separate annex. Other members never see them."),
    )


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    attachment = forms.FileField(label=_("Attachment (PDF, PNG or JPEG, up to 10 MB)"), required=False)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_attachment(upload)
        return upload


class DeadlineForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("extend", _("Extend")), ("pause", _("Pause")), ("resume", _("Resume"))], label=_("Change")
    )
    days = forms.IntegerField(
        label=_("Working days (for an extension)"), min_value=1, max_value=120, required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("What happened?"), choices=Outcome.Result.choices, widget=forms.RadioSelect
    )
    amount_received = forms.DecimalField(
        label=_("Amount received"), max_digits=14, decimal_places=2, min_value=0, required=False
    )


class ResendForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Regulator.Channel.choices)


class InboundDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("release", _("It is the regulator's answer: show it to the members")),
            ("discard", _("It is not: delete it")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
