"""Scoring the anonymizer on generated records, the way the shared scorer compares values."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from complaints.evidence.pipeline import anonymize_text

from .generator import Record


def _norm(s: str) -> str:
    return re.sub(r"[\s\-()+]", "", s).lower()


@dataclass
class Score:
    pii_total: int = 0
    pii_gone: int = 0
    keep_total: int = 0
    keep_kept: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)  # (record id, value)
    lost: list[tuple[str, str]] = field(default_factory=list)
    lost_types: Counter[str] = field(default_factory=Counter)

    @property
    def removed(self) -> float:
        return self.pii_gone / self.pii_total

    @property
    def kept(self) -> float:
        return self.keep_kept / self.keep_total


def score(records: list[Record]) -> Score:
    out = Score()
    for rec in records:
        red = _norm(anonymize_text(rec.text, lang=rec.lang)[0])
        for v in rec.pii:
            out.pii_total += 1
            if _norm(v["value"]) in red:
                out.missed.append((rec.id, v["value"]))
            else:
                out.pii_gone += 1
        for v in rec.keep:
            out.keep_total += 1
            if _norm(v["value"]) in red:
                out.keep_kept += 1
            else:
                out.lost.append((rec.id, v["value"]))
                out.lost_types[v["type"]] += 1
    return out
