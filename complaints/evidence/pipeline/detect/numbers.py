"""Digit-based identifiers: phone numbers, ID numbers, bank cards, QQ numbers, IBANs.

Digits are read as chains: runs of digits joined by the separators people type inside a number
(spaces, one dash, parentheses), so "138 1234-5678" and "6225 3170 6690 7431" are one number each.
A chain is split into the longest pieces that look like something; checksums (ID check digit,
Luhn) raise confidence but never excuse a long digit run, which may be a card or an account.

What a number is, where a library knows it, is asked of the library: phonenumbers for phone
numbers (allocated mobile ranges, area codes, country codes, toll-free and shared-cost hotlines),
python-stdnum for the resident ID's check digit and birth date (`stdnum.cn.ric`), the Luhn check of
cards (`stdnum.luhn`) and IBANs (`stdnum.iban`). Our own code keeps what no library decides: the
chains, the words in front (QQ, 卡号, 身份证), and the shapes a person's number is still redacted on
when the library's tables do not list it (a new mobile range, a made-up area code).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType
from stdnum import iban, luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from ..textnorm import CN_DIGITS
from .base import FindingType, Scan

_DIGIT_RUN = re.compile(r"[0-9]+")
_GAP_CHARS = frozenset(" \t\u00a0-()")
_MAX_GAP = 4

# Context words seen shortly before a number. Checked in this order: the first that matches wins.
_CTX = [
    ("qq", re.compile(r"(?:qq|扣扣|企鹅号|企鹅)")),
    ("wechat", re.compile(r"(?:微信|薇信|威信|vx|wx|v信|wechat|weixin)")),
    ("id", re.compile(r"(?:身份证|证件号|证件号码|id\s?(?:card|no|number)|护照|passport)")),
    (
        "card",
        re.compile(
            r"(?:卡号|银行卡|信用卡|储蓄卡|借记卡|卡|账号|帐号|账户|帐户|户号|card|account|acct|iban|sort\s?code|routing|swift|bsb)"
        ),
    ),
    (
        "phone",
        re.compile(
            r"(?:电话|手机|手机号|号码|联系方式|致电|来电|拨打|打给|座机|传真|短信|tel|phone|mobile|"
            r"cell|call|text|sms|whatsapp|telegram|fax|contact|reach)"
        ),
    ),
]
_CTX_WINDOW = 18

# The library's phone-number types a company hotline has (400-820-8820, 800-…, 1-800-…).
_HOTLINE_TYPES = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST})
_LANDLINE_TYPES = frozenset({PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
# The shape of a mainland mobile number. phonenumbers knows which ranges are allocated; a number in
# a range it does not list (a new range, a typo, a made-up example) is still read as one, with less
# confidence, because a missed phone number is a leak and a redacted non-number costs little.
_MOBILE_SHAPE = re.compile(r"1[3-9][0-9]{9}")
_OLDEST_BIRTH = dt.date(1900, 1, 1)


@lru_cache(maxsize=4096)
def parse_phone(digits: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    """`digits` as phonenumbers reads them, dialled from `region` (None: they follow a "+")."""
    try:
        return phonenumbers.parse(digits if region else "+" + digits, region)
    except NumberParseException:
        return None


@lru_cache(maxsize=4096)
def phone_type(digits: str, region: str | None) -> int:
    """The library's type for the number (mobile, fixed line, toll-free …); UNKNOWN when it fits none
    of its country's patterns, i.e. when the library does not hold it valid."""
    num = parse_phone(digits, region)
    return PhoneNumberType.UNKNOWN if num is None else phonenumbers.number_type(num)


def _birth_date_ok(id18: str) -> bool:
    """The birth date inside an 18-digit resident ID is a real day, not in the future."""
    try:
        born = ric.get_birth_date(id18)
    except ValidationError:
        return False
    return _OLDEST_BIRTH <= born <= dt.date.today()


def _check_digit_ok(id18: str) -> bool:
    return ric.calc_check_digit(id18) == id18[17].upper()


def _context(text: str, start: int) -> str | None:
    window = text[max(0, start - _CTX_WINDOW) : start].lower()
    # Only words after the previous number count: "电话 138…, QQ 123456" gives the second number QQ.
    window = re.split(r"[0-9]", window)[-1]
    for name, rx in _CTX:
        if rx.search(window):
            return name
    return None


