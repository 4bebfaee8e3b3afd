"""Amounts, dates and times: the evidence itself, which no detector may eat."""

from __future__ import annotations

import re

from .base import Scan

_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_CUR_PREFIX = (
    r"(?:[¥$€£₩₹]|US\$|HK\$|NT\$|A\$|C\$|S\$|RMB|CNY|USD|HKD|TWD|EUR|GBP|JPY|SGD|AUD|CAD|人民币|"
    r"港币|美元)"
)
_CUR_SUFFIX = (
    r"(?:万元|亿元|千元|元整|元|块钱|块|圆|角|分钱|美元|美金|港元|港币|欧元|英镑|日元|韩元|人民币|"
    r"rmb|RMB|yuan|Yuan|CNY|USD|HKD|EUR|GBP|dollars?|Dollars?|bucks|euros?|pounds?|万|k|K)"
)
AMOUNT_RE = re.compile(
    rf"(?<![0-9.,])(?:{_CUR_PREFIX}\s?[:：]?\s?-?(?:{_NUM})(?:\s?(?:万|千|元|k|K))?"
    rf"|-?(?:{_NUM})\s?{_CUR_SUFFIX}(?![A-Za-z]))"
)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_TIME = r"(?:[01]?[0-9]|2[0-3])[:：][0-5][0-9](?:[:：][0-5][0-9])?(?:\s?(?:[AaPp]\.?[Mm]\.?))?"
_Y = r"(?:19|20)[0-9]{2}"
_M = r"(?:0?[1-9]|1[0-2])"
_D = r"(?:0?[1-9]|[12][0-9]|3[01])"
DATE_RES = [
    # 2024-03-16, 2024/3/16, 2024.03.16, optionally with a time.
    re.compile(rf"(?<![0-9])({_Y}\s?[-/.]\s?{_M}\s?[-/.]\s?{_D})(?:[ T]{{0,2}}{_TIME})?(?![0-9])"),
    # 2024年3月16日 (days, months or years alone too), optionally with a time.
    re.compile(rf"(?<![0-9])(?:{_Y}\s?年\s?)?{_M}\s?月(?:\s?{_D}\s?[日号])?(?:\s{{0,2}}{_TIME})?"),
    re.compile(rf"(?<![0-9]){_Y}\s?年(?:[度初底末中])?"),
    re.compile(rf"(?<![0-9]){_D}\s?[日号]\s{{0,2}}{_TIME}"),
    # 16 March 2024, March 16, 2024, March 2024, 16th of March.
    re.compile(rf"\b{_D}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS}\.?(?:,?\s+{_Y})?\b"),
    re.compile(rf"\b{_MONTHS}\.?\s+{_D}(?:st|nd|rd|th)?(?:,?\s+{_Y})?\b"),
    re.compile(rf"\b{_MONTHS}\.?,?\s+{_Y}\b"),
    # 03/16/2024 or 16/03/2024.
    re.compile(rf"(?<![0-9/]){_D}/{_D}/{_Y}(?![0-9/])"),
    re.compile(rf"(?<![0-9:.]){_TIME}(?![0-9:])"),
]


def protect_evidence(scan: Scan) -> None:
    """Protect amounts, dates and times in the canonical text."""
    text = scan.text
    for m in AMOUNT_RE.finditer(text):
        # A bare unit letter ("5 k") or a keyword with no number is no amount.
        if any(c.isdigit() for c in m.group()):
            scan.protect(m.start(), m.end())
    for rx in DATE_RES:
        for m in rx.finditer(text):
            scan.protect(m.start(), m.end())
