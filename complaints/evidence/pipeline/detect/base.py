"""Shared types for the detectors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..textnorm import NormText


class FindingType(StrEnum):
    PHONE = "PHONE"
    ID_NUMBER = "ID_NUMBER"
    BANK_CARD = "BANK_CARD"
    EMAIL = "EMAIL"
    IP = "IP"
    QQ = "QQ"
    WECHAT = "WECHAT"
    PERSON = "PERSON"
    ADDRESS = "ADDRESS"
    OWN_IDENTIFIER = "OWN_IDENTIFIER"


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: [start, end) of the original text."""

    type: FindingType
    start: int
    end: int
    value: str
    confidence: float
    source: str


@dataclass(slots=True)
class Hit:
    """A detector's candidate in canonical-text coordinates."""

    type: FindingType
    start: int
    end: int
    confidence: float
    source: str


@dataclass(slots=True)
class Scan:
    """The canonical text being scanned, with spans that detectors must leave alone or already own."""

    norm: NormText
    lang: str
    protected: list[tuple[int, int]] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    _claimed: bytearray = field(default_factory=bytearray)
    _kept: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self._claimed = bytearray(len(self.norm.text))
        self._kept = bytearray(len(self.norm.text))

    @property
    def text(self) -> str:
        return self.norm.text

    def protect(self, start: int, end: int) -> None:
        """Mark an amount or date: it is the evidence and must survive."""
        self.protected.append((start, end))
        self._kept[start:end] = b"\x01" * (end - start)

    def is_protected(self, start: int, end: int) -> bool:
        return any(self._kept[start:end])

    def is_claimed(self, start: int, end: int) -> bool:
        return any(self._claimed[start:end])

    def add(
        self, type_: FindingType, start: int, end: int, confidence: float, source: str, *, claim: bool = True
    ) -> None:
        if end <= start:
            return
        self.hits.append(Hit(type_, start, end, confidence, source))
        if claim:
            self._claimed[start:end] = b"\x01" * (end - start)
