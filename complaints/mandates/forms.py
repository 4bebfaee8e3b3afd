"""Forms of the mandates app: the organizer's mandate text, a member's signature."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.core.public_text import PublicTextFormMixin
from complaints.core.text import compact_identifier
from complaints.mandates.models import MAX_REPRESENTATIVES, MandateIdentity

OTHER_DOCUMENT = re.compile(r"^[A-Z0-9][A-Z0-9-]{4,23}$")
RESIDENT_NUMBER = re.compile(r"^[0-9]{17}[0-9X]$")
# Province-level codes (the first two digits of every area code); counties change too often to list.
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)
CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
NAME_MAX = 50
NAME_PUNCTUATION = frozenset(" ·•-'.")


def resident_check_digit(first17: str) -> str:
    """The check digit of GB 11643: the weighted sum of the first 17 digits, mod 11, mapped to 1 0 X 9 … 2."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, CHECK_WEIGHTS, strict=True)) % 11]


def valid_resident_number(number: str) -> bool:
    """18 characters, a real province, a birth date that exists and is not in the future, the check digit."""
    if not RESIDENT_NUMBER.match(number) or int(number[:2]) not in PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return (
        born.year >= 1900 and born <= timezone.localdate() and resident_check_digit(number[:17]) == number[17]
    )


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MandateTextForm(PublicTextFormMixin, forms.Form):
    """One version of the mandate text; everything in it is public (members and visitors read it)."""

    public_text_fields = ("matters_zh", "matters_en", "changes_zh", "changes_en")
    matters_zh = forms.CharField(
        label=_("Matters (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_(
            "What the representatives act on, for example: 就账号余额被清零一事向平台及监管机构投诉。"
        ),
    )
    matters_en = forms.CharField(
        label=_("Matters (English)"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    may_settle = forms.BooleanField(
        label=_("The representatives may accept a settlement for the members"), required=False
    )
    may_drop = forms.BooleanField(label=_("The representatives may drop the claim"), required=False)
    representatives = forms.TypedMultipleChoiceField(
        label=_("Representatives (one or two organizers)"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    term_ends_on = forms.DateField(label=_("The mandate ends on"), widget=_date_input())
    revocable_until = forms.DateField(
        label=_("Members may revoke it until"),
        widget=_date_input(),
        help_text=_("After this date a member can no longer revoke their mandate."),
    )
    changes_zh = forms.CharField(
        label=_("What changed, for the members who signed before (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
    changes_en = forms.CharField(
        label=_("What changed, for the members who signed before (English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, organizers: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representatives"].choices = list(organizers)

    def clean_representatives(self) -> list[int]:
        numbers = self.cleaned_data["representatives"]
        if not 1 <= len(numbers) <= MAX_REPRESENTATIVES:
            raise forms.ValidationError(_("Choose one or two representatives."))
        return numbers


def clean_name(value: str) -> str:
    """A legal name as typed: letters and marks of any script, spaces and · • - ' . between them; nothing
    invisible (control, format, private-use characters), at most NAME_MAX characters."""
    if "\x00" in value:
        raise forms.ValidationError(_("The name has a character we cannot read; please type it again."))
    for character in value:
        category = unicodedata.category(character)
        if category in ("Cc", "Cf", "Co", "Cs"):
            raise forms.ValidationError(
                _("The name contains an invisible or control character (U+%(code)04X); type it again.")
                % {"code": ord(character)}
            )
        if category[0] not in "LMZ" and character not in NAME_PUNCTUATION:
            raise forms.ValidationError(
                _("A name has only letters, spaces and the marks · • - ' . (not “%(character)s”).")
                % {"character": character}
            )
    name = " ".join(value.split())
    if len(name) > NAME_MAX:
        raise forms.ValidationError(
            _("A name has at most %(max)s characters; you typed %(count)s.")
            % {"max": NAME_MAX, "count": len(name)}
        )
    if not any(unicodedata.category(c)[0] == "L" for c in name):
        raise forms.ValidationError(_("Type your name in letters."))
    return name


def _compact(name: str) -> str:
    """A name as compared for the signature: full-width letters, case and spaces do not matter."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


class SignForm(forms.Form):
    """What a member signs with; read back by nobody but them."""

    legal_name = forms.CharField(label=_("Your legal name"))
    id_kind = forms.ChoiceField(
        label=_("Identity document"),
        choices=MandateIdentity.IdKind.choices,
        initial=MandateIdentity.IdKind.RESIDENT,
    )
    id_number = forms.CharField(
        label=_("Document number"),
        max_length=40,
        help_text=_("Sealed with a key only the portal holds; no organizer or moderator can read it."),
    )
    true_and_complete = forms.BooleanField(label=_("I confirm that what I entered is true and complete."))
    signature = forms.CharField(label=_("Signature: type your legal name again"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Our own words for a null byte and an over-long name, not Django's generic ones.
        for name in ("legal_name", "signature"):
            self.fields[name].validators = []
            self.fields[name].widget.attrs["maxlength"] = NAME_MAX

    def clean_legal_name(self) -> str:
        return clean_name(self.cleaned_data["legal_name"])

    def clean_signature(self) -> str:
        return clean_name(self.cleaned_data["signature"])

    def clean(self):
        data = super().clean()
        # A Chinese keyboard types full-width digits; people group the number with spaces or dashes.
        typed, kind = data.get("id_number") or "", data.get("id_kind")
        if self.has_error("id_number"):
            pass  # empty: the field already says so, once
        elif kind == MandateIdentity.IdKind.RESIDENT:
            digits = compact_identifier(typed, dashes="-").upper()
            if valid_resident_number(digits):
                data["id_number"] = digits
            else:
                if len(digits) != 18:
                    message = _("A resident identity card number has 18 characters; you typed %(count)s.") % {
                        "count": len(digits)
                    }
                else:
                    message = _(
                        "These 18 characters are not a valid resident identity card number: check each digit "
                        "(the last one may be X)."
                    )
                self.add_error("id_number", message)
        elif kind:
            number = compact_identifier(typed)
            if not OTHER_DOCUMENT.match(number):
                self.add_error("id_number", _("Use 5 to 24 letters, digits or hyphens."))
            data["id_number"] = number
        name, signature = data.get("legal_name"), data.get("signature") or ""
        if name and signature and _compact(signature) != _compact(name):
            self.add_error(
                "signature", _("The signature must be your legal name exactly as you entered it above.")
            )
        data["signature"] = signature
        return data
