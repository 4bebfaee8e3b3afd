"""Chinese names without a cue word: a surname and one or two given-name characters, scored.

Every position where a surname starts is a candidate. The evidence for and against is added up:
how common the surname is, how name-like the given characters are, whether the characters on
either side end a phrase (punctuation, a verb of giving, a particle) or run on into a word, whether
jieba reads the span as an ordinary dictionary word ("韩国", "高度"), and whether a platform or
product word follows ("苏宁易购", "周大福官方商城"). A candidate above the threshold is a name;
the pipeline then finds the same string everywhere else in the document.
"""

from __future__ import annotations

from .base import FindingType, Scan
from .names_data import (
    CN_AMBIGUOUS_SURNAMES,
    CN_COMPOUND_SURNAMES,
    CN_GIVEN_COMMON,
    CN_GIVEN_OTHER,
    CN_NAME_STOP,
    CN_PLACE_SUFFIX,
    CN_SURNAME_RANK,
)

# Characters that close or open a phrase around a name.
_BOUNDARY = frozenset(" \t\r\n　，,。.！!？?、；;：:（()）“”\"'‘’《》<>【】[]@/|-—…~·")
# Single characters that often stand right before a person: prepositions, verbs of giving and
# asking, kinship words.
# Role nouns end in 方, 人, 员, 者, 长 ("付款方", "证人", "业务员"), places of a chat in 里.
_BEFORE = frozenset("向给由和与跟把找问叫是经请被让替对亏及或同等妈爸哥姐弟妹嫂舅姨叔婶友方人员者长里系事")
# Characters that often follow a person: verbs of speech and action, particles, pronouns.
_AFTER = frozenset(
    "说在的和与是于向把已也撤拍承对签发替他她们同女先来上提卷打帮突等都自称确负给让以跟要收退转借答"
    "告表认这那就还又才会能没不很却曾将被从回讲问骂催拒答拉可最今昨明当"
)
THRESHOLD = 2.5


def _surname_score(text: str, p: int) -> tuple[int, float]:
    if text[p : p + 2] in CN_COMPOUND_SURNAMES:
        return 2, 2.0
    rank = CN_SURNAME_RANK.get(text[p])
    if rank is None:
        return 0, 0.0
    score = 1.0 if rank < 20 else 0.7 if rank < 60 else 0.3 if rank < 150 else 0.0
    if text[p] in CN_AMBIGUOUS_SURNAMES:
        score -= 0.8
    return 1, score


def _given_score(ch: str) -> float | None:
    if ch in CN_NAME_STOP or not ("\u4e00" <= ch <= "\u9fff"):
        return None
    return 1.0 if ch in CN_GIVEN_COMMON else 0.6 if ch in CN_GIVEN_OTHER else -0.8


def _left_score(scan: Scan, p: int, starts: set[int]) -> float:
    if p == 0:
        return 1.0
    prev = scan.text[p - 1]
    if prev in _BOUNDARY or prev.isdigit() or scan.is_protected(p - 1, p):
        return 1.0
    if prev in _BEFORE:
        return 0.8
    return 0.2 if p in starts else -0.8


def _right_score(scan: Scan, e: int, starts: set[int], titles) -> float:  # type: ignore[no-untyped-def]
    text = scan.text
    if e >= len(text):
        return 1.0
    nxt = text[e]
    if nxt in _BOUNDARY or nxt.isdigit() or titles(text, e):
        return 1.0
    if nxt in _AFTER:
        return 0.6
    return 0.1 if e in starts else -0.8


def _sender_tag(text: str, p: int) -> bool:
    """A text message's sender tag ("【高德打车】") is an organisation, never a person."""
    if p == 0 or text[p - 1] not in "【[":
        return False
    close = text.find("】" if text[p - 1] == "【" else "]", p)
    return 0 < close - p <= 12 and not any(c in _BOUNDARY for c in text[p:close])


def find_cn_names_scored(
    scan: Scan,
    tokens: dict[int, tuple[int, str]],
    *,
    freq,  # type: ignore[no-untyped-def]
    platform_suffix,  # type: ignore[no-untyped-def]
    title_at,  # type: ignore[no-untyped-def]
    taken: set[int],
) -> None:
    text = scan.text
    starts = set(tokens)
    p = 0
    n = len(text)
    while p < n:
        s_len, s_score = _surname_score(text, p)
        if s_len == 0 or p in taken or scan.is_protected(p, p + s_len) or _sender_tag(text, p):
            p += 1
            continue
        best: tuple[float, int] | None = None
        g_total = 0.0
        for g in (1, 2):
            q = p + s_len + g - 1
            if q >= n:
                break
            gs = _given_score(text[q])
            if gs is None or title_at(text, q) or scan.is_protected(q, q + 1):
                break
            g_total += gs
            e = q + 1
            if (
                platform_suffix(text, e)
                or platform_suffix(text, p + s_len)
                or text[e : e + 1] in CN_PLACE_SUFFIX
            ):
                best = None
                break
            score = s_score + g_total + _left_score(scan, p, starts) + _right_score(scan, e, starts, title_at)
            word = tokens.get(p)
            if g == 1 and text[p] in CN_AMBIGUOUS_SURNAMES:
                # "高德", "金子": two characters and an everyday surname need more than context.
                score -= 0.5
            if word and word[0] == e and word[1] in ("ns", "nt", "nz") and freq(text[p:e]) > 50:
                # A place or organisation in jieba's dictionary ("苏宁", "苏丹").
                score -= 2.0
            elif word and word[0] >= p + s_len + 1 and not word[1].startswith("nr"):
                # An ordinary dictionary word begins here ("高度", "金额", "韩国"): not a person.
                # A compound surname is a word of its own ("东方"); only longer words count.
                f = max(freq(text[p:k]) for k in range(p + s_len + 1, word[0] + 1))
                if f > 300:
                    score -= 2.0
            if best is None or score > best[0]:
                best = (score, e)
        if best is not None and best[0] >= THRESHOLD:
            scan.add(FindingType.PERSON, p, best[1], 0.7, "cn_name_scored", claim=False)
            p = best[1]
            continue
        p += 1
