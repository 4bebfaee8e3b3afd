"""A filing version is built by one worker at a time: the build is claimed, a live builder keeps its claim
fresh, and only a silent one (its worker died) is taken over, in about a minute."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from complaints.filings import services
from complaints.filings.models import FilingVersion
from complaints.filings.tasks import sweep_filing_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def generating(campaign, organizer, regulator):
    from tests.filings.conftest import add_evidence

    add_evidence(organizer)
    filing = services.filing_create(
        actor=organizer.user, campaign=campaign, regulator=regulator, language="en"
    )
    return filing.versions.get(status=FilingVersion.Status.GENERATING)


def _started(version, *, silent_for: int) -> None:
    FilingVersion.objects.filter(pk=version.pk).update(
        build_started_at=timezone.now() - timedelta(seconds=silent_for),
        updated_at=timezone.now() - timedelta(seconds=silent_for),
    )


def test_a_version_another_worker_is_building_is_not_built_again(generating):
    _started(generating, silent_for=5)
    assert services.filing_version_build(version_id=generating.pk) is None
    generating.refresh_from_db()
    assert generating.status == FilingVersion.Status.GENERATING and not generating.pdf


def test_a_version_whose_builder_went_silent_is_taken_over_and_built(generating):
    _started(generating, silent_for=75)
    built = services.filing_version_build(version_id=generating.pk)
    assert built is not None and built.status == FilingVersion.Status.READY and built.pdf_sha256
    assert services.filing_version_build(version_id=generating.pk) is None, "built once"


def test_the_sweep_hands_out_a_lost_or_silent_build_but_not_a_live_one(
    generating, campaign, organizer, regulator
):
    with mock.patch("complaints.filings.tasks.filing_version_build_task.delay", autospec=True) as delay:
        assert sweep_filing_versions() == 0, "just queued: its message is on its way"
        FilingVersion.objects.filter(pk=generating.pk).update(
            updated_at=timezone.now() - timedelta(seconds=90)
        )
        assert sweep_filing_versions() == 1, "never started after a minute: the message was lost"
        _started(generating, silent_for=5)
        assert sweep_filing_versions() == 0, "a builder that beats is left alone"
        _started(generating, silent_for=75)
        assert sweep_filing_versions() == 1, "a silent builder's worker died"
    assert delay.call_count == 2
