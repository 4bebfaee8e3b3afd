"""The member's own identifiers (profile name, email, phone, order references), in any spacing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from ..textnorm import NormText, compact, compact_key


def _variants(value: str) -> dict[str, bool]:
    """Search keys for a value; True marks a key that must match plain words only."""
    key = compact_key(value)
    out = {key: False}
    digits = re.sub(r"[^0-9]", "", key)
    if len(digits) >= 7 and len(digits) >= len(key) - 2:
        # A phone typed with or without its country code: "+86 138…" in the profile, "138…" in the text.
        out.setdefault(digits, False)
        for form in _national_forms(digits):
            out.setdefault(form, False)
    if "@" in key:
        out.setdefault(key.split("@")[0] + "@", False)
    words = value.split()
    if len(words) >= 2 and all(w.isalpha() for w in words):
        # "Sarah Johnson" in the profile also covers "Johnson, Sarah" (but not "Johnson (sarah@…").
        out.setdefault(compact_key(" ".join(reversed(words))), True)
    return {k: plain for k, plain in out.items() if _long_enough(k)}


@lru_cache(maxsize=1024)
def _national_forms(digits: str) -> tuple[str, ...]:
    """How a phone number is written at home, read by phonenumbers: without its country code and
    with the trunk zero ("+44 7700 900123": "7700900123", "07700900123"). Digits with no "+" are
    read both as an international number (country code first) and as a mainland one."""
    forms: list[str] = []
    international = digits[2:] if digits.startswith("00") else digits
    for text, region in (("+" + international, None), (digits, "CN")):
        try:
            num = phonenumbers.parse(text, region)
        except NumberParseException:
            continue
        if not phonenumbers.is_possible_number(num):
            continue
        national = str(num.national_number)
        dialled = re.sub(r"[^0-9]", "", phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL))
        forms += [f for f in (national, dialled) if len(f) >= 7 and f != digits]
    return tuple(dict.fromkeys(forms))


_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?:[\s,\u200b-\u200d\u2060\ufeff]+[^\W\d_]+)*")


def _long_enough(key: str) -> bool:
    if any("\u4e00" <= c <= "\u9fff" for c in key):
        return len(key) >= 2
    if key.isdigit():
        return len(key) >= 5
    return len(key) >= 4


def find_values(norm: NormText, values: Iterable[str]) -> list[tuple[int, int, str]]:
    """Original-string spans of every occurrence of each value, ignoring spacing and case."""
    keys: dict[str, str] = {}
    plain_only: set[str] = set()
    for value in values:
        if value and value.strip():
            for key, plain in _variants(value).items():
                keys.setdefault(key, value)
                if plain:
                    plain_only.add(key)
    if not keys:
        return []
    view = compact(norm)
    out: list[tuple[int, int, str]] = []
    for key in sorted(keys, key=len, reverse=True):
        # Digits inside a longer digit run are another number, not this one.
        edge_digit = key[0].isdigit()
        start = view.text.find(key)
        while start != -1:
            end = start + len(key)
            s, e = view.index[start], view.index[end - 1] + 1
            # Neighbours in the original: the compact view has glued the surrounding words on.
            before = norm.original[s - 1] if s else ""
            after = norm.original[e] if e < len(norm.original) else ""
            if (
                not (edge_digit and (before.isdigit() or after.isdigit()))
                and not _mid_word(key, before, after)
                and (key not in plain_only or _PLAIN_WORDS.fullmatch(norm.original[s:e]))
            ):
                out.append((s, e, keys[key]))
            start = view.text.find(key, start + 1)
    return out


def _mid_word(key: str, before: str, after: str) -> bool:
    """A Latin name or reference found inside a longer word ("anna" in "savannah") is not it."""
    if not key[0].isascii() or not key[0].isalpha():
        return False
    return (before.isascii() and before.isalpha()) or (
        after.isascii() and after.isalpha() and key[-1].isalpha()
    )
