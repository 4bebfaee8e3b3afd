"""Campaign search behind one function, for Chinese (no spaces between words) as well as English.

The text matched is `Campaign.search_text`: title, summary, demands and the platform's names and aliases,
normalized by `search_normalize`. Each query term must occur as a substring:
- PostgreSQL: `LIKE '%term%'` served by a pg_trgm GIN index (migration 0003);
- SQLite (embedded default): an FTS5 table with the trigram tokenizer, kept in sync by `index_campaigns`;
- terms shorter than 3 characters (two Chinese characters are a whole word: 充值, 冻结) cannot use a
  trigram index, so they fall back to a plain substring scan on both.
`mode="any"` ranks campaigns by how many of the text's words and Chinese character pairs they share: used
to suggest similar campaigns for a free-text description at intake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from celery import shared_task
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from complaints.campaigns.models import Campaign, Platform
from complaints.core.text import search_normalize

FTS_TABLE = "campaigns_campaign_fts"
TRIGRAM = 3
MAX_TERMS = 8
MAX_SIMILAR_TERMS = 24
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]{3,}")
# Very common words say nothing about which campaign fits.
_STOP = {
    "the", "and", "for", "was", "with", "that", "this", "they", "have", "not", "but", "from", "you", "are",
    "我们", "他们", "一个", "没有", "但是", "就是", "因为", "所以", "然后", "已经", "可以", "什么", "自己", "这个",
}  # fmt: skip


def query_terms(query: str) -> list[str]:
    """Whitespace-separated terms of a normalized query, longest first, without repeats."""
    terms = list(dict.fromkeys(search_normalize(query).split()))
    return sorted(terms, key=len, reverse=True)[:MAX_TERMS]


def campaign_search(
    query: str, *, queryset: QuerySet[Campaign] | None = None, mode: Literal["all", "any"] = "all"
) -> QuerySet[Campaign]:
    """Campaigns matching every term of `query` (mode "all") or ranked by shared words (mode "any")."""
    queryset = Campaign.objects.all() if queryset is None else queryset
    if mode == "any":
        return _similar(query, queryset)
    terms = query_terms(query)
    if not terms:
        return queryset
    platforms = _platforms_matching(terms)
    for term in terms:
        queryset = queryset.filter(_term_filter(term, [pk for pk, names in platforms if term in names]))
    return queryset


def _platforms_matching(terms: list[str]) -> list[tuple[int, str]]:
    """Platforms whose names contain any of the terms, in one query on the small platform table."""
    matches = Q()
    for term in terms:
        matches |= Q(search_names__contains=term)
    return list(Platform.objects.filter(matches).values_list("pk", "search_names")[:500])


def _term_filter(term: str, platform_ids: list[int]) -> Q:
    # A platform's aliases are part of search_text too; matching platforms directly as well keeps an
    # alias search right even before a renamed platform's campaigns have been re-indexed.
    # The platform ids are fetched first (a small indexed table): an `OR platform_id IN (subquery)` would
    # keep PostgreSQL from using the trigram index on search_text and scan every campaign.
    text = Q(pk__in=_fts_ids(term)) if len(term) >= TRIGRAM and connection.vendor == "sqlite" else None
    text = text or Q(search_text__contains=term)
    return text | Q(platform__in=platform_ids) if platform_ids else text


def _fts_ids(term: str):
    phrase = '"' + term.replace('"', '""') + '"'
    # The term is a bound parameter, quoted as one FTS5 phrase: no query syntax gets through.
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase])  # noqa: S608, S611  # nosec B608 B611 - constant table name, value bound as a parameter


def similarity_terms(text: str) -> list[str]:
    """Latin words of 3+ letters and Chinese character pairs: what two descriptions of one harm share."""
    text = search_normalize(text)
    terms: list[str] = []
    for run in _CJK.findall(text):
        if len(run) == 1:
            continue
        terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    terms.extend(w for w in _WORD.findall(_CJK.sub(" ", text)) if not w.isdigit())
    unique = [t for t in dict.fromkeys(terms) if t not in _STOP]
    return unique[:MAX_SIMILAR_TERMS]


def _similar(text: str, queryset: QuerySet[Campaign]) -> QuerySet[Campaign]:
    terms = similarity_terms(text)
    if not terms:
        return queryset.none()
    score = Value(0, output_field=IntegerField())
    score = sum(
        (Case(When(search_text__contains=t, then=Value(1)), default=Value(0)) for t in terms),
        start=score,
    )
    matches = Q()
    for term in terms:
        matches |= Q(search_text__contains=term)
    # One shared pair is chance; ask for two, or one when the description is very short.
    needed = 2 if len(terms) > 2 else 1
    return (
        queryset.filter(matches)
        .annotate(search_score=score)
        .filter(search_score__gte=needed)
        .order_by("-search_score", "-members_count", "-id")
    )


def build_search_text(campaign: Campaign, platform: Platform | None = None) -> str:
    platform = platform or campaign.platform
    return search_normalize(
        " | ".join(
            [
                campaign.title,
                campaign.summary,
                campaign.demands,
                campaign.title_translation,
                campaign.summary_translation,
                campaign.demands_translation,
                platform.search_names,
            ]
        )
    )


TEXT_FIELDS = (
    "title",
    "summary",
    "demands",
    "title_translation",
    "summary_translation",
    "demands_translation",
)


def index_campaigns(campaign_ids: Iterable[int]) -> None:
    """Recompute search_text for these campaigns (and their FTS rows on SQLite)."""
    ids = list(campaign_ids)
    if not ids:
        return
    rows = (
        Campaign.objects.filter(pk__in=ids)
        .select_related("platform")
        .only(*TEXT_FIELDS, "platform__search_names", "search_text")
    )
    changed = []
    for campaign in rows:
        campaign.search_text = build_search_text(campaign)
        changed.append(campaign)
    Campaign.objects.bulk_update(changed, ["search_text"], batch_size=500)
    _fts_sync([c.pk for c in changed], {c.pk: c.search_text for c in changed})


def platform_reindex(platform_id: int) -> int:
    """Re-index the search text of every campaign of a platform (after its names or aliases changed)."""
    ids = list(Campaign.objects.filter(platform_id=platform_id).values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        index_campaigns(ids[start : start + 2000])
    return len(ids)


# Defined beside the index it refreshes, so the service that saves a platform can enqueue it without a cycle
# through tasks.py (which imports the services); tasks.py re-exports it.
@shared_task(name="complaints.campaigns.tasks.platform_reindex_task")
def platform_reindex_task(platform_id: int) -> int:
    """Re-index a platform's campaigns after its names or aliases changed; safe to run twice."""
    if not Platform.objects.filter(pk=platform_id).exists():
        return 0
    return platform_reindex(platform_id)


