from __future__ import annotations

import pytest

from complaints.accounts.models import User
from complaints.notifications.audiences import register_audience, unregister_audience


def crowd(args: dict, after_id: int, limit: int) -> list[int]:
    """Everyone with an address at one domain: stands in for "campaign_members" of the campaigns app."""
    return list(
        User.objects.filter(email__endswith=f"@{args['domain']}", pk__gt=after_id, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


@pytest.fixture
def crowd_audience():
    register_audience("test_crowd", crowd)
    yield "test_crowd"
    unregister_audience("test_crowd")
