"""Issue #23, mandates: a member reads the campaign's mandate (授权委托书), signs it after giving the password
again, downloads the signed PDF (its SHA-256 is the one the consent page shows) and revokes it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from complaints.mandates.forms import resident_check_digit
from tests.e2e.conftest import LANGUAGES, PASSWORD, VIEWPORTS

pytestmark = pytest.mark.e2e


def _id_number(member: str) -> str:
    """A valid resident ID number of this journey's own (one number signs a campaign's mandate once)."""
    base = f"44030619850101{int(hashlib.sha256(member.encode()).hexdigest(), 16) % 1000:03d}"
    return base + resident_check_digit(base)


def _campaign_with_mandate_and_member(stack, email: str) -> str:
    """An open campaign of the demo data with a published mandate text, which `email` has joined."""
    out = stack.shell(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from complaints.accounts.models import User\n"
        "from complaints.campaigns.models import Membership\n"
        "from complaints.campaigns.services import CaseFacts, campaign_join\n"
        "from complaints.mandates import selectors, services\n"
        "m = Membership.objects.filter(role='organizer', status='active', campaign__status='open')"
        ".order_by('campaign_id').first()\n"
        "today = timezone.localdate()\n"
        "if selectors.current_text(m.campaign) is None:\n"
        "    services.mandate_text_publish(actor=m.user, campaign=m.campaign, terms=services.MandateTerms(\n"
        "        matters_zh='就充值未到账一事向平台及监管机构投诉。', matters_en='Complain about top-ups never credited.',\n"
        "        may_settle=False, may_drop=False, term_ends_on=today + timedelta(days=365),\n"
        "        representatives=[m.pseudonym_number], revocable_until=today + timedelta(days=30)))\n"
        f"campaign_join(actor=User.objects.get(email='{email}'), campaign=m.campaign, facts=CaseFacts())\n"
        "print(m.campaign.slug)"
    )
    return out.splitlines()[-1].strip()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_member_signs_downloads_and_revokes_a_mandate(journey, stack, language, viewport):
    j = journey("mandate", language, viewport)
    page = j.page
    member = f"mandate-{language}-{viewport}@example.org"
    legal_name = j.t("李小梅", "Li Xiaomei")
    id_number = _id_number(member)
    j.sign_up(member)
    j.speak_my_language()
    slug = _campaign_with_mandate_and_member(stack, member)

    j.go(f"/campaigns/{slug}/")
    box = page.locator("#mandates")
    assert box.count() == 1
    j.shot("campaign-mandate-box")
    box.locator("a").first.click()
    page.wait_for_load_state()
    assert j.t("委托事项", "Matters") in page.locator("main").inner_text()
    j.fits_the_screen()
    j.shot("mandate-text")

    page.locator("#sign-mandate").click()
    page.wait_for_load_state()
    if "/reauthenticate/" in page.url:  # signing asks for the password again
        j.shot("reauthenticate")
        page.locator("input[name=password]").fill(PASSWORD)
        j.submit()
    page.wait_for_url(f"**/campaigns/{slug}/mandate/sign/")
    page.locator("input[name=legal_name]").fill(legal_name)
    page.locator("input[name=id_number]").fill(
        id_number[:-1] + ("7" if id_number[-1] != "7" else "8")
    )  # a typo
    page.locator("input[name=true_and_complete]").check()
    page.locator("input[name=signature]").fill(legal_name)
    j.submit()
    assert page.locator(".has-error input[name=id_number]").count() == 1
    j.fits_the_screen()
    j.shot("id-number-refused")
    page.locator("input[name=id_number]").fill(id_number)
    page.locator("input[name=true_and_complete]").check()
    j.submit()
    page.wait_for_url("**/accounts/consent/")
    mandate = page.locator("li.mandate").first
    assert legal_name in mandate.inner_text() and id_number not in mandate.inner_text()
    j.fits_the_screen()
    j.shot("signed-on-consent-page")

    with page.expect_download() as download:
        mandate.locator("a.mandate-pdf").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == mandate.locator("code.hash").inner_text().strip()

    mandate.locator("a.mandate-revoke").click()
    page.wait_for_load_state()
    confirm = page.locator("#revoke-mandate")
    assert j.t("不再代表你", "no longer act for you") in confirm.inner_text()
    j.fits_the_screen()
    j.shot("revoke-confirm")
    confirm.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert j.t("你的委托已撤销", "Your mandate is revoked") in page.locator("main").inner_text()
    assert page.locator("li.mandate a.mandate-revoke").count() == 0
    j.fits_the_screen()
    j.shot("revoked")
    assert j.console_errors == [], j.console_errors