Classified = tuple[FindingType, float, str]


def classify(groups: list[str], *, plus: bool, ctx: str | None, x_suffix: bool = False) -> Classified | None:
    """Say what a chain of digit groups is, or None."""
    digits = "".join(groups)
    if x_suffix:
        return _id_with_x(digits)
    if plus or (digits.startswith("00") and 10 <= len(digits) <= 17):
        return _international(digits if plus else digits[2:])
    return _mainland(digits) or _by_context(groups, digits, ctx) or _phone_shape(groups, digits, ctx)


def _id_with_x(digits: str) -> Classified | None:
    if len(digits) == 17 and digits[0] in "12345678":
        return FindingType.ID_NUMBER, 0.98 if _check_digit_ok(digits + "X") else 0.8, "cn_id"
    return None


def _international(body: str) -> Classified | None:
    """Digits after "+" or "00": the country code is part of the number."""
    num = parse_phone(body, None)
    if num is not None and num.country_code == 86 and _MOBILE_SHAPE.fullmatch(str(num.national_number)):
        return FindingType.PHONE, 0.95, "cn_mobile"
    if num is not None and phonenumbers.is_possible_number(num):
        return FindingType.PHONE, 0.9, "intl_phone"
    if 7 <= len(body) <= 15:
        # An unknown country code or an odd length: the "+" still says someone wrote a phone number.
        return FindingType.PHONE, 0.75, "intl_phone"
    return None


def _mainland(digits: str) -> Classified | None:
    """A mainland mobile number (with or without 86 in front) or a resident ID (18 or 15 digits)."""
    n = len(digits)
    if (n == 11 and digits[0] == "1") or (n == 13 and digits.startswith("861")):
        if phone_type(digits, "CN") == PhoneNumberType.MOBILE:
            return FindingType.PHONE, 0.9 if n == 11 else 0.85, "cn_mobile"
        if _MOBILE_SHAPE.fullmatch(digits[-11:]):
            return FindingType.PHONE, 0.8, "cn_mobile"
    if n == 18 and digits[0] in "12345678" and _birth_date_ok(digits):
        return FindingType.ID_NUMBER, 0.98 if _check_digit_ok(digits) else 0.75, "cn_id"
    # The first-generation ID: the 18-digit form without the century and the check digit.
    if n == 15 and digits[0] in "12345678" and _birth_date_ok(digits[:6] + "19" + digits[6:] + "0"):
        return FindingType.ID_NUMBER, 0.7, "cn_id_old"
    return None


def _by_context(groups: list[str], digits: str, ctx: str | None) -> Classified | None:
    """What the word before the number, or its sheer length, says it is."""
    n = len(digits)
    if ctx == "qq" and 5 <= n <= 12 and digits[0] != "0":
        return FindingType.QQ, 0.85, "qq"
    if ctx == "wechat" and 5 <= n <= 20:
        return FindingType.WECHAT, 0.8, "wechat"
    if 13 <= n <= 19:
        if n >= 15 and luhn.is_valid(digits):
            return FindingType.BANK_CARD, 0.95, "bank_card"
        if ctx == "card":
            return FindingType.BANK_CARD, 0.85, "bank_card"
        return FindingType.BANK_CARD, 0.6, "long_number"
    if ctx == "card" and 8 <= n <= 30:
        return FindingType.BANK_CARD, 0.7, "account_number"
    if ctx == "id" and 6 <= n <= 20:
        return FindingType.ID_NUMBER, 0.7, "id_number"
    if ctx == "card" and [len(g) for g in groups] == [2, 2, 2]:
        return FindingType.BANK_CARD, 0.7, "sort_code"
    return None


def _hotline(digits: str) -> bool:
    """A company's hotline (400-820-8820, 1-800-…) is evidence about the platform, not a person."""
    if len(digits) not in (10, 11):
        return False
    if len(digits) == 10:
        return phone_type(digits, "CN") in _HOTLINE_TYPES or phone_type(digits, "US") in _HOTLINE_TYPES
    return digits[0] == "1" and phone_type(digits, "US") in _HOTLINE_TYPES


