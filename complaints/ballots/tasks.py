"""Celery tasks of the ballots app: close a vote; the sweep closes votes past their deadline and reminds."""

from __future__ import annotations

from celery import shared_task

from complaints.ballots import services
from complaints.core.sweeps import register_sweep


@shared_task(name="complaints.ballots.tasks.offer_close_task")
def offer_close_task(offer_id: int) -> bool:
    """Close a vote whose every eligible member has voted (or whose deadline passed); safe to run twice."""
    return services.offer_close(offer_id=offer_id, everyone_voted=True) is not None


def offers_sweep() -> int:
    """Every minute: close and publish votes past their deadline, remind non-voters on the last day."""
    return services.offers_close_due() + services.offers_remind_due()


def register() -> None:
    register_sweep(offers_sweep)
