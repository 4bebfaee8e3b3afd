"""The demo data says nothing untrue: it loads no filing, so no campaign update claims one was sent or accepted."""

from __future__ import annotations

import inspect

from complaints.campaigns.demo import UPDATES
from complaints.filings import demo as filings_demo

CLAIMS = ("已通过", "已提交", "已受理", "已向", "sent the", "submitted")


def test_demo_updates_claim_no_submission_that_does_not_exist():
    assert "Submission" not in inspect.getsource(filings_demo) and "Filing(" not in inspect.getsource(
        filings_demo
    ), "the demo loads regulators only; if it ever loads a delivered filing, this test must change with it"
    texts = [f"{title} {body}" for posts in UPDATES.values() for title, body in posts]
    assert texts
    for text in texts:
        assert not any(claim in text for claim in CLAIMS), text
