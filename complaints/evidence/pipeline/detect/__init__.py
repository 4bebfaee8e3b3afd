"""Personal-data detection over plain text; spans refer to the original string."""

from __future__ import annotations

from collections.abc import Iterable

from ..textnorm import guess_lang, normalize
from .addresses import find_addresses
from .base import Finding, FindingType, Hit, Scan
from .contact import find_emails, find_ips, find_passports, find_wechat_ids
from .names import find_names, given_name_alone
from .numbers import find_digit_identifiers, find_dotted_phones, find_ibans, find_spelled_numbers
from .own import find_values
from .protect import protect_evidence

__all__ = ["Finding", "FindingType", "detect"]

# Guesses that must give way to an amount or a date they overlap; digit identifiers never
# overlap one because protected digits are not read as identifiers in the first place.
_SOFT = {FindingType.PERSON, FindingType.ADDRESS, FindingType.WECHAT}
# Values worth looking for again elsewhere in the same document ("户名：张伟 … 张伟 签字").
_REPEAT_MIN_CONFIDENCE = 0.7


def _trim_protected(scan: Scan, hit: Hit) -> Hit | None:
    best: tuple[int, int] | None = None
    run_start = None
    for i in range(hit.start, hit.end + 1):
        free = i < hit.end and not scan.is_protected(i, i + 1)
        if free and run_start is None:
            run_start = i
        elif not free and run_start is not None:
            if best is None or i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    if best is None:
        return None
    start, end = best
    while end > start and scan.text[end - 1] in " ,，、":
        end -= 1
    if end - start < 2:
        return None
    return Hit(hit.type, start, end, hit.confidence, hit.source)


def _merge(findings: list[Finding], original: str) -> list[Finding]:
    findings.sort(key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    for f in findings:
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            start, end = last.start, max(last.end, f.end)
            lead = last if last.end - last.start >= f.end - f.start else f
            sources = last.source if f.source in last.source.split("+") else f"{last.source}+{f.source}"
            merged[-1] = Finding(
                lead.type, start, end, original[start:end], max(last.confidence, f.confidence), sources
            )
        else:
            merged.append(f)
    return merged


def detect(text: str, *, known_identifiers: Iterable[str] = (), lang: str | None = None) -> list[Finding]:
    """Find personal data in `text`; amounts, dates and times are never reported."""
    norm = normalize(text)
    scan = Scan(norm, lang or guess_lang(norm.text))
    protect_evidence(scan)
    # Order matters: unambiguous shapes claim their characters first, so an email's digits
    # are not read again as a QQ number.
    find_emails(scan)
    find_ips(scan)
    find_passports(scan)
    find_ibans(scan)
    find_dotted_phones(scan)
    find_digit_identifiers(scan)
    find_spelled_numbers(scan)
    find_wechat_ids(scan)
    find_names(scan)
    find_addresses(scan)

    findings: list[Finding] = []
    for hit in scan.hits:
        if hit.type in _SOFT and scan.is_protected(hit.start, hit.end):
            trimmed = _trim_protected(scan, hit)
            if trimmed is None:
                continue
            hit = trimmed
        start, end = norm.to_original(hit.start, hit.end)
        findings.append(Finding(hit.type, start, end, text[start:end], hit.confidence, hit.source))

    for start, end, _value in find_values(norm, known_identifiers):
        findings.append(Finding(FindingType.OWN_IDENTIFIER, start, end, text[start:end], 1.0, "known"))

    repeat: dict[str, FindingType] = {}
    for f in findings:
        if f.confidence >= _REPEAT_MIN_CONFIDENCE and f.type is not FindingType.OWN_IDENTIFIER:
            repeat.setdefault(f.value, f.type)
            if f.type is FindingType.PERSON:
                # "付款人：邝子墨 … 子墨说": the given name alone names the same person.
                given = given_name_alone(f.value)
                if given:
                    repeat.setdefault(given, f.type)
    covered = bytearray(len(text) + 1)
    for f in findings:
        covered[f.start : f.end] = b"\x01" * (f.end - f.start)
    for start, end, value in find_values(norm, repeat):
        if not all(covered[start:end]):
            findings.append(Finding(repeat[value], start, end, text[start:end], 0.7, "repeat"))
    return _merge(findings, text)
