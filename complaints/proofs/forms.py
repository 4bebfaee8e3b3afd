from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# A receiving party's file of hashes: one per line, or a CSV with the hashes in any column.
MAX_HASH_FILE_BYTES = 40 * 1024 * 1024


class DuplicateReviewForm(forms.Form):
    note = forms.CharField(
        label=_("What you found"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the audit log: for example, one household sharing an order, or a typing mistake."),
    )


class HashUploadForm(forms.Form):
    hashes = forms.FileField(
        label=_("File of hashes"),
        help_text=_(
            "One hash per line (64 hexadecimal digits); a CSV with the hashes in any column works too."
        ),
    )

    def clean_hashes(self):
        upload = self.cleaned_data["hashes"]
        if upload.size > MAX_HASH_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 40 MB."))
        return upload