def _phone_shape(groups: list[str], digits: str, ctx: str | None) -> Classified | None:
    """Landlines, national numbers with a trunk zero, North American numbers."""
    n = len(digits)
    lens = [len(g) for g in groups]
    if _hotline(digits):
        return None
    if digits[0] == "0" and 10 <= n <= 12:
        if phone_type(digits, "CN") in _LANDLINE_TYPES:
            return FindingType.PHONE, 0.85 if len(groups) >= 2 else 0.7, "landline"
        if digits[1] != "0" and len(groups) >= 2:
            # A national number with its trunk zero, as written in Europe and elsewhere: "07700 900123".
            return FindingType.PHONE, 0.7, "national_phone"
    if (lens == [3, 3, 4] and digits[0] not in "01") or (lens == [1, 3, 3, 4] and digits[0] == "1"):
        valid = phone_type(digits, "US") != PhoneNumberType.UNKNOWN
        return FindingType.PHONE, 0.85 if valid else 0.75, "nanp_phone"
    if ctx in ("phone", "wechat") and 7 <= n <= 15:
        return FindingType.PHONE, 0.75, "phone_context"
    if ctx == "id" and n >= 6:
        return FindingType.ID_NUMBER, 0.6, "id_number"
    return None


def _chains(scan: Scan, *, through_protected: bool = False) -> list[list[tuple[int, int]]]:
    text = scan.text
    runs = [
        (m.start(), m.end())
        for m in _DIGIT_RUN.finditer(text)
        if (through_protected or not scan.is_protected(m.start(), m.end()))
        and not scan.is_claimed(m.start(), m.end())
    ]
    chains: list[list[tuple[int, int]]] = []
    for run in runs:
        if chains:
            prev = chains[-1][-1]
            gap = text[prev[1] : run[0]]
            if 0 < len(gap) <= _MAX_GAP and set(gap) <= _GAP_CHARS and gap.count("-") <= 1:
                chains[-1].append(run)
                continue
        chains.append([run])
    return chains


def _strong(groups: list[str], x_suffix: bool) -> Classified | None:
    """Only what a checksum or a fixed shape proves: enough to override a date-like look."""
    digits = "".join(groups)
    if x_suffix:
        return _id_with_x(digits) if _check_digit_ok(digits + "X") else None
    if len(digits) == 18 and _birth_date_ok(digits) and _check_digit_ok(digits):
        return FindingType.ID_NUMBER, 0.98, "cn_id"
    if 16 <= len(digits) <= 19 and luhn.is_valid(digits):
        return FindingType.BANK_CARD, 0.9, "bank_card"
    if len(digits) == 11 and _MOBILE_SHAPE.fullmatch(digits):
        return FindingType.PHONE, 0.85, "cn_mobile"
    return None


def _find_through_dates(scan: Scan) -> None:
    """An ID typed as "110105-2000-01-10-0003" holds something that looks like a date. Where digits
    continue on both sides of it, or are glued to it by a bare dash, and a checksum or a fixed
    shape holds, the number wins over the date."""
    text = scan.text
    for chain in _chains(scan, through_protected=True):
        kept = [scan.is_protected(a, b) for a, b in chain]
        if not any(kept) or all(kept):
            continue
        glued = [text[chain[k][1] : chain[k + 1][0]] == "-" for k in range(len(chain) - 1)]
        done = False
        for i in range(len(chain)):
            for j in range(len(chain) - 1, i, -1):
                part = kept[i : j + 1]
                if not any(part) or all(part):
                    continue
                inside = not part[0] and not part[-1]
                # Every place where date-like and other digits meet must be a bare dash.
                seams = all(glued[k] for k in range(i, j) if kept[k] != kept[k + 1])
                if not (inside or seams):
                    continue
                groups = [text[a:b] for a, b in chain[i : j + 1]]
                end = chain[j][1]
                x_end = _x_suffix_end(text, end) if sum(map(len, groups)) == 17 else None
                res = _strong(groups, x_end is not None)
                if res:
                    scan.add(res[0], chain[i][0], x_end or end, res[1], res[2])
                    done = True
                    break
            if done:
                break


def _plus_start(text: str, start: int) -> int | None:
    """Offset of a '+' that belongs to the number starting at `start` ("+86 138…", "(+1) 212…")."""
    i = start - 1
    while i >= 0 and text[i] in " (":
        i -= 1
    if i >= 0 and text[i] == "+":
        if i > 0 and text[i - 1] == "(":
            return i - 1
        return i
    return None


