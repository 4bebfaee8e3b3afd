from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import MemberTask
from complaints.core.public_text import PublicTextFormMixin
from complaints.replies.models import Reply, ReplyMark


class RepresentForm(forms.Form):
    work_email = forms.EmailField(
        label=_("Your work email"),
        max_length=254,
        help_text=_("An address on one of the platform's own domains. We send a code to it."),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the email"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the 6 digits from the email.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Required to reject: the person reads it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReplyForm(PublicTextFormMixin, forms.Form):
    public_text_fields = ("text",)
    kind = forms.ChoiceField(label=_("Kind"), choices=Reply.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Public reply"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )

    def __init__(self, *args, organizer_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if organizer_only:
            self.fields["kind"].choices = [(Reply.Kind.FOLLOW_UP, Reply.Kind.FOLLOW_UP.label)]
            self.fields["kind"].initial = Reply.Kind.FOLLOW_UP
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["text"].label = _("Follow-up")


class MarkForm(forms.Form):
    answer = forms.ChoiceField(label=_("Did this solve your case?"), choices=ReplyMark.Answer.choices)


class InfoRequestForm(PublicTextFormMixin, forms.Form):
    public_text_fields = ("text",)
    text = forms.CharField(
        label=_("What the platform needs from the members"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_(
            "The organizers read it and may turn it into a task for the members. Never ask for names."
        ),
    )


class MakeTaskForm(PublicTextFormMixin, forms.Form):
    public_text_fields = ("title", "description")
    title = forms.CharField(label=_("Task"), max_length=160)
    description = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000, required=False
    )
    audience = forms.ChoiceField(label=_("For"), choices=MemberTask.Audience.choices, initial="all")
