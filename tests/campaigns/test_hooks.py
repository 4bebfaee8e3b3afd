"""Campaigns reaches evidence and filings only through its hooks; a hook nobody fills fails loudly."""

from __future__ import annotations

import pytest

from complaints.campaigns import hooks
from complaints.campaigns.models import MemberTask


def test_every_task_audience_decided_above_campaigns_is_registered_at_start_up():
    for audience in (MemberTask.Audience.EVIDENCE_NOT_IN_FILINGS, MemberTask.Audience.NOT_NAMED):
        assert hooks.task_members(audience) is not None


def test_a_task_audience_nobody_decides_is_an_error_not_every_member():
    with pytest.raises(RuntimeError, match="no installed app decides"):
        hooks.task_members("an-audience-nobody-registered")
