"""J3: a moderator approves a new campaign and a filing; the filing goes out by email (local SMTP server); the
regulator answers through the one-time link; the member sees the answer and a notification."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, LANGUAGES, PASSWORD, VIEWPORTS

pytestmark = pytest.mark.e2e
MODERATOR = "moderator@demo.tongsu.test"
ORGANIZER = "organizer@demo.tongsu.test"
REGULATOR = "cca"  # the demo regulator reached by email
SEED = """
import json
from allauth.account.models import EmailAddress
from complaints.accounts.models import User
from complaints.campaigns.models import Membership, Platform
from complaints.campaigns.services import CaseFacts, campaign_join, campaign_start
from complaints.filings import services
from complaints.filings.models import FilingVersion, Regulator

def person(email, password=None):
    user = User.objects.create_user(email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user

tag = "{tag}"
starter = person(f"starter-{{tag}}@example.org")
pending = campaign_start(actor=starter, platform=Platform.objects.get(slug="xinyuan-live"), category="other",
    title=f"心缘直播礼物扣费异常 {{tag}}", summary="送礼物后被重复扣费，客服不处理。", demands="退还重复扣费。")
organizer = Membership.objects.filter(user__email="{organizer}", role="organizer", campaign__status="open").order_by(
    "campaign_id").first()
campaign = organizer.campaign
member = person(f"member-{{tag}}@example.org", "{password}")
joined, _ = campaign_join(actor=member, campaign=campaign, facts=CaseFacts(amount=368), share_with_group=True,
    include_in_filings=True)
from tests.filings.conftest import add_evidence
add_evidence(joined)  # a filing without evidence cannot be sent for approval
filing = services.filing_create(actor=organizer.user, campaign=campaign, regulator=Regulator.objects.get(
    slug="{regulator}"), language="{language}")
for pk in FilingVersion.objects.filter(filing=filing, status="generating").values_list("pk", flat=True):
    services.filing_version_build(version_id=pk)
filing.refresh_from_db()
services.filing_send_for_approval(actor=organizer.user, filing=filing)
print(json.dumps({{"pending": pending.slug, "title": pending.title, "filing": filing.pk, "member": member.email,
    "regulator": filing.regulator.email}}))
"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_moderator_approves_the_filing_goes_out_and_the_answer_reaches_the_member(
    journey, stack, language, viewport
):
    tag = f"{language}-{viewport}"
    seed = json.loads(
        stack.shell(
            SEED.format(
                tag=tag, organizer=ORGANIZER, password=PASSWORD, regulator=REGULATOR, language=language
            )
        ).splitlines()[-1]
    )

    # The moderator approves the new campaign, then the filing.
    mod = journey("moderator", language, viewport)
    page = mod.page
    mod.log_in(MODERATOR, DEMO_PASSWORD)
    mod.speak_my_language()
    mod.go("/moderation/campaigns/")
    mod.shot("campaign-queue")
    page.locator(f"a[href*='/moderation/campaigns/{seed['pending']}/']").first.click()
    page.wait_for_url(f"**/moderation/campaigns/{seed['pending']}/")
    mod.fits_the_screen()
    mod.shot("campaign-review")
    page.locator("form[action$='/approve/'] button[type=submit]").click()
    page.wait_for_load_state()
    mod.shot("campaign-approved")
    mod.go(f"/campaigns/{seed['pending']}/")
    assert page.locator("main").get_by_text(seed["title"]).count() >= 1

    mod.go("/filings/review/")
    mod.shot("filing-queue")
    page.locator(f"a[href*='/filings/{seed['filing']}/']").first.click()
    page.wait_for_load_state()
    if not page.url.endswith("/review/"):
        page.locator(f"a[href$='/filings/{seed['filing']}/review/']").first.click()
        page.wait_for_url("**/review/")
    page.locator("input[name=decision][value=approve]").check()  # no decision is preselected
    mod.fits_the_screen()
    mod.shot("filing-review")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    mod.shot("filing-approved")

    # The organizer submits it; it goes out by email to the regulator.
    org = journey("moderator-organizer", language, viewport)
    org.log_in(ORGANIZER, DEMO_PASSWORD)
    org.speak_my_language()
    org.go(f"/filings/{seed['filing']}/")
    already = len(stack.mails_to(seed["regulator"]))
    org.page.locator("form[action$='/submit/'] button").click()
    org.page.wait_for_load_state()
    org.shot("submitted")
    mail = stack.wait_for_mail(seed["regulator"], count=already + 1, timeout=60)[already]
    assert any(part.get_content_type() == "application/pdf" for part in mail.iter_attachments())
    body = mail.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/filings/respond/\S+/", body)
    assert link, body

    # The regulator answers through the one-time link (no account).
    reg = journey("moderator-regulator", language, viewport)
    reg.page.goto(link.group(0))
    reg.shot("respond-form")
    answer = (
        f"Case accepted under reference CCA-{tag}. We asked the platform to reply within 15 working days."
    )
    reg.page.locator("textarea[name=text]").fill(answer)
    reg.submit()
    reg.shot("respond-done")

    # The member sees a notification and the answer.
    member = journey("moderator-member", language, viewport)
    mpage = member.page
    member.log_in(seed["member"])
    member.go("/notifications/")
    opens = mpage.locator("main form[action$='/open/'] button")
    opens.first.wait_for()
    member.fits_the_screen()
    member.shot("notifications")
    opens.first.click()  # the newest: the regulator answered
    mpage.wait_for_load_state()
    assert answer in mpage.content(), f"the notification led to {mpage.url}"
    member.shot("notification-opened")
    member.go(f"/filings/{seed['filing']}/")
    assert answer in mpage.content()
    member.shot("answer-seen")
    for j in (mod, org, reg, member):
        assert j.console_errors == [], (j.name, j.console_errors)
