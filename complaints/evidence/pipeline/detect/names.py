"""Person names in Chinese and English complaint text.

Names have no checksum, so evidence is combined: a cue in front ("我叫", "客服", "My name is",
"Dear"), a title behind ("先生", "Ms"), a known surname or given name, and jieba's person-name tag.
A cue alone never makes a platform name ("乐购商城", "QuickPay Wallet") a person.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

from ..textnorm import is_cjk
from .base import FindingType, Scan
from .cn_names import find_cn_names_scored
from .names_data import (
    CN_AMBIGUOUS_SURNAMES,
    CN_COMPOUND_SURNAMES,
    CN_IDENT_CUES,
    CN_NAME_STOP,
    CN_PLACE_SUFFIX,
    CN_ROLE_CUES,
    CN_SURNAME_RANK,
    CN_TITLES,
    CN_WEAK_CUES,
    EN_AMBIGUOUS_FIRST_NAMES,
    EN_FIRST_NAMES,
    EN_NOT_NAMES,
    EN_SURNAMES,
    EN_TITLES,
    PINYIN_SURNAMES,
)

_CN_CUES = sorted(CN_IDENT_CUES | CN_ROLE_CUES | CN_WEAK_CUES, key=len, reverse=True)
_CN_CUE_RE = re.compile(
    "(" + "|".join(map(re.escape, _CN_CUES)) + r")(?:\s?(?:[:：]|是|为|叫|叫做|名叫|名为)?\s?)"
)
# Right after these a cue word is part of another word, not a cue ("客服电话", "用户名").
_CN_NOT_AFTER_CUE = ("电话", "热线", "名", "号", "中心", "部门", "系统", "平台", "协议", "资料", "信息")
_PLATFORM_SUFFIX = re.compile(
    r"(?:商城|钱包|支付|直播|交友|平台|超市|银行|金融|科技|公司|集团|网络|App|APP|app|贷|网|商店|外卖|出行|"
    r"游戏|视频|音乐|旅行|优选|严选|到家|金服|理财|保险|证券|基金|电商|社区|官方|旗舰店|专营店|客服)"
)
_CN_TITLE_RE = re.compile("|".join(map(re.escape, sorted(CN_TITLES, key=len, reverse=True))))

_jieba_lock = threading.Lock()


@lru_cache(maxsize=1)
def _posseg():  # type: ignore[no-untyped-def]
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    with _jieba_lock:
        jieba.initialize()
    return jieba.posseg


def _jieba_tokens(text: str) -> dict[int, tuple[int, str]]:
    """start -> (end, flag) for every jieba token; compound surnames are glued to the given name."""
    out: dict[int, tuple[int, str]] = {}
    pos = 0
    tokens = list(_posseg().cut(text, HMM=True))
    for k, tok in enumerate(tokens):
        word, flag = tok.word, tok.flag
        end = pos + len(word)
        if word in CN_COMPOUND_SURNAMES and k + 1 < len(tokens) and tokens[k + 1].flag.startswith("nr"):
            # jieba splits "欧阳" (a place to it) from "娜娜": glue them back together.
            out[pos] = (end + len(tokens[k + 1].word), "nr")
        else:
            out[pos] = (end, flag)
        pos = end
    return out


_TAGGED_MAX_FREQ = 150
# jieba's segmentation of unknown names is noisy ("唐国/然说"); only a real dictionary word
# (seen this often in its corpus) is trusted to end a name early.
_WORD_MIN_FREQ = 100


def _dictionary_freq(word: str) -> int:
    import jieba

    return jieba.dt.FREQ.get(word) or 0


def given_name_alone(name: str) -> str | None:
    """The two given characters of a Chinese full name, when they are no everyday word ("子墨"
    yes, "建国" no): a document that names someone in full often calls them by these later."""
    if not all(is_cjk(c) for c in name):
        return None
    s_len = _surname_len(name, 0)
    given = name[s_len:]
    if s_len == 0 or len(given) != 2:
        return None
    _posseg()  # the dictionary is loaded with the tagger
    return given if _dictionary_freq(given) < _GIVEN_ALONE_MAX_FREQ else None


_GIVEN_ALONE_MAX_FREQ = 20


def _is_name_tag(flag: str) -> bool:
    return flag in ("nr", "nrfg", "nrt")


def _surname_len(text: str, p: int) -> int:
    if text[p : p + 2] in CN_COMPOUND_SURNAMES:
        return 2
    return 1 if text[p : p + 1] in CN_SURNAME_RANK else 0


def _title_at(text: str, p: int) -> bool:
    return bool(_CN_TITLE_RE.match(text, p))


def _given_len(text: str, p: int) -> int:
    n = 0
    while n < 2 and p + n < len(text):
        c = text[p + n]
        if not is_cjk(c) or c in CN_NAME_STOP or _title_at(text, p + n):
            break
        n += 1
    return n


def _cn_name_at(text: str, p: int, tokens: dict[int, tuple[int, str]], *, tier: str) -> int | None:
    """End of a Chinese name starting at p after a cue of the given tier, or None."""
    if p >= len(text) or not is_cjk(text[p]):
        return None
    s_len = _surname_len(text, p)
    if s_len == 0:
        end = _cn_unlisted_name_end(text, p, tokens) if tier == "ident" else None
    else:
        end = _cn_surname_name_end(text, p, s_len, tokens, tier=tier)
    if end is None or _PLATFORM_SUFFIX.match(text, end) or _PLATFORM_SUFFIX.match(text, p + s_len):
        return None
    return end


def _cn_unlisted_name_end(text: str, p: int, tokens: dict[int, tuple[int, str]]) -> int | None:
    """After an identity cue ("我叫…"), a name whose surname is not in our list, or a nickname."""
    word = tokens.get(p)
    if word and _is_name_tag(word[1]) and 2 <= word[0] - p <= 4:
        return word[0]
    # A short word that stands alone ("联系人：小美，"), never the start of a phrase.
    g = _given_len(text, p)
    if g < 2:
        return None
    end = p + g
    if end < len(text) and is_cjk(text[end]) and text[end] not in CN_NAME_STOP and not _title_at(text, end):
        return None
    return end


def _cn_surname_name_end(
    text: str, p: int, s_len: int, tokens: dict[int, tuple[int, str]], *, tier: str
) -> int | None:
    """A known surname at p: where its given name ends, unless the surname starts an ordinary word."""
    word = tokens.get(p)
    if s_len == 1 and text[p] in CN_AMBIGUOUS_SURNAMES and tier == "weak":
        return None
    # An everyday surname starting a word jieba knows ("支付宝" after "我是"): a thing.
    if (
        s_len == 1
        and text[p] in CN_AMBIGUOUS_SURNAMES
        and tier != "ident"
        and word
        and word[0] - p > 1
        and _dictionary_freq(text[p : word[0]]) > 0
    ):
        return None
    # After a weak cue ("和", "给"), a common dictionary word is a thing, not a person ("和华为").
    if tier == "weak" and word and _dictionary_freq(text[p : word[0]]) > _TAGGED_MAX_FREQ:
        return None
    # A surname character that jieba reads as the start of an ordinary word ("高度重视") is no name.
    if (
        word
        and word[0] - p > s_len
        and not _is_name_tag(word[1])
        and tier != "ident"
        and max(_dictionary_freq(text[p:k]) for k in range(p + 2, word[0] + 1)) > _WORD_MIN_FREQ
    ):
        return None
    g = _given_len(text, p + s_len)
    second = p + s_len + 1
    # Two given characters unless the second starts a word of its own ("陈静拒绝": 拒绝).
    if (
        g == 2
        and second in tokens
        and tokens[second][0] - second >= 2
        and not _is_name_tag(tokens[second][1])
        and _dictionary_freq(text[second : tokens[second][0]]) > _WORD_MIN_FREQ
    ):
        g = 1
    end = p + s_len + g
    if g == 0 and not _title_at(text, end):
        return None
    return end


def _find_cn(scan: Scan) -> None:
    tokens = _jieba_tokens(scan.text)
    taken: set[int] = set()
    _find_cn_after_cues(scan, tokens, taken)
    _find_cn_before_titles(scan, taken)
    _find_cn_tagged(scan, tokens, taken)
    find_cn_names_scored(
        scan,
        tokens,
        freq=_dictionary_freq,
        platform_suffix=_PLATFORM_SUFFIX.match,
        title_at=_title_at,
        taken=taken,
    )


def _find_cn_after_cues(scan: Scan, tokens: dict[int, tuple[int, str]], taken: set[int]) -> None:
    """A name right after a cue word ("我叫", "客服", "和")."""
    text = scan.text
    for m in _CN_CUE_RE.finditer(text):
        cue = m.group(1)
        p = m.end()
        if any(text.startswith(w, m.end(1)) for w in _CN_NOT_AFTER_CUE):
            continue
        if m.start() > 0 and text[m.start() - 1] == "被":
            # "被投诉人：" names the other side of a complaint, usually a company.
            continue
        tier = "ident" if cue in CN_IDENT_CUES else "role" if cue in CN_ROLE_CUES else "weak"
        end = _cn_name_at(text, p, tokens, tier=tier)
        if end:
            scan.add(FindingType.PERSON, p, end, 0.75 if tier == "weak" else 0.9, "cn_name_cue", claim=False)
            taken.add(p)


def _find_cn_before_titles(scan: Scan, taken: set[int]) -> None:
    """A surname, with or without a given name, right before a title ("张伟先生", "王女士")."""
    text = scan.text
    for m in _CN_TITLE_RE.finditer(text):
        t = m.start()
        best: tuple[int, int] | None = None  # (rank, -length)
        for length in (3, 2, 1, 4):
            p = t - length
            if p < 0 or p in taken:
                continue
            s_len = _surname_len(text, p)
            if s_len == 0 or s_len > length:
                continue
            given = text[p + s_len : t]
            if any(not is_cjk(c) or c in CN_NAME_STOP for c in given):
                continue
            if length == s_len and text[p] in CN_AMBIGUOUS_SURNAMES:
                continue
            rank = 0 if s_len == 2 else CN_SURNAME_RANK[text[p]]
            if best is None or (rank, -length) < best:
                best = (rank, -length)
        if best is not None:
            p = t + best[1]
            scan.add(FindingType.PERSON, p, t, 0.8, "cn_name_title", claim=False)
            taken.add(p)


def _find_cn_tagged(scan: Scan, tokens: dict[int, tuple[int, str]], taken: set[int]) -> None:
    """A word jieba tags as a person's name, when it starts with a surname and is no everyday word."""
    text = scan.text
    for start, (end, flag) in tokens.items():
        if not _is_name_tag(flag) or start in taken or end - start < 2 or end - start > 4:
            continue
        if not all(is_cjk(c) for c in text[start:end]) or _PLATFORM_SUFFIX.match(text, end):
            continue
        if text[end - 1] in CN_PLACE_SUFFIX or text[end : end + 1] in CN_PLACE_SUFFIX:
            continue
        s_len = _surname_len(text, start)
        if s_len == 0 or (s_len == 1 and text[start] in CN_AMBIGUOUS_SURNAMES):
            continue
        # jieba's dictionary tags many everyday words and brands as names (谢谢, 荣耀, 华为); a name
        # it found by itself, or a rare dictionary one, is more likely a person.
        if max(_dictionary_freq(text[start:k]) for k in range(start + 2, end + 1)) > _TAGGED_MAX_FREQ:
            continue
        if any(c in CN_NAME_STOP for c in text[start + s_len : end]):
            continue
        scan.add(FindingType.PERSON, start, end, 0.7, "cn_name_tagged", claim=False)
        taken.add(start)


