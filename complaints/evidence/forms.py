from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.evidence import conf
from complaints.evidence.models import MANUAL_TYPES, EvidenceItem

ACCEPT = (
    ".jpg,.jpeg,.png,.webp,.pdf,.txt,.csv,image/jpeg,image/png,image/webp,application/pdf,text/plain,text/csv"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the upload service, one message per file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        # An empty file gets its own message from the upload service, like any other rejected file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(_("Choose at least one file."), code="required")
        if len(files) > conf.max_files_per_upload():
            raise forms.ValidationError(
                _("Upload at most %(count)s files at once.") % {"count": conf.max_files_per_upload()},
                code="too_many",
            )
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DateInput(forms.DateInput):
    input_type = "date"


def validate_document_date(value) -> None:
    """A document cannot be dated after today (a typo in the year would mislead a regulator)."""
    if value and value > timezone.localdate():
        raise forms.ValidationError(
            _("The date of the document cannot be later than today."), code="future_date"
        )


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_("Screenshots (JPEG, PNG, WebP), PDFs, or chat exports as plain text or CSV."),
    )
    category = forms.ChoiceField(
        label=_("What is it?"),
        choices=[
            ("", _("Each file by its type")),
            *EvidenceItem.Category.choices,
        ],
        required=False,
        help_text=_("You can change it for each file when you review it."),
    )
    document_date = forms.DateField(
        label=_("Date of the document (optional)"),
        required=False,
        widget=DateInput,
        validators=[validate_document_date],
    )


class DetailsForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it?"), choices=EvidenceItem.Category.choices)
    document_date = forms.DateField(
        label=_("Date of the document"), required=False, widget=DateInput, validators=[validate_document_date]
    )


class BoxForm(forms.Form):
    """A rectangle drawn over the picture, in the picture's own pixels (the page preview's for PDFs)."""

    page = forms.IntegerField(min_value=1, initial=1, widget=forms.HiddenInput)
    x0 = forms.FloatField(label=_("Left"), min_value=0)
    y0 = forms.FloatField(label=_("Top"), min_value=0)
    x1 = forms.FloatField(label=_("Right"), min_value=0)
    y1 = forms.FloatField(label=_("Bottom"), min_value=0)
    finding_type = forms.ChoiceField(label=_("What it hides"), choices=MANUAL_TYPES, required=False)

    def box(self) -> tuple[float, float, float, float]:
        data = self.cleaned_data
        return (data["x0"], data["y0"], data["x1"], data["y1"])


class TextMarkForm(forms.Form):
    text = forms.CharField(
        label=_("Text to hide"),
        max_length=500,
        strip=False,
        help_text=_("Select it in the file, or copy it here exactly. Every place it appears is hidden."),
    )
    finding_type = forms.ChoiceField(label=_("What it hides"), choices=MANUAL_TYPES, required=False)


class ApproveForm(forms.Form):
    share_with_group = forms.BooleanField(
        label=_("Share the redacted version with the group"),
        required=False,
        help_text=_("The other members see it with your member number, never your name."),
    )
    include_in_filings = forms.BooleanField(
        label=_("Include the redacted version in filings"),
        required=False,
        help_text=_("It goes to the regulators as an exhibit of the group's filing."),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a phone number is still readable. A moderator looks at it."),
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=EvidenceItem.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The owner sees this when you send the item back or remove it."),
    )


class OpenOriginalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the original?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit log with your name. The link works for two minutes."),
    )
