"""Digit-based identifiers: phone numbers, ID numbers, bank cards, QQ numbers.

Digits are read as chains: runs of digits joined by the separators people type inside a number
(spaces, one dash, parentheses), so "138 1234-5678" and "6225 3170 6690 7431" are one number each.
A chain is split into the longest pieces that look like something; checksums (ID check digit,
Luhn) raise confidence but never excuse a long digit run, which may be a card or an account.
"""

from __future__ import annotations

import datetime as dt
import re

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

_HOTLINE_PREFIXES = frozenset({"400", "800", "888", "877", "866", "855", "844", "833"})
_NANP_TOLL_FREE = frozenset("1" + p for p in _HOTLINE_PREFIXES if p != "400")
_AREA3 = re.compile(r"^0(?:10|2[0-9])$")
_AREA4 = re.compile(r"^0[3-9][0-9]{2}$")


def _valid_date(yyyymmdd: str) -> bool:
    try:
        d = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= d <= dt.date.today()


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


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
    n = len(digits)
    if x_suffix:
        if n == 17 and digits[0] in "12345678":
            ok = id_check_digit(digits) == "X"
            return FindingType.ID_NUMBER, 0.98 if ok else 0.8, "cn_id"
        return None
    if plus or (digits.startswith("00") and 10 <= n <= 17):
        body = digits[2:] if digits.startswith("00") and not plus else digits
        if body.startswith("86") and re.fullmatch(r"861[3-9][0-9]{9}", body):
            return FindingType.PHONE, 0.95, "cn_mobile"
        if 7 <= len(body) <= 15:
            return FindingType.PHONE, 0.9, "intl_phone"
        return None
    if n == 11 and re.fullmatch(r"1[3-9][0-9]{9}", digits):
        return FindingType.PHONE, 0.9, "cn_mobile"
    if n == 13 and re.fullmatch(r"861[3-9][0-9]{9}", digits):
        return FindingType.PHONE, 0.85, "cn_mobile"
    if n == 18 and digits[0] in "12345678" and _valid_date(digits[6:14]):
        ok = id_check_digit(digits[:17]) == digits[17]
        return FindingType.ID_NUMBER, 0.98 if ok else 0.75, "cn_id"
    if n == 15 and digits[0] in "12345678" and _valid_date("19" + digits[6:12]):
        return FindingType.ID_NUMBER, 0.7, "cn_id_old"
    if ctx == "qq" and 5 <= n <= 12 and digits[0] != "0":
        return FindingType.QQ, 0.85, "qq"
    if ctx == "wechat" and 5 <= n <= 20:
        return FindingType.WECHAT, 0.8, "wechat"
    if 13 <= n <= 19:
        if luhn_ok(digits) and n >= 15:
            return FindingType.BANK_CARD, 0.95, "bank_card"
        if ctx == "card":
            return FindingType.BANK_CARD, 0.85, "bank_card"
        return FindingType.BANK_CARD, 0.6, "long_number"
    if ctx == "card" and 8 <= n <= 30:
        return FindingType.BANK_CARD, 0.7, "account_number"
    if ctx == "id" and 6 <= n <= 20:
        return FindingType.ID_NUMBER, 0.7, "id_number"
    lens = [len(g) for g in groups]
    if ctx == "card" and lens == [2, 2, 2]:
        return FindingType.BANK_CARD, 0.7, "sort_code"
    if (n == 10 and digits[:3] in _HOTLINE_PREFIXES) or (n == 11 and digits[:4] in _NANP_TOLL_FREE):
        # A company's hotline (400-820-8820, 1-800-…) is evidence about the platform, not a person.
        return None
    if (
        digits[0] == "0"
        and len(groups) >= 2
        and (_AREA3.match(groups[0]) or _AREA4.match(groups[0]))
        and 7 <= n - lens[0] <= 8
    ):
        return FindingType.PHONE, 0.85, "landline"
    if len(groups) == 1 and 10 <= n <= 12 and (_AREA3.match(digits[:3]) or _AREA4.match(digits[:4])):
        return FindingType.PHONE, 0.6, "landline"
    if 10 <= n <= 12 and digits[0] == "0" and digits[1] != "0" and len(groups) >= 2:
        # A national number with its trunk zero, as written in Europe and elsewhere: "07700 900123".
        return FindingType.PHONE, 0.7, "national_phone"
    if lens == [3, 3, 4] and digits[0] not in "01":
        return FindingType.PHONE, 0.8, "nanp_phone"
    if lens == [1, 3, 3, 4] and digits[0] == "1":
        return FindingType.PHONE, 0.8, "nanp_phone"
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
        return (
            classify(groups, plus=False, ctx=None, x_suffix=True) if id_check_digit(digits) == "X" else None
        )
    if len(digits) == 18 and _valid_date(digits[6:14]) and id_check_digit(digits[:17]) == digits[17]:
        return FindingType.ID_NUMBER, 0.98, "cn_id"
    if 16 <= len(digits) <= 19 and luhn_ok(digits):
        return FindingType.BANK_CARD, 0.9, "bank_card"
    if len(digits) == 11 and re.fullmatch(r"1[3-9][0-9]{9}", digits):
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