# "Sarah", "O'Connor", "McDonald", "Smith-Jones", or all capitals as on cards ("ZHANG WEI").
_EN_WORD = r"(?:(?:[A-Z]['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'’][A-Z]?[a-z]+)*|[A-Z]{2,}(?:[-'’][A-Z]+)*)"
_EN_NAME = rf"{_EN_WORD}(?:[ \t](?:[A-Z]\.[ \t])?{_EN_WORD}){{0,2}}"
_EN_STRONG_CUE = re.compile(
    r"(?:\b(?:[Mm]y|[Hh]is|[Hh]er|[Tt]heir) (?:full |legal |real )?name (?:is|was)|\b[Mm]y name's"
    r"|\b[Cc]alls? (?:himself|herself)|\b[Cc]alled (?:himself|herself)|\b[Nn]ame\s?:"
    r"|\b[Aa]ccount [Hh]older(?:'s name)?\s?:?"
    r"|\b[Cc]ard ?[Hh]older\s?:?|\b[Cc]ontact(?: [Pp]erson)?\s?:|\b[Rr]ecipient\s?:?|\b[Ss]igned(?: by)?\s?:?"
    r"|\b[Ss]incerely,?|\b[Rr]egards,?|\b[Dd]ear|\b[Aa]gent|\b[Rr]ep(?:resentative)?|\b[Ss]upervisor|\b[Mm]anager"
    r"|\b[Oo]fficer|\b[Cc]ourier|\b[Dd]river|\b[Ss]ales(?:person|man|woman)|\b[Cc]alled|\b[Nn]amed"
    r"|\b(?:[Ss]poke|[Tt]alked|[Cc]hatted) (?:to|with)|\b(?:[Hh]usband|[Ww]ife|[Ss]on|[Dd]aughter|[Ff]riend"
    r"|[Cc]olleague|[Bb]rother|[Ss]ister|[Mm]other|[Ff]ather|[Ll]andlord|[Tt]enant|[Ss]eller|[Bb]uyer"
    r"|[Pp]ayee|[Pp]ayer|[Ss]ender|[Bb]eneficiary)\b,?(?: [Ii]s)?:?"
    r"|\b[Cc]ustomer(?: [Nn]ame)?\s?:|\b(?:[Aa]ccount|[Bb]eneficiary|[Pp]ayee|[Cc]omplainant|[Cc]ardholder)(?:'s)?"
    r" [Nn]ame\s?:?|\b[Nn]ame on (?:the )?card\s?:?|\b[Oo]n behalf of|\b[Aa]ttn\.?:?|\b[Aa]ttention:)"
    r"[ \t]*(?:\r?\n[ \t]*)?"
)
_EN_WEAK_CUE = re.compile(
    r"(?:\bI am|\bI'm|\b[Tt]his is|\b[Ff]rom|\b[Bb]y|\b[Ww]ith|\b[Hh]i|\b[Hh]ello"
    r"|\b[Tt]hanks|\b[Aa]nd|\b[Tt]o|\b[Cc]all|\b[Aa]sk for|\b[Cc]ontact),?[ \t]+"
)
_EN_TITLE_RE = re.compile(r"\b(?:" + "|".join(EN_TITLES) + rf")\.?[ \t]+({_EN_NAME})")
_EN_NAME_RE = re.compile(rf"\b{_EN_NAME}")
_PINYIN = re.compile(
    r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou"
    r"|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u|v)){1,2}$"
)


