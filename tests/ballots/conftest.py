from __future__ import annotations

from decimal import Decimal

import pytest

from complaints.ballots import services
from tests.campaigns.conftest import campaign, client, member, organizer, platform  # noqa: F401
from tests.factories import join


def record_offer(campaign, organizer, **overrides):  # noqa: F811
    fields = {
        "terms": "平台同意按每人充值金额的80%退款，30日内到账。",
        "formula": "percent",
        "formula_value": Decimal("80"),
        "working_days": 5,
        "quorum_percent": 50,
        "threshold_percent": 60,
        "source_label": "平台3月3日的回复",
    }
    fields.update(overrides)
    return services.offer_record(actor=organizer, campaign=campaign, **fields)


@pytest.fixture
def voters(campaign, organizer):  # noqa: F811
    """Four more members (amounts 100..400) beside the organizer: five may vote."""
    return [join(campaign, amount=str(100 * (i + 1))) for i in range(4)]


@pytest.fixture
def offer(campaign, organizer, voters):  # noqa: F811
    """An offer open for voting; the organizer and the four voters may vote."""
    draft = record_offer(campaign, organizer)
    return services.offer_open(actor=organizer, offer=draft)
