"""Emails, IP addresses, WeChat IDs and passport numbers."""

from __future__ import annotations

import ipaddress
import re

from .base import FindingType, Scan

_AT = r"(?:\s?@\s?|\s?\(at\)\s?|\s?\[at\]\s?|\s?\{at\}\s?|\s?#\s?(?=(?:qq|163|126|gmail|outlook|hotmail|yahoo|foxmail|sina|sohu|icloud)\b))"
_DOT = r"(?:\s?\.\s?|\s?\(dot\)\s?|\s?\[dot\]\s?|\s点\s?)"
EMAIL_RE = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{{0,63}}[A-Za-z0-9_])?{_AT}"
    rf"[A-Za-z0-9](?:[A-Za-z0-9-]{{0,62}}[A-Za-z0-9])?(?:{_DOT}[A-Za-z0-9](?:[A-Za-z0-9-]{{0,62}}[A-Za-z0-9])?)*"
    rf"{_DOT}(?:[A-Za-z]{{2,24}})(?![A-Za-z0-9-])",
    re.IGNORECASE,
)

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
IPV4_RE = re.compile(rf"(?<![0-9.])(?:{_OCTET}\.){{3}}{_OCTET}(?![0-9]|\.[0-9])")
IPV6_RE = re.compile(
    r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:|:){2,7}(?::|[0-9A-Fa-f]{1,4})"
    r"(?:%[0-9A-Za-z]+)?(?![0-9A-Fa-f:])"
)
_VERSION_BEFORE = re.compile(r"(?:v|ver\.?|version|版本|版本号)\s?$", re.IGNORECASE)

# "微信号: abc_123", "加我vx abc123", "WeChat ID is abc-123".
WECHAT_CTX_RE = re.compile(
    r"(?:微信号?|薇信|威信|v信|vx|wx|wechat|weixin)(?:\s?(?:id|号|账号|帐号))?", re.IGNORECASE
)
_WECHAT_ID = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])")
_NOT_WECHAT = frozenset(
    [
        "account",
        "number",
        "please",
        "contact",
        "message",
        "called",
        "search",
        "scanned",
        "friend",
        "friends",
        "request",
        "added",
        "adding",
        "accept",
        "accepted",
        "support",
        "service",
        "official",
        "public",
        "group",
        "chats",
        "wechat",
        "weixin",
        "payment",
        "wallet",
        "pay",
        "through",
        "because",
        "before",
        "after",
        "again",
        "always",
        "anyone",
        "someone",
        "person",
        "people",
        "number",
        "customer",
    ]
)
PASSPORT_RE = re.compile(
    r"(?:护照(?:号码|号)?|passport(?:\s?(?:no\.?|number|#))?|通行证(?:号码|号)?)"
    r"\s?(?:is|为|是)?\s?[:：#]?\s?([A-Z]{1,2}[0-9]{6,9})(?![0-9A-Za-z])",
    re.IGNORECASE,
)


# "john.doe at gmail dot com", written out to dodge filters.
SPELLED_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}\s+(?:at|AT)\s+[A-Za-z0-9-]{1,63}"
    r"(?:\s+(?:dot|DOT)\s+[A-Za-z0-9-]{1,63})*\s+(?:dot|DOT)\s+(?:com|net|org|edu|gov|cn|io|co|uk|de|fr|jp|hk|tw)\b"
)


def find_emails(scan: Scan) -> None:
    for rx in (EMAIL_RE, SPELLED_EMAIL_RE):
        for m in rx.finditer(scan.text):
            if not scan.is_claimed(m.start(), m.end()):
                scan.add(FindingType.EMAIL, m.start(), m.end(), 0.97 if rx is EMAIL_RE else 0.8, "email")


def find_ips(scan: Scan) -> None:
    text = scan.text
    for m in IPV4_RE.finditer(text):
        if _VERSION_BEFORE.search(text[max(0, m.start() - 10) : m.start()]):
            continue
        scan.add(FindingType.IP, m.start(), m.end(), 0.9, "ipv4")
    for m in IPV6_RE.finditer(text):
        value = m.group().split("%")[0]
        # Times like 14:22:05 also have colons; an address has at least three or a '::'.
        if value.count(":") < 3 and "::" not in value:
            continue
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            continue
        if sum(c.isalnum() for c in value) < 4 or scan.is_claimed(m.start(), m.end()):
            continue
        scan.add(FindingType.IP, m.start(), m.end(), 0.9, "ipv6")


def find_wechat_ids(scan: Scan) -> None:
    """A WeChat ID has no checksum or shape of its own: it needs the word next to it."""
    text = scan.text
    for m in WECHAT_CTX_RE.finditer(text):
        window_end = min(len(text), m.end() + 16)
        for idm in _WECHAT_ID.finditer(text, m.end(), window_end):
            token = idm.group()
            between = text[m.end() : idm.start()]
            explicit = (
                bool(re.search(r"[:：是为]|\bis\b|\bid\b", between, re.IGNORECASE)) or not between.strip()
            )
            if token.lower() in _NOT_WECHAT:
                continue
            has_mark = any(c.isdigit() or c in "_-" for c in token)
            if not (has_mark or explicit):
                continue
            if scan.is_claimed(idm.start(), idm.end()):
                break
            scan.add(FindingType.WECHAT, idm.start(), idm.end(), 0.85 if has_mark else 0.6, "wechat")
            break


def find_passports(scan: Scan) -> None:
    for m in PASSPORT_RE.finditer(scan.text):
        if not scan.is_claimed(m.start(1), m.end(1)):
            scan.add(FindingType.ID_NUMBER, m.start(1), m.end(1), 0.85, "passport")