def _trim_en(name: str) -> str:
    """Keep the leading tokens that may be parts of a name."""
    kept: list[str] = []
    for tok in name.split():
        if tok.lower().strip(".") in EN_NOT_NAMES:
            break
        kept.append(tok)
    return " ".join(kept)


def _plausible_en(tokens: list[str]) -> bool:
    low = [t.lower() for t in tokens]
    if low[0] in EN_FIRST_NAMES:
        return True
    if len(low) >= 2 and low[-1] in EN_SURNAMES:
        return True
    return (
        len(low) >= 2
        and (low[0] in PINYIN_SURNAMES or low[-1] in PINYIN_SURNAMES)
        and all(_PINYIN.match(t) for t in low)
    )


def _find_en(scan: Scan) -> None:
    text = scan.text
    for m in _EN_STRONG_CUE.finditer(text):
        nm = _EN_NAME_RE.match(text, m.end())
        if nm:
            name = _trim_en(nm.group())
            if name:
                scan.add(
                    FindingType.PERSON, nm.start(), nm.start() + len(name), 0.85, "en_name_cue", claim=False
                )
    for m in _EN_WEAK_CUE.finditer(text):
        nm = _EN_NAME_RE.match(text, m.end())
        if nm:
            name = _trim_en(nm.group())
            if name and (_plausible_en(name.split()) or _greeted(m.group(), name, text, nm.start())):
                scan.add(
                    FindingType.PERSON, nm.start(), nm.start() + len(name), 0.75, "en_name_cue", claim=False
                )
    for m in _EN_TITLE_RE.finditer(text):
        name = _trim_en(m.group(1))
        if name:
            scan.add(
                FindingType.PERSON, m.start(1), m.start(1) + len(name), 0.85, "en_name_title", claim=False
            )
    # Anywhere: two or more capitalized words that look like given name + surname.
    for m in _EN_RUN_RE.finditer(text):
        words = [(w.start(), w.end(), w.group()) for w in _EN_WORD_RE.finditer(m.group())]
        part: list[tuple[int, int, str]] = []
        for w in [*words, None]:
            if w is not None and w[2].lower().strip(".") not in EN_NOT_NAMES:
                part.append(w)
                continue
            # A single known given name alone is too weak ("Grace period"); two plausible words are not.
            if len(part) >= 2 and (
                _plausible_en([p[2] for p in part]) or _name_shaped(part, text, m.start())
            ):
                scan.add(
                    FindingType.PERSON,
                    m.start() + part[0][0],
                    m.start() + part[-1][1],
                    0.7,
                    "en_name_list",
                    claim=False,
                )
            part = []

    # A known given name alone, inside a sentence ("yesterday Jennifer from support called"):
    # at the start of a sentence a capital letter says nothing.
    for m in _EN_SINGLE_RE.finditer(text):
        word = m.group()
        if word.lower() not in EN_FIRST_NAMES or word.lower() in EN_AMBIGUOUS_FIRST_NAMES:
            continue
        before = text[: m.start()].rstrip(" \t")
        if not before or before[-1] in ".!?\n:;\"'“”(" or (not before[-1].isalpha() and before[-1] != ","):
            continue
        scan.add(FindingType.PERSON, m.start(), m.end(), 0.6, "en_given_name", claim=False)


