"""Small text helpers shared by the apps."""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def single_line(value: object, *, limit: int = 300) -> str:
    """Text safe for one log or audit line: control, line-break and bidi characters become spaces."""
    text = unicodedata.normalize("NFC", str(value or ""))
    return _CONTROL.sub(" ", text).strip()[:limit]