def _x_suffix_end(text: str, end: int) -> int | None:
    m = re.compile(r"[ \t]{0,2}[xX](?![A-Za-z])").match(text, end)
    return m.end() if m else None


def find_digit_identifiers(scan: Scan) -> None:
    """Find phones, ID numbers, cards and QQ numbers among the chains of digits."""
    text = scan.text
    _find_through_dates(scan)
    for chain in _chains(scan):
        i = 0
        while i < len(chain):
            found = False
            for j in range(len(chain) - 1, i - 1, -1):
                start, end = chain[i][0], chain[j][1]
                groups = [text[a:b] for a, b in chain[i : j + 1]]
                plus_at = _plus_start(text, start) if i == 0 else None
                ctx = _context(text, plus_at if plus_at is not None else start)
                res = None
                x_end = _x_suffix_end(text, end) if sum(map(len, groups)) == 17 else None
                if x_end is not None:
                    res = classify(groups, plus=False, ctx=ctx, x_suffix=True)
                    if res:
                        end = x_end
                if res is None:
                    res = classify(groups, plus=plus_at is not None, ctx=ctx)
                if res is None:
                    continue
                if plus_at is not None and res[0] is FindingType.PHONE:
                    start = plus_at
                elif (
                    res[0] is FindingType.PHONE
                    and start
                    and text[start - 1] == "("
                    and ")" in text[start:end]
                ):
                    start -= 1
                scan.add(res[0], start, end, res[1], res[2])
                i = j + 1
                found = True
                break
            if not found:
                i += 1


_CN_NUMERALS = re.compile(
    r"[〇零一二三四五六七八九幺两][〇零一二三四五六七八九幺两\s-]{5,30}[〇零一二三四五六七八九幺两]"
)


def find_spelled_numbers(scan: Scan) -> None:
    """Numbers written in Chinese numerals ("一三八…") to slip past filters."""
    for m in _CN_NUMERALS.finditer(scan.text):
        digits = "".join(CN_DIGITS.get(c, "") for c in m.group())
        if len(digits) < 7 or scan.is_claimed(m.start(), m.end()):
            continue
        res = classify([digits], plus=False, ctx=_context(scan.text, m.start()))
        if res:
            scan.add(res[0], m.start(), m.end(), min(res[1], 0.7), res[2] + "_spelled")


# Dotted numbers ("415.555.0132", "06.12.34.56.78"): dots are kept out of ordinary chains because
# of decimals and version numbers, so these are read on their own and only as phone numbers.
_DOTTED = re.compile(r"(?<![0-9.])\(?[0-9]{2,4}\)?(?:\.[0-9]{2,4}){2,4}(?![0-9]|\.[0-9])")


def find_dotted_phones(scan: Scan) -> None:
    for m in _DOTTED.finditer(scan.text):
        if scan.is_claimed(m.start(), m.end()) or scan.is_protected(m.start(), m.end()):
            continue
        groups = re.findall(r"[0-9]+", m.group())
        res = classify(
            groups, plus=_plus_start(scan.text, m.start()) is not None, ctx=_context(scan.text, m.start())
        )
        if res and res[0] is FindingType.PHONE:
            scan.add(res[0], m.start(), m.end(), res[1], res[2])


# An IBAN ("GB82 WEST 1234 5698 7654 32", "NL91ABNA0417164300"): country, check digits, then groups
# of letters and digits. python-stdnum knows each country's length and layout and the mod-97 check.
_IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{1,4}){2,8}(?![A-Za-z0-9])")
_IBAN_GROUP = re.compile(r"[ ]?[A-Z0-9]{1,4}$")


def find_ibans(scan: Scan) -> None:
    """International bank account numbers, proved by their checksum."""
    for m in _IBAN_CANDIDATE.finditer(scan.text):
        value = m.group()
        # The last groups may be the next word in capitals ("… 7654 32 NOW"): drop them until it checks.
        while len(value) > 4 and not iban.is_valid(value):
            value = value[: _IBAN_GROUP.search(value).start()]
        end = m.start() + len(value)
        if len(value) > 4 and not scan.is_claimed(m.start(), end):
            scan.add(FindingType.BANK_CARD, m.start(), end, 0.97, "iban")