_GREETING = re.compile(r"(?:[Hh]i|[Hh]ello|[Hh]ey|[Tt]hanks|[Tt]hank you),?[ \t]+")


def _greeted(cue: str, name: str, text: str, start: int) -> bool:
    """One title-case word greeted and closed by punctuation ("Hi Harriet," "Thanks Declan!") is a name."""
    end = start + len(name)
    return (
        bool(_GREETING.fullmatch(cue))
        and " " not in name
        and bool(_EN_TITLE_CASE.fullmatch(name))
        and (end == len(text) or text[end] in ",.!?:;\n")
    )


_EN_SINGLE_RE = re.compile(r"\b[A-Z][a-z]{2,}\b")
_EN_TITLE_CASE = re.compile(r"(?:O['’]|Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?")


def _name_shaped(part: list[tuple[int, int, str]], text: str, offset: int) -> bool:
    """Two or three title-case words, none an everyday or organisation word: a given and family name.

    A run that carries on into more capitalized words ("Nimbus Mall Online Store") was cut at a
    word that is not a name, and such a run is a product or an organisation, not a person.
    """
    if len(part) > 3 or not all(_EN_TITLE_CASE.fullmatch(w[2]) for w in part):
        return False
    after = text[offset + part[-1][1] : offset + part[-1][1] + 2]
    return not re.match(r"[ \t][A-Z][a-z]", after)


_EN_RUN_RE = re.compile(rf"{_EN_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{_EN_WORD})+")
_EN_WORD_RE = re.compile(_EN_WORD)


_CJK_ANY = re.compile(r"[\u4e00-\u9fff]")
_LATIN_UPPER = re.compile(r"[A-Z]")


def find_names(scan: Scan) -> None:
    """Find person names; overlapping guesses are merged later."""
    if _CJK_ANY.search(scan.text):
        _find_cn(scan)
    if _LATIN_UPPER.search(scan.text):
        _find_en(scan)
