"""`manage.py demo_data` loads what each app registered in core/demo.py, in INSTALLED_APPS order."""

from importlib import import_module

from complaints.core.demo import demo_modules


def test_every_app_with_demo_data_registers_it_in_app_order():
    # Logins first (everything else is made by the demo people), then regulators, campaigns, evidence, and the
    # rankings' snapshots and open data of all that.
    assert demo_modules() == [
        "complaints.accounts.demo",
        "complaints.filings.demo",
        "complaints.campaigns.demo",
        "complaints.evidence.demo",
        "complaints.mandates.demo",
        "complaints.rankings.demo",
    ]
    for name in demo_modules():
        assert callable(import_module(name).load)
