"""The one rule that turns an order or transaction number into the text that is hashed.

The same rule runs on the member's typed numbers, on the text of their receipts, and, through the
instructions a receiving party downloads, on that party's own records; so it is deliberately short:

1. Unicode NFKC: full-width letters, digits and punctuation become half-width (“ＴＢ２０２４” -> “TB2024”).
2. Every whitespace character and every dash (- ‐ ‑ ‒ – — ― − and the full-width －) is removed.
3. Letters are upper-cased.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from complaints.core.text import DASHES, compact_identifier

# How a member separates several numbers in the case form (lines, commas, semicolons, 、).
_SPLIT = re.compile(r"[\n\r,;，；、]+")
# A label before the number ("订单号：", "Order no:") is not part of it.
_LABEL = re.compile(r"^.*[:：#＃]")
# Shorter than this is no order number, and a keyed hash of it protects nothing worth the name.
MIN_LENGTH = 6
MAX_LENGTH = 64
MAX_PER_CASE = 20


def normalize(value: str) -> str:
    """The normalized form of one order number (see the module's rules)."""
    return compact_identifier(value, dashes=DASHES)


def references_in(text: str) -> list[str]:
    """The normalized order numbers a member typed into their case, once each, in their order."""
    found: dict[str, None] = {}
    for part in _SPLIT.split(text or ""):
        value = normalize(_LABEL.sub("", unicodedata.normalize("NFKC", part)))
        if MIN_LENGTH <= len(value) <= MAX_LENGTH:
            found.setdefault(value, None)
    return list(found)[:MAX_PER_CASE]


def keyed_hash(secret_hex: str, normalized: str) -> str:
    """HMAC-SHA256 of a normalized number under a campaign's secret, as 64 lower-case hex digits."""
    return hmac.new(bytes.fromhex(secret_hex), normalized.encode("utf-8"), hashlib.sha256).hexdigest()


def masked(normalized: str) -> str:
    """What the member is shown of their own number: enough to recognise it, not to copy it."""
    if len(normalized) <= 6:
        return normalized[:1] + "•" * (len(normalized) - 2) + normalized[-1:]
    return normalized[:2] + "•" * (len(normalized) - 6) + normalized[-4:]
