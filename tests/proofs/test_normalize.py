"""The one normalization rule: what a member types, what a receipt shows and what a platform holds agree."""

from __future__ import annotations

from complaints.proofs.normalize import keyed_hash, masked, normalize, references_in
from tests.proofs.conftest import platform_hash


def test_full_width_spaces_and_dashes_do_not_change_the_number():
    assert normalize("ＴＢ－２０２４ ０６１２") == "TB20240612"
    assert normalize("tb-2024\u20140612\u2212") == "TB20240612"
    assert normalize("TB 2024\t0612\n") == "TB20240612"


def test_a_case_lists_several_numbers_with_labels_once_each():
    typed = "订单号：TB-2024-0612\nOrder no: tb20240612, 交易号＃4200001234567；12"
    assert references_in(typed) == ["TB20240612", "4200001234567"]  # "12" is too short to be a number


def test_the_platforms_program_in_the_instructions_gives_the_same_hash():
    secret = "11" * 32
    assert keyed_hash(secret, normalize("ＴＢ-2024 0612 8831")) == platform_hash(secret, "tb20240612-8831")
    assert keyed_hash(secret, "TB202406128831") != keyed_hash("22" * 32, "TB202406128831")


def test_the_member_sees_enough_of_a_number_to_recognise_it_not_to_copy_it():
    assert masked("TB202406128831") == "TB••••••••8831"
    assert masked("123456") == "1••••6"
