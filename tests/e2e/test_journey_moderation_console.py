"""J5: the moderation console. A member reports an organizer's update; a moderator finds it in the reports
queue, hides it with a reason, suspends an account (which then cannot sign in) and finds both decisions in
the audit log. Every console page fits a phone screen."""

from __future__ import annotations

import json

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
from complaints.campaigns.services import CaseFacts, campaign_join, campaign_post_update

def person(email):
    user = User.objects.create_user(email=email, password="{password}")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user

tag = "{tag}"
organizer = Membership.objects.filter(user__email="{organizer}", role="organizer", campaign__status="open").order_by(
    "campaign_id").first()
campaign = organizer.campaign
reporter = person(f"reporter-{{tag}}@example.org")
campaign_join(actor=reporter, campaign=campaign, facts=CaseFacts(amount=88))
update = campaign_post_update(actor=organizer.user, campaign=campaign, title=f"加群领退款 {{tag}}",
    body="私聊我转账手续费即可退款。")
troublemaker = person(f"troublemaker-{{tag}}@example.org")
print(json.dumps({{"campaign": campaign.slug, "update": update.pk, "title": update.title,
    "reporter": reporter.email, "troublemaker": troublemaker.email, "troublemaker_id": troublemaker.pk}}))
"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_report_hide_suspend_and_audit(journey, stack, language, viewport):
    tag = f"{language}-{viewport}"
    seed = json.loads(
        stack.shell(SEED.format(tag=tag, organizer=ORGANIZER, password=PASSWORD)).splitlines()[-1]
    )

    # A member reports the update from the campaign's timeline.
    member = journey("report-member", language, viewport)
    member.log_in(seed["reporter"])
    member.go(f"/campaigns/{seed['campaign']}/updates/")
    link = member.page.locator(f"a.report-link[href*='/{seed['update']}/']")
    link.click()
    member.page.wait_for_load_state()
    member.fits_the_screen()
    member.page.locator("textarea[name=reason]").fill("这是诈骗：让成员私下转账。")
    member.shot("report-form")
    member.submit()
    assert member.page.locator(".messages, [role=status], [role=alert]").count() >= 1
    member.shot("reported")

    # The moderator works the queue.
    mod = journey("console-moderator", language, viewport)
    page = mod.page
    mod.log_in(MODERATOR, DEMO_PASSWORD)
    mod.speak_my_language()
    mod.go("/moderation/")
    mod.fits_the_screen()
    mod.shot("index")
    mod.go("/moderation/reports/")
    mod.fits_the_screen()
    mod.shot("reports")
    page.locator("main h2 a", has_text=seed["title"]).first.click()
    page.wait_for_url("**/moderation/reports/*/")
    mod.fits_the_screen()
    assert "这是诈骗" in page.content()
    hide = page.locator("form[action$='/hide/']")
    hide.locator("textarea[name=reason]").fill("Scam: asks members for private transfers.")
    mod.shot("report-review")
    hide.locator("button[type=submit]").click()
    page.wait_for_load_state()
    mod.shot("hidden")
    mod.go(f"/campaigns/{seed['campaign']}/updates/")
    assert seed["title"] not in page.content(), "the hidden update is gone from the timeline"

    # ... suspends an account ...
    mod.go(f"/moderation/accounts/?q={seed['troublemaker']}")
    mod.fits_the_screen()
    suspend = page.locator("form[action$='/suspend/']")
    suspend.locator("textarea[name=reason]").fill("Spam accounts.")
    mod.shot("account")
    suspend.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("form[action$='/restore/']").count() == 1
    mod.shot("suspended")

    # ... and finds both decisions in the audit log.
    mod.go("/moderation/audit/?action=report.")
    mod.fits_the_screen()
    assert page.locator("main").get_by_text("report.hide").count() >= 1
    mod.shot("audit-reports")
    mod.go(f"/moderation/audit/?action=account.suspend&target_id={seed['troublemaker_id']}")
    assert page.locator("main").get_by_text("account.suspend").count() >= 1
    mod.shot("audit-suspend")

    # The suspended person cannot sign in and is told why.
    gone = journey("console-suspended", language, viewport)
    gone.go("/accounts/login/")
    gone.page.locator("input[name=login]").fill(seed["troublemaker"])
    gone.page.locator("input[name=password]").fill(PASSWORD)
    gone.submit()
    assert "/accounts/login/" in gone.page.url or "inactive" in gone.page.url
    assert gone.t("审核员", "moderator") in gone.page.content()
    gone.shot("refused")
    for j in (member, mod):
        assert j.console_errors == [], (j.name, j.console_errors)
