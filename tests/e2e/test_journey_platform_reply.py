"""Issue #22: a person working for a platform asks to represent it with their work email (the code comes by
SMTP), a moderator approves them, they reply in public with a settlement offer, and a member is told, reads it
and confirms it solved their case; the campaign page shows the time to the first reply."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, LANGUAGES, PASSWORD, VIEWPORTS

pytestmark = pytest.mark.e2e
MODERATOR = "moderator@demo.tongsu.test"
ORGANIZER = "organizer@demo.tongsu.test"
SEED = """
import json
from allauth.account.models import EmailAddress
from complaints.accounts.models import User
from complaints.campaigns.models import Membership
from complaints.campaigns.services import CaseFacts, campaign_join
from complaints.replies.models import PlatformDomain

organizer = Membership.objects.filter(user__email="{organizer}", role="organizer", campaign__status="open").order_by(
    "campaign_id").first()
campaign = organizer.campaign
domain = f"{{campaign.platform.slug}}.example.com"
PlatformDomain.objects.get_or_create(platform=campaign.platform, domain=domain)
member = User.objects.create_user(email="replier-{tag}@example.org", password="{password}")
EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
campaign_join(actor=member, campaign=campaign, facts=CaseFacts(amount=200), share_with_group=True)
print(json.dumps({{"slug": campaign.slug, "platform": campaign.platform.slug, "domain": domain,
    "member": member.email}}))
"""


def _ask_to_represent(staff, stack, seed: dict, work_email: str) -> None:
    page = staff.page
    staff.go(f"/platforms/{seed['platform']}/")
    page.locator(f"a[href='/platforms/{seed['platform']}/represent/']").click()
    page.wait_for_load_state()
    page.locator("input[name=work_email]").fill(work_email)
    staff.fits_the_screen()
    staff.shot("represent-form")
    staff.submit()
    assert "/represent/" in page.url
    body = stack.wait_for_mail(work_email)[-1].get_body(("plain",)).get_content()
    code = re.search(r"\b(\d{6})\b", body).group(1)
    page.locator("input[name=code]").fill(code)
    staff.shot("enter-code")
    staff.submit()
    assert staff.t("等待审核员", "Waiting for a moderator") in page.locator("main").inner_text()
    staff.shot("waiting-for-moderator")


def _moderator_approves(mod, work_email: str) -> None:
    page = mod.page
    mod.log_in(MODERATOR, DEMO_PASSWORD)
    mod.speak_my_language()
    mod.go("/moderation/")
    page.locator("a[href='/moderation/representatives/']").first.click()
    page.wait_for_load_state()
    mod.fits_the_screen()
    mod.shot("representatives-queue")
    page.locator("main a", has_text=work_email).first.click()
    page.wait_for_load_state()
    page.locator("input[name=decision][value=approve]").check()
    mod.fits_the_screen()
    mod.shot("representative-review")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.url.endswith("/moderation/representatives/")
    assert work_email not in page.locator("main").inner_text()
    mod.shot("representative-approved")


def _representative_replies(staff, seed: dict, offer: str) -> None:
    page = staff.page
    staff.go("/represent/")
    page.locator("main a[href^='/represent/']").first.click()
    page.wait_for_load_state()
    assert page.locator(f"a[href='/campaigns/{seed['slug']}/replies/new/']").count() >= 1
    staff.fits_the_screen()
    staff.shot("platform-campaigns")
    staff.go(f"/campaigns/{seed['slug']}/replies/")
    page.locator(f"main a[href='/campaigns/{seed['slug']}/replies/new/']").first.click()
    page.wait_for_load_state()
    page.locator("input[name=kind][value=offer]").check()
    page.locator("textarea[name=text]").fill(offer)
    staff.fits_the_screen()
    staff.shot("reply-form")
    staff.submit()
    assert page.url.endswith(f"/campaigns/{seed['slug']}/replies/")
    assert offer in page.locator("main").inner_text()
    staff.shot("reply-posted")


def _member_confirms(member, seed: dict, offer: str) -> None:
    page = member.page
    member.log_in(seed["member"], PASSWORD)
    member.speak_my_language()
    opens = page.locator("main form[action$='/open/'] button")
    # The worker writes the notification a moment after the reply: a person would look again.
    for _ in range(30):
        member.go("/notifications/")
        if opens.count():
            break
        page.wait_for_timeout(1000)
    opens.first.wait_for()
    member.fits_the_screen()
    member.shot("notifications")
    opens.first.click()
    page.wait_for_load_state()
    assert "/replies/" in page.url and offer in page.locator("main").inner_text()
    article = page.locator("article.platform-reply", has_text=offer)
    article.locator("button[name=answer][value=solved]").click()
    page.wait_for_load_state()
    article = page.locator("article.platform-reply", has_text=offer)
    assert article.locator("button[name=answer][value=solved]").get_attribute("aria-pressed") == "true"
    member.fits_the_screen()
    member.shot("solved-for-me")
    member.go(f"/campaigns/{seed['slug']}/")
    box = page.locator("#platform-replies").inner_text()
    # A reply the day the campaign was published reads "less than one working day", never "0 working days".
    assert member.t("个工作日", "working day") in box
    assert member.t("0 个工作日", "0 working days") not in box
    member.shot("campaign-page")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_representative_is_approved_replies_in_public_and_a_member_confirms(
    journey, stack, language, viewport
):
    tag = f"{language}-{viewport}"
    seed = json.loads(
        stack.shell(SEED.format(organizer=ORGANIZER, tag=tag, password=PASSWORD)).splitlines()[-1]
    )
    work_email = f"rep-{tag}@kefu.{seed['domain']}"

    staff = journey("platform-reply-staff", language, viewport)
    staff.sign_up(f"staff-{tag}@example.org")
    staff.speak_my_language()
    _ask_to_represent(staff, stack, seed, work_email)

    _moderator_approves(journey("platform-reply-moderator", language, viewport), work_email)

    offer = staff.t(
        f"我们将在 7 天内全额退还充值金额。{tag}", f"We will refund every top-up in full within 7 days. {tag}"
    )
    _representative_replies(staff, seed, offer)

    _member_confirms(journey("platform-reply-member", language, viewport), seed, offer)
