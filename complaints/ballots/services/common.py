"""What the ballots services share: their error, the vote's arithmetic, receipt codes and the deadline."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from celery import signature
from django.utils import timezone

from complaints.filings.workdays import add_working_days

CLOSE_TASK = "complaints.ballots.tasks.offer_close_task"
# Receipt codes: 16 characters from an alphabet without look-alikes (0/O, 1/I/L), shown in groups of four.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 16


class BallotError(Exception):
    """An offer or vote the rules refuse; the message is for the person who tried."""


def enqueue(task_name: str, offer_id: int) -> None:
    """Queue a ballots task by name: tasks.py calls these services, so they do not import it back."""
    signature(task_name, args=(offer_id,)).delay()


def receipt_code_new() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_code_normalize(code: str) -> str:
    """What a person typed, as issued: case, spaces and dashes do not matter."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())[: RECEIPT_LENGTH * 2]
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def receipt_hash_input(offer_id: int, code: str) -> str:
    """The text whose SHA-256 is a receipt's public form (the receipts page shows it, so anyone can redo it)."""
    return f"tongsu-ballot:{offer_id}:{receipt_code_normalize(code)}"


def receipt_hash(offer_id: int, code: str) -> str:
    """The public form of a receipt code: SHA-256 of the offer and the code (the code alone is never stored).

    16 characters of a 31-letter alphabet are about 79 bits: the hash cannot be turned back into a code.
    """
    return hashlib.sha256(receipt_hash_input(offer_id, code).encode()).hexdigest()


def voting_closes_at(opened: datetime, working_days: int) -> datetime:
    """Voting ends at midnight (local time) after the last of `working_days` working days."""
    last_day = add_working_days(timezone.localtime(opened).date(), working_days)
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


def quorum_needed(electorate: int, quorum_percent: int) -> int:
    """How many ballots (abstentions included) make the quorum: the percentage, rounded up."""
    return math.ceil(Decimal(electorate) * quorum_percent / 100)


@dataclass(frozen=True)
class Tally:
    electorate: int
    accept: int
    reject: int
    abstain: int
    quorum_percent: int
    threshold_percent: int

    @property
    def turnout(self) -> int:
        return self.accept + self.reject + self.abstain

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(self.electorate, self.quorum_percent)

    @property
    def quorum_met(self) -> bool:
        return self.electorate > 0 and self.turnout >= self.quorum_needed

    @property
    def threshold_met(self) -> bool:
        """Accepts are at least the threshold's share of the accept and reject ballots (abstentions count only
        towards the quorum); with no accept or reject ballot at all nothing was accepted."""
        decided = self.accept + self.reject
        return decided > 0 and self.accept * 100 >= self.threshold_percent * decided

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.threshold_met
