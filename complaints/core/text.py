"""Small text helpers shared by the apps."""

import re
import unicodedata
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


# Every dash a keyboard or a copied document may put in a number: - ‐ ‑ ‒ – — ― − (full-width － is "-" after NFKC).
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def compact_identifier(value: str, *, dashes: str = "") -> str:
    """A typed number or code as written: Unicode NFKC (full-width ＴＢ２０２４ -> TB2024), upper-cased, without any
    whitespace and without the characters of `dashes` (none by default: a document number may keep its hyphens).

    The one cleaning of identifiers people type: order numbers (proofs, every dash in DASHES dropped) and the ID
    numbers a mandate is signed with (mandates: the resident card drops "-", other documents keep them)."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    return "".join(char for char in text if not char.isspace() and char not in dashes)


def inner_quotes(value: str) -> str:
    """A title set inside “…”: its own double quotes become single ones, as Chinese and English nest quotes
    (“好多商城充值未到账，客服称‘网络问题’”, not “…“网络问题””)."""
    value = re.sub(r'"([^"]*)"', "\u2018\\1\u2019", value)
    return value.replace("\u201c", "\u2018").replace("\u201d", "\u2019")


def single_line(value: object, *, limit: int = 300) -> str:
    """Text safe for one log or audit line: control, line-break and bidi characters become spaces."""
    text = unicodedata.normalize("NFC", str(value or ""))
    return _CONTROL.sub(" ", text).strip()[:limit]


def local_datetime(value) -> str:
    """A moment as every page and email states it: the wall clock of settings.TIME_ZONE, the zone named.

    The same instant reads the same on the page, in the email and in a form error, whatever timezone is
    active where it is rendered."""
    local = timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))
    zone = gettext("Beijing time") if settings.TIME_ZONE == "Asia/Shanghai" else settings.TIME_ZONE
    return gettext("%(datetime)s (%(zone)s)") % {
        "datetime": formats.date_format(local, "DATETIME_FORMAT"),
        "zone": zone,
    }


_CLEAN = {"Cc": " ", "Cf": "", "Cs": "", "Co": "", "Cn": ""}


def search_normalize(text: str) -> str:
    """One form for stored and queried search text: full-width to half-width, case folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # Control and format characters (NUL, zero-width, bidi) only hide a word from the matcher.
    text = "".join(_CLEAN.get(unicodedata.category(ch), ch) if ch > "~" or ch < " " else ch for ch in text)
    return " ".join(text.split())
