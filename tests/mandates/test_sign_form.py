"""What the sign form accepts: any real resident ID number (not a list of counties) and a legal name made of
letters, with our own words for what it refuses; nothing is saved on error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.mandates.forms import SignForm
from complaints.mandates.models import Mandate
from tests.mandates.conftest import LEGAL_NAME, reauthenticated

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def _form(**overrides) -> SignForm:
    data = {
        "legal_name": LEGAL_NAME,
        "id_kind": "cn_resident",
        "id_number": with_check_digit("11010119900307231"),
        "true_and_complete": "on",
        "signature": LEGAL_NAME,
    }
    return SignForm(data | overrides)


@pytest.mark.parametrize("area", ["310115", "440306", "440307", "440308", "440309", "440310", "500112"])
def test_resident_numbers_of_newer_districts_are_accepted(area):
    number = with_check_digit(f"{area}19880229123")
    form = _form(id_number=number)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == number


@pytest.mark.parametrize(
    "first17",
    [
        "99011519880229123",  # no province 99
        "00011519880229123",
        "31011519870229123",  # 29 February 1987 does not exist
        "31011529990101123",  # born in the future
    ],
)
def test_resident_numbers_without_a_real_province_or_date_are_refused(first17):
    form = _form(id_number=with_check_digit(first17))
    assert not form.is_valid()
    assert "不是有效的居民身份证号码" in str(form.errors["id_number"])


def test_a_wrong_check_digit_is_refused():
    number = with_check_digit("31011519880229123")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert not _form(id_number=wrong).is_valid()


@pytest.mark.parametrize(
    "name",
    ["林" * 51, "张\u202e三", "张\u200b三", "李\x07四", "王\ue000五", "王<b>五", "12345", "张三;DROP"],
)
def test_nonsense_names_are_refused(name):
    form = _form(legal_name=name, signature=name)
    assert not form.is_valid()
    assert "legal_name" in form.errors


@pytest.mark.parametrize(
    "name", ["欧阳娜娜", "阿卜杜拉·买买提", "Mary-Jane O'Neil", "J. R. Smith", "Zoë Ångström"]
)
def test_real_names_are_accepted(name):
    form = _form(legal_name=f"  {name} ", signature=name)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["legal_name"] == name


def test_too_long_and_null_byte_get_our_own_words():
    with translation.override("zh-hans"):
        long = _form(legal_name="林" * 100, signature="林" * 100)
        assert not long.is_valid()
        assert "姓名最多 50 个字" in str(long.errors["legal_name"])
        assert "确保" not in str(long.errors)
        null = _form(legal_name="张\x00三", signature="张三")
        assert not null.is_valid()
        said = str(null.errors["legal_name"])
        assert "姓名里有无法识别的字符，请重新输入" in said and "\\0" not in said and "空字符" not in said
        assert "不允许是用" not in str(null.errors)
    with translation.override("en"):
        long = _form(legal_name="林" * 100, signature="林" * 100)
        long.is_valid()
        assert "at most 50 characters" in str(long.errors["legal_name"])
        null = _form(legal_name="张\x00三", signature="张三")
        null.is_valid()
        assert "The name has a character we cannot read" in str(null.errors["legal_name"])


def test_a_refused_name_saves_nothing(campaign, member, text):
    browser = reauthenticated(member)
    response = browser.post(
        reverse("mandates:sign", args=[campaign.slug]),
        {
            "legal_name": "张\u202e三",
            "id_kind": "cn_resident",
            "id_number": with_check_digit("44030619900101123"),
            "true_and_complete": "on",
            "signature": "张\u202e三",
        },
    )
    assert response.status_code == 200
    assert "invisible or control character" in response.content.decode()
    assert not Mandate.objects.exists()


def test_the_sign_page_says_who_sees_the_name_and_number(campaign, member, text):
    page = reauthenticated(member).get(reverse("mandates:sign", args=[campaign.slug])).content.decode()
    assert "the regulator that receives a filing of this campaign that requires mandates" in page
    assert "only you see them, on your consent page" not in page
    # the page is named by its own title, and linked
    consent = reverse("accounts:consent")
    assert f'on the page <a href="{consent}">“What you allowed”</a>' in page
    with translation.override("zh-hans"):
        browser = reauthenticated(member)
        zh = browser.get(
            reverse("mandates:sign", args=[campaign.slug]), headers={"Accept-Language": "zh-hans"}
        )
    zh_page = zh.content.decode()
    assert f'<a href="{consent}">“你允许了什么”</a>页面' in zh_page and "同意与授权" not in zh_page
