"""The demo's platforms name the regulators responsible for them, whichever app's demo loads first."""

from __future__ import annotations

import io

import pytest

from complaints.campaigns import demo as campaigns_demo
from complaints.campaigns.models import Platform
from complaints.filings import demo as filings_demo

pytestmark = pytest.mark.django_db


def _regulators(slug: str) -> set[str]:
    return set(Platform.objects.get(slug=slug).regulators.values_list("slug", flat=True))


def test_demo_platforms_list_their_regulators_and_loading_the_platforms_again_keeps_them():
    filings_demo.load(io.StringIO())
    campaigns_demo.demo_platforms()  # what the campaigns demo does when it runs after the filings demo
    assert _regulators("haoduo-mall") == {"samr-12315", "cca", "sh-consumer-council"}
    assert _regulators("qianbao-pay") == {"pboc", "cca"}
    assert _regulators("xinyuan-live") == {"samr-12315", "cca"}


def test_demo_platforms_loaded_first_get_their_regulators_from_the_filings_demo():
    campaigns_demo.demo_platforms()
    assert _regulators("qianbao-pay") == set()
    filings_demo.load(io.StringIO())
    assert _regulators("qianbao-pay") == {"pboc", "cca"}
