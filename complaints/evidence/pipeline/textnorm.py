"""Text normalization that keeps a map back to the original string.

Detectors look at a canonical form (NFKC, ASCII digits and dashes, no zero-width characters) so
that full-width digits or an invisible character between two digits do not hide a phone number;
every span they find is mapped back to the original string, which is what gets redacted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Invisible characters that people (and copy-paste) put between digits; they carry no meaning
# for the reader, so the detector must not see them either.
ZERO_WIDTH = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a"
    "\u206b\u206c\u206d\u206e\u206f\u3164\ufe00\ufe01\ufe02\ufe03\ufe0e\ufe0f\ufeff\uffa0"
)
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u30fc\u2500")
# Chinese numerals, used only by the spelled-out-number detector.
CN_DIGITS = {
    "〇": "0",
    "零": "0",
    "一": "1",
    "幺": "1",
    "二": "2",
    "两": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}

# Separators ignored when matching a known identifier "in any spacing".
COMPACT_DROP = frozenset(" \t\r\n\u3000-_.()[]·・/\\'\"")


def _canon_char(ch: str) -> str:
    if ch < "\x80":
        return ch
    if ch in ZERO_WIDTH or unicodedata.category(ch) == "Cf":
        # Every invisible format character (zero-width, bidirectional controls, tag characters).
        return ""
    if ch in DASHES:
        return "-"
    dec = unicodedata.decimal(ch, None)
    if dec is not None:
        return str(dec)
    out = unicodedata.normalize("NFKC", ch)
    if unicodedata.category(ch) == "Zs":
        return " "
    return out


@dataclass(frozen=True, slots=True)
class NormText:
    """A canonical view of `original`; index[i] is the original offset of text[i]."""

    original: str
    text: str
    index: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the canonical text to the original string."""
        if end <= start:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1


def normalize(original: str) -> NormText:
    """Canonicalize `original` (NFKC, ASCII digits, no zero-width characters), keeping offsets."""
    if original.isascii():
        return NormText(original, original, tuple(range(len(original))))
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(original):
        out = _canon_char(ch)
        if out:
            parts.append(out)
            index.extend([i] * len(out))
    return NormText(original, "".join(parts), tuple(index))


def compact(norm: NormText) -> NormText:
    """Drop spacing and punctuation used as separators, lower-case; offsets still map to the original."""
    parts: list[str] = []
    index: list[int] = []
    for ch, i in zip(norm.text, norm.index, strict=True):
        if ch in COMPACT_DROP:
            continue
        parts.append(ch.lower())
        index.append(i)
    return NormText(norm.original, "".join(parts), tuple(index))


def compact_key(value: str) -> str:
    """The form of a known identifier that `compact` text is searched for."""
    return compact(normalize(value)).text


_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def guess_lang(text: str) -> str:
    """'zh' when Chinese characters make up a real share of the letters, else 'en'."""
    cjk = len(_CJK_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    # One Chinese character carries about as much as a short English word.
    return "zh" if cjk * 4 >= latin and cjk > 0 else "en"


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))
