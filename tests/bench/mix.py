"""The realistic mix of public pages (`task.py mix`): what many visitors open, so the anonymous page cache is
measured as it works for them and not for one fixed URL. Written to var/bench/mix.json:

- 1,000 distinct search terms drawn from the campaigns' own titles (a run of 2 to 6 characters of a Chinese
  title, or a word of an English one), seeded, so every run searches for the same terms;
- every page of the campaign list;
- up to 3,000 campaigns and 1,000 platforms, drawn at random.
"""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path

from django.conf import settings

from complaints.campaigns.models import Campaign, Platform
from complaints.campaigns.selectors import PAGE_SIZE, campaign_list

TERMS = 1000


def _terms(titles: list[str], rng: random.Random) -> list[str]:
    found: set[str] = set()
    for title in titles:
        if len(found) >= TERMS:
            break
        chinese = "".join(re.findall(r"[\u4e00-\u9fff]+", title))
        if len(chinese) >= 2:
            size = rng.randint(2, min(6, len(chinese)))
            start = rng.randint(0, len(chinese) - size)
            found.add(chinese[start : start + size])
        else:
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", title) if w.lower() != "complaint"]
            if words:
                found.add(rng.choice(words).lower())
    return sorted(found)


def main(argv: list[str]) -> None:
    rng = random.Random(26)
    titles = list(Campaign.objects.order_by("?").values_list("title", flat=True)[:20000])
    list_count = campaign_list(language="zh-hans").count()
    mix = {
        "terms": _terms(titles, rng),
        "list_pages": max(1, math.ceil(list_count / PAGE_SIZE)),
        "campaigns": list(Campaign.objects.order_by("?").values_list("slug", flat=True)[:3000]),
        "platforms": list(
            Platform.objects.filter(status=Platform.Status.ACTIVE)
            .order_by("?")
            .values_list("slug", flat=True)[:1000]
        ),
    }
    (Path(settings.VAR_DIR) / "bench" / "mix.json").write_text(json.dumps(mix, ensure_ascii=False))
    print(json.dumps({k: len(v) if isinstance(v, list) else v for k, v in mix.items()}))
