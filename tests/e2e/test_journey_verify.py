"""Issue #23 part 3: a platform that received a filing verifies members' purchases through its link (key
downloaded, its own records hashed, the hashes uploaded); a member sees "verified" on their case, and the
campaign page shows how many members' purchases were verified."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata

import pytest

from tests.e2e.conftest import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e
SEED = """
import json
from complaints.campaigns.models import Platform
from complaints.filings import services
from complaints.filings.responses import response_link_token
from tests.factories import CampaignFactory, ModeratorFactory, RegulatorFactory, UserFactory, join, organize
from tests.filings.conftest import approved_filing
from tests.proofs.conftest import type_references

tag = "{tag}"
campaign = CampaignFactory(title=f"某商城余额清零集体投诉 {{tag}}", platform=Platform.objects.order_by("pk").first(),
    slug=f"verify-{{tag}}")
organizer = organize(campaign, UserFactory(email=f"verify-organizer-{{tag}}@example.org"), amount="2835.43",
    include_in_filings=True)
numbers = []
for n in range(6):
    user = UserFactory(email=f"verify-member-{{n}}-{{tag}}@example.org")
    membership = join(campaign, user, amount="120.00", include_in_filings=True)
    number = f"TB-2024-0612-{{n}}{{len(tag)}}81"
    type_references(membership, "订单号：" + number)
    numbers.append([number, membership.pseudonym_number, user.email])
platform_desk = RegulatorFactory(slug=f"desk-{{tag}}", kind="platform", channel="postal", postal_address="杭州")
filing = approved_filing(campaign, organizer, platform_desk, ModeratorFactory(email=f"verify-mod-{{tag}}@example.org"))
submission = services.filing_submit(actor=organizer.user, filing=filing)
services.submission_send(submission_id=submission.pk)
submission.refresh_from_db()
services.submission_record_tracking(actor=organizer.user, submission=submission, tracking_number="EMS")
print(json.dumps({{"slug": campaign.slug, "respond": "/filings/respond/" + response_link_token(submission) + "/",
    "numbers": numbers}}))
"""
_DROP = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+")


def _platform_hash(key: str, number: str) -> str:
    """What the platform's own program does, following the downloaded instructions."""
    normalized = _DROP.sub("", unicodedata.normalize("NFKC", number)).upper()
    return hmac.new(bytes.fromhex(key), normalized.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_platform_verifies_purchases_and_the_campaign_shows_the_count(
    journey, stack, language, viewport, tmp_path
):
    tag = f"{language}-{viewport}"
    seed = json.loads(stack.shell(SEED.format(tag=tag)).splitlines()[-1])

    # The platform opens its answer link and goes on to the verification page.
    desk = journey("verify-platform", language, viewport)
    page = desk.page
    desk.go(seed["respond"])
    desk.fits_the_screen()
    desk.shot("answer-page")
    page.locator("main a[href*='/filings/verify/']").click()
    page.wait_for_url("**/filings/verify/**")
    desk.fits_the_screen()
    desk.shot("verify-page")

    with page.expect_download() as download_info:
        page.locator("#download-key").click()
    instructions = download_info.value.path().read_text(encoding="utf-8")
    assert desk.t("规范化", "Normalize") in instructions and "hmac.new" in instructions
    key = re.search(r"^([0-9a-f]{64})$", instructions, re.MULTILINE).group(1)

    # Its records: five of the members' orders (in its own spelling) and orders of other customers.
    records = [number.replace("-", "").lower() for number, _n, _e in seed["numbers"][:5]]
    records += ["TB-1999-0101-0001", "TB-1999-0101-0002"]
    hashes = tmp_path / "hashes.csv"
    hashes.write_text(
        "order,hash\n" + "".join(f"{i},{_platform_hash(key, r)}\n" for i, r in enumerate(records)),
        encoding="utf-8",
    )
    page.locator("input[name=hashes]").set_input_files(str(hashes))
    desk.submit("main form[enctype]")
    result = page.locator("#verify-result")
    result.wait_for()
    text = result.inner_text()
    for _number, pseudonym, _email in seed["numbers"][:5]:
        assert desk.t(f"成员 #{pseudonym}", f"Member #{pseudonym}") in text
    assert desk.t(f"成员 #{seed['numbers'][5][1]}", f"Member #{seed['numbers'][5][1]}") not in text
    assert "TB" not in page.locator("main").inner_text()  # no order number in clear anywhere on the page
    desk.fits_the_screen()
    desk.shot("verified")

    # A visitor sees the count on the campaign page.
    visitor = journey("verify-visitor", language, viewport)
    visitor.go(f"/campaigns/{seed['slug']}/")
    figure = visitor.page.locator("#verified-purchases")
    assert figure.inner_text().startswith("5"), figure.inner_text()
    assert visitor.t("名成员的购买已核实", "members' purchases verified") in figure.inner_text()
    visitor.fits_the_screen()
    visitor.shot("campaign-count")

    # A verified member sees it on their case, their number masked.
    number, _pseudonym, email = seed["numbers"][0]
    member = journey("verify-member", language, viewport)
    member.log_in(email, "correct-horse-battery-9")
    member.speak_my_language()
    member.go(f"/campaigns/{seed['slug']}/case/")
    proofs = member.page.locator(".proof-list")
    normalized = number.replace("-", "")
    assert normalized[:2] + "•" * (len(normalized) - 6) + normalized[-4:] in proofs.inner_text()
    assert member.t("已核实", "verified") in proofs.inner_text()
    # In clear only in the form where the member typed it.
    assert member.page.locator("textarea[name=references]").input_value().endswith(number)
    assert member.page.content().count(number) == 1
    member.fits_the_screen()
    member.shot("case-verified")
    for j in (desk, visitor, member):
        assert j.console_errors == [], (j.name, j.console_errors)
