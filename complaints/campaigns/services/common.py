"""What the campaigns services share: the error they raise, a member's case facts and how they fill a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from complaints.campaigns.matching import text_language
from complaints.campaigns.models import (
    MAIN_CURRENCY,
    Case,
    Membership,
)

CENT = Decimal("0.01")


class CampaignError(Exception):
    """A request the rules do not allow; the message is shown to the person."""


@dataclass(frozen=True)
class CaseFacts:
    amount: Decimal | None = None
    currency: str = MAIN_CURRENCY
    incident_date: date | None = None
    references: str = ""
    account: str = ""


# Two identical organizer posts this close together are one double submit, not two messages.
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=60)


def _case_from(facts: CaseFacts, membership: Membership) -> Case:
    return Case(
        membership=membership,
        amount=facts.amount,
        currency=facts.currency or MAIN_CURRENCY,
        incident_date=facts.incident_date,
        references=facts.references,
        account=facts.account,
    )


def _case_or_new(membership: Membership) -> Case:
    try:
        return membership.case
    except Case.DoesNotExist:
        return Case(membership=membership)


def _fill_case(case: Case, facts: CaseFacts, *, overwrite: bool) -> None:
    for name in ("amount", "currency", "incident_date", "references", "account"):
        value = getattr(facts, name)
        if value in (None, "") or (name == "currency" and case.amount is not None and facts.amount is None):
            continue
        if overwrite or getattr(case, name) in (None, ""):
            setattr(case, name, value)


def _page_texts(
    *,
    title: str,
    summary: str,
    demands: str,
    title_translation: str | None,
    summary_translation: str | None,
    demands_translation: str | None,
) -> dict:
    """The page's columns for these texts. Its language follows what the original is written in; the
    translation changes only when given, and one without a title is none."""
    changes = {"title": title.strip(), "summary": summary.strip(), "demands": demands.strip()}
    changes["language"] = text_language(f"{changes['title']} {changes['summary']}")
    if title_translation is not None:
        translated_title = title_translation.strip()
        changes["title_translation"] = translated_title
        changes["summary_translation"] = (summary_translation or "").strip() if translated_title else ""
        changes["demands_translation"] = (demands_translation or "").strip() if translated_title else ""
    return changes


@dataclass(frozen=True)
class PlatformProposal:
    """A platform as a person named it at intake: the name they know, the app or website, the company."""

    name: str
    where: str = ""
    company: str = ""