def _fts_sync(ids: list[int], texts: dict[int, str]) -> None:
    if connection.vendor != "sqlite" or not ids:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608  # nosec B608 - constant table name, values bound as parameters
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (%s, %s)",  # noqa: S608  # nosec B608 - constant table name, values bound as parameters
                [(pk, texts[pk]) for pk in chunk],
            )


def rebuild_index() -> int:
    """Re-index every campaign (after a bulk import, or to repair the FTS table)."""
    ids = list(Campaign.objects.values_list("pk", flat=True))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608  # nosec B608 - constant table name, values bound as parameters
    for start in range(0, len(ids), 2000):
        index_campaigns(ids[start : start + 2000])
    return len(ids)


def platform_search(query: str, queryset: QuerySet[Platform] | None = None) -> QuerySet[Platform]:
    """Platforms whose name, English name, legal entity or an alias contains every term (default: those in
    the public directory)."""
    queryset = Platform.objects.listed() if queryset is None else queryset
    for term in query_terms(query):
        queryset = queryset.filter(search_names__contains=term)
    return queryset


# What people add to a platform's name when they type it: "一点交友App", "好多商城官方", "haoduo.com".
_NAME_SUFFIXES = (
    "官方旗舰店", "有限公司", "客户端", "官方版", "官方", "平台", "软件", "应用", "公司", "app", "apk", ".com", ".cn",
    "inc", "ltd", "co",
)  # fmt: skip
_SUFFIX_ENDINGS = tuple(_NAME_SUFFIXES)
_KEY_DROP = re.compile(r"[\s\-_·.,，。'\"“”‘’()（）]+")
MAX_LOOKUP_SCAN = 5000


