"""Generation streams members: a 2,000-member campaign stays within a small, fixed memory bound."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from complaints.campaigns.models import Membership
from complaints.filings import services
from complaints.filings.models import FilingVersion
from tests.factories import bulk_members
from tests.filings.conftest import make_filing

pytestmark = pytest.mark.django_db

# Python-heap peak measured with tracemalloc around the generation of a 2,000-member filing
# (the PDF itself lives in MuPDF's C heap, which tracemalloc does not see; it holds aggregates only).
MEMORY_BOUND_BYTES = 8 * 1024 * 1024


def test_generation_for_2000_members_stays_under_the_memory_bound(campaign, organizer, regulator, capsys):
    bulk_members(campaign, 2000, amount="310.50")
    Membership.objects.filter(campaign=campaign).update(include_in_filings=True)
    filing = make_filing(campaign, organizer, regulator)
    version = services.filing_generate(actor=organizer.user, filing=filing, narrative="事实", demands="退款")
    tracemalloc.start()
    started = time.monotonic()
    services.filing_version_build(version_id=version.pk)
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    version.refresh_from_db()
    assert version.status == FilingVersion.Status.READY
    assert version.content["figures"]["members"] == 2001
    with capsys.disabled():
        print(f"\n2,000-member filing: {elapsed:.2f} s, Python heap peak {peak / 1024 / 1024:.1f} MiB")
    assert peak < MEMORY_BOUND_BYTES
    with version.annex_csv.open("rb") as fh:
        assert sum(1 for _ in fh) == 2002
