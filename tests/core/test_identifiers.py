"""One cleaning of typed identifiers (complaints.core.text.compact_identifier) serves the order numbers of
proofs and the ID numbers a mandate is signed with, each keeping what it accepted."""

from __future__ import annotations

import pytest

from complaints.core.text import DASHES, compact_identifier
from complaints.mandates.forms import SignForm
from complaints.mandates.models import MandateIdentity
from complaints.proofs.normalize import normalize

NAME = "欧阳Zq测试"


def _signed_number(kind: str, typed: str) -> str | None:
    form = SignForm(
        {
            "legal_name": NAME,
            "id_kind": kind,
            "id_number": typed,
            "signature": NAME,
            "true_and_complete": "on",
        }
    )
    form.is_valid()
    return None if form.has_error("id_number") else form.cleaned_data["id_number"]


def test_full_width_spaces_and_case_are_cleaned_and_dashes_only_when_asked():
    assert compact_identifier(" ｅ１２３　４５６７-８ ") == "E1234567-8"
    assert compact_identifier("TB–2024—0612 88", dashes=DASHES) == "TB2024061288"
    assert compact_identifier("A-B–C", dashes="-") == "AB–C"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ｔｂ－２０２４　０６１２", "TB20240612"),
        ("tb\u20132024\u2212x", "TB2024X"),
        ("tb\u00a02024", "TB2024"),
    ],
)
def test_order_numbers_normalize_as_the_instructions_say(typed, expected):
    assert normalize(typed) == expected


def test_a_mandate_keeps_accepting_what_it_accepted():
    resident = MandateIdentity.IdKind.RESIDENT
    other = MandateIdentity.IdKind.OTHER
    assert _signed_number(resident, "１１０１０１ 19900307-2316") == "110101199003072316"
    # Only "-" groups a resident number; an en dash is no part of one.
    assert _signed_number(resident, "110101\u201319900307 2316") is None
    # Other documents keep their hyphens and lose their spaces.
    assert _signed_number(other, " ｅ１２３ 4567-8 ") == "E1234567-8"
