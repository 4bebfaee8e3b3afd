"""Every event writes its broadcasts in one statement; a broadcast whose dedupe key is already there is not
written again, and the event gets the row that was already there."""

from __future__ import annotations

import pytest

from complaints.notifications.models import Broadcast
from complaints.notifications.services import fanout as services


def _broadcast(key: str, audience: str = "users") -> Broadcast:
    return Broadcast(
        kind="member_joined",
        params={"detail": {"en": "Member #3 joined.", "zh-hans": "3号成员加入了。"}},
        audience=audience,
        audience_args={"ids": [1]},
        dedupe_key=key,
    )


@pytest.mark.django_db
def test_with_a_conflict_key_a_row_already_there_is_not_written_again_and_its_key_comes_back():
    first, second = _broadcast("k:1"), _broadcast("k:2")
    services._write([first, second])
    assert first.pk != second.pk and Broadcast.objects.count() == 2
    again, third = _broadcast("k:2", audience="campaign_organizers"), _broadcast("k:3")
    services._write([again, third])  # two rows, the first one's key taken
    assert again.pk == second.pk and third.pk not in (first.pk, second.pk)
    assert Broadcast.objects.count() == 3
    assert Broadcast.objects.get(pk=second.pk).audience == "users", "the row already there is left as it was"
    stored = Broadcast.objects.get(pk=first.pk)
    assert stored.params["detail"]["zh-hans"] == "3号成员加入了。" and stored.created_at and stored.updated_at
