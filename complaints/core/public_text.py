"""Texts that other people will read: one check for personal data before any of them is saved.

Campaign titles, summaries and demands, organizer updates, task texts and report reasons shown to others
all pass through `public_text_findings`, which runs the same personal-data detectors as evidence. The
detectors live in the evidence pipeline, above this app: the evidence app registers them here when it is
ready (`register_detector`), so core never imports upwards.

A phone number, ID number, bank card, email address or postal address (anyone's, the author's own
included) can never be kept in a public text. A name (perhaps the author's own) and the weaker guesses can be kept, but only when the
author ticks "keep" after seeing them highlighted; forms do this through `PublicTextFormMixin`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Identifiers of other people that a public text can never carry.
BLOCKED_KINDS = frozenset({"PHONE", "ID_NUMBER", "BANK_CARD", "EMAIL", "ADDRESS"})
KIND_LABELS = {
    "PHONE": _("phone number"),
    "ID_NUMBER": _("ID number"),
    "BANK_CARD": _("bank card number"),
    "EMAIL": _("email address"),
    "ADDRESS": _("postal address"),
    "PERSON": _("name of a person"),
    "WECHAT": _("WeChat ID"),
    "QQ": _("QQ number"),
    "IP": _("IP address"),
    "OWN_IDENTIFIER": _("your own details"),
}


@dataclass(frozen=True, slots=True)
class PublicFinding:
    """Personal data found in a public text: [start, end) of that text."""

    kind: str
    start: int
    end: int
    value: str

    @property
    def blocked(self) -> bool:
        return self.kind in BLOCKED_KINDS

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a text for the templates: plain, or a finding to highlight."""

    text: str
    finding: PublicFinding | None = None


Detector = Callable[[str], Iterable]
_detectors: list[Detector] = []


def register_detector(detector: Detector) -> None:
    """Add a function returning findings with `type`, `start`, `end` and `value` (the evidence detectors)."""
    if detector not in _detectors:
        _detectors.append(detector)


def public_text_findings(text: str) -> list[PublicFinding]:
    """Every piece of personal data in `text`, in reading order."""
    if not text or not text.strip():
        return []
    if not _detectors:
        raise RuntimeError("No personal-data detector is registered: public texts cannot be checked.")
    found = {
        PublicFinding(str(f.type), f.start, f.end, f.value) for detector in _detectors for f in detector(text)
    }
    return sorted(found, key=lambda f: (f.start, f.end))


def segments(text: str, findings: Iterable[PublicFinding] | None = None) -> list[Segment]:
    """`text` cut into plain pieces and highlighted findings (overlaps keep the first)."""
    findings = public_text_findings(text) if findings is None else findings
    out: list[Segment] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.start < position:
            continue
        if finding.start > position:
            out.append(Segment(text[position : finding.start]))
        out.append(Segment(text[finding.start : finding.end], finding))
        position = finding.end
    if position < len(text):
        out.append(Segment(text[position:]))
    return out


class PublicTextFormMixin(forms.Form):
    """A form whose `public_text_fields` others will read: personal data in them stops the save.

    Blocked kinds are errors on the field; names and other guesses ask for `keep_personal_data`. After
    cleaning, `public_findings` maps each public field to what was found (for highlighting)."""

    public_text_fields: tuple[str, ...] = ()
    keep_personal_data = forms.BooleanField(
        label=_("Keep the highlighted names: I may publish them (for example, they are my own name)."),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, public_names: tuple[str, ...] | list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # Names that are public anyway (the platform's own): a guess that one of them is a person is dropped.
        self.public_names = [n.casefold() for n in public_names if n and n.strip()]
        self.public_findings: dict[str, list[PublicFinding]] = {}
        self.public_texts: dict[str, str] = {}

    def clean(self):
        data = super().clean()
        keepable = False
        for name in self.public_text_fields:
            text = data.get(name)
            if not isinstance(text, str):
                continue
            findings = [f for f in public_text_findings(text) if not self._is_public_name(f)]
            if not findings:
                continue
            self.public_findings[name] = findings
            self.public_texts[name] = text
            blocked = sorted({str(f.label) for f in findings if f.blocked})
            if blocked:
                self.add_error(
                    name,
                    _(
                        "Others will read this. Remove the highlighted %(kinds)s: phone numbers, ID numbers, "
                        "bank card numbers, email addresses and postal addresses cannot appear in public texts, "
                        "including your own."
                    )
                    % {"kinds": get_text_list(blocked, gettext("and"))},
                )
            # The keep-choice for names is offered in the same round as the blocked findings.
            if any(not f.blocked for f in findings):
                keepable = True
        if keepable and not data.get("keep_personal_data"):
            self.fields["keep_personal_data"].widget = forms.CheckboxInput()
            self.add_error(
                None,
                _(
                    "Others will read this. We highlighted what may be a person's name or account: remove it, "
                    "or tick the box below to keep it."
                ),
            )
        elif keepable:
            self.fields["keep_personal_data"].widget = forms.CheckboxInput()
        # What the author decided is not part of the text handed to the service.
        self.kept_personal_data = bool(data.pop("keep_personal_data", False)) and keepable
        return data

    def _is_public_name(self, finding: PublicFinding) -> bool:
        value = finding.value.casefold().strip()
        return not finding.blocked and any(value in name for name in self.public_names)

    def public_segments(self) -> list[tuple[str, list[Segment]]]:
        """(field label, highlighted text) for every public field where something was found."""
        out = []
        for name, findings in self.public_findings.items():
            out.append((str(self.fields[name].label), segments(self.public_texts[name], findings)))
        return out