def name_key(name: str) -> str:
    """A name without spacing, punctuation and the words people add to it ("app", "官方", "平台")."""
    return _stored_key(search_normalize(name))


@lru_cache(maxsize=50_000)
def _stored_key(normalized: str) -> str:
    """name_key of a name already normalized (as in Platform.search_names); kept per process, as names
    seldom change and the intake's look-up compares every platform's names."""
    key = normalized.replace(" ", "")
    changed = key.endswith(_SUFFIX_ENDINGS)
    while changed:
        changed = False
        for suffix in _NAME_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key, changed = key[: -len(suffix)], True
    return _KEY_DROP.sub("", key.removeprefix("www."))


def _edit_distance(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _close(query_key: str, key: str) -> bool:
    """Same name with one slip of the finger (two in a long Latin name), or a name with a word added."""
    if not key or not query_key:
        return False
    if query_key == key:
        return True
    shorter = min(len(key), len(query_key))
    if shorter >= 4 and (key in query_key or query_key in key):
        return True
    if shorter < 3:
        return False
    limit = 2 if shorter >= 8 and query_key.isascii() else 1
    return _edit_distance(query_key, key, limit) <= limit


def platform_lookup(query: str, queryset: QuerySet[Platform] | None = None) -> list[Platform]:
    """Platforms a person means by `query`: by name or alias first; failing that, by a name written with
    "App" or "官方" added, or with a typo. Used by the intake, over the directory and the pending names."""
    queryset = Platform.objects.for_intake() if queryset is None else queryset
    found = list(platform_search(query, queryset)[:8])
    if found:
        return found
    query_key = name_key(query)
    if len(query_key) < 2:
        return []
    close = [
        pk
        for pk, names in queryset.values_list("pk", "search_names")[:MAX_LOOKUP_SCAN]
        if any(_close(query_key, _stored_key(name)) for name in names.split(" | "))
    ]
    return list(queryset.filter(pk__in=close[:8]))


def names_platform(query: str, platform: Platform) -> bool:
    """Whether `query` names this platform outright (every term in its names, or one of its names with "App"
    or "官方" added), not merely looks like it: only then may the intake pick it without asking."""
    names = platform.search_names
    if all(term in names for term in query_terms(query)):
        return True
    key = name_key(query)
    return any(key == name_key(name) for name in names.split(" | "))


MAX_PLATFORM_NAME = 30
_SENTENCE_MARKS = re.compile(r"[，。！？；!?]")
_MONEY = re.compile(
    r"[¥￥$€£]\s*\d|\d\s*(?:元|块|万|美元|人民币|rmb|cny|usd|yuan)|\d+\.\d{2}(?!\d)", re.IGNORECASE
)


def looks_like_platform_name(name: str) -> bool:
    """Whether `name` could be the name of an app, shop or website, not a sentence about what happened.

    Sentences ("我的购物账号被注销，余额2835.43元没了") are long, punctuated, or carry amounts of money."""
    name = " ".join(name.split())
    return not (len(name) > MAX_PLATFORM_NAME or _SENTENCE_MARKS.search(name) or _MONEY.search(name))


def same_platform_ids(platform: Platform) -> set[int]:
    """The platform and every entry that is the same company under another name: the one it was merged
    into, those merged into it, and directory or pending entries one of its names names outright.
    Campaigns may only be merged within this set: members never move to another company's campaign."""
    ids = {platform.pk}
    if platform.merged_into_id:
        ids.add(platform.merged_into_id)
    ids |= set(Platform.objects.filter(merged_into_id__in=ids).values_list("pk", flat=True))
    candidates = Platform.objects.filter(status__in=[Platform.Status.ACTIVE, Platform.Status.PENDING])
    for name in {n for n in [platform.name, platform.name_en, *platform.aliases] if n and n.strip()}:
        for other in platform_search(name, candidates.exclude(pk__in=ids))[:8]:
            if names_platform(name, other):
                ids.add(other.pk)
    return ids
