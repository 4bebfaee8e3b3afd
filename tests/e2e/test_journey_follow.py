"""Issue #24, follow: a newcomer follows a campaign without joining, picks the daily digest, and the next
morning's digest email carries the organizers' update; nobody in the campaign sees who follows."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e


def _open_campaign_and_organizer(stack) -> tuple[str, str]:
    out = stack.shell(
        "from complaints.campaigns.models import Membership\n"
        "m = Membership.objects.filter(role='organizer', status='active', campaign__status='open')"
        ".order_by('campaign_id').first()\n"
        "print(m.campaign.slug, m.user.email)"
    )
    slug, organizer = out.splitlines()[-1].split()
    return slug, organizer


def _organizer_posts_and_news_is_relayed(stack, slug: str, organizer: str, title: str, follower: str) -> None:
    stack.shell(
        "import time\n"
        "from complaints.accounts.models import User\n"
        "from complaints.campaigns.models import Campaign\n"
        "from complaints.campaigns.services import campaign_post_update\n"
        "from complaints.notifications.models import Notification\n"
        "from complaints.notifications.services import digest_send_due\n"
        "from complaints.outreach.services import follow_news_relay\n"
        "follow_news_relay()\n"  # the first run on a new database only marks where the relay starts
        f"campaign_post_update(actor=User.objects.get(email='{organizer}'),"
        f" campaign=Campaign.objects.get(slug='{slug}'), title='{title}', body='')\n"
        "follow_news_relay()\n"
        "for _ in range(120):\n"
        f"    if Notification.objects.filter(recipient__email='{follower}', digest_pending=True).exists():\n"
        "        break\n"
        "    time.sleep(0.5)\n"
        "print(digest_send_due())\n"
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_a_campaign_then_read_its_update_in_the_digest(journey, stack, language, viewport):
    j = journey("follow", language, viewport)
    page = j.page
    tag = f"{language}-{viewport}"
    follower = f"follower-{tag}@example.org"
    slug, organizer = _open_campaign_and_organizer(stack)
    j.sign_up(follower)
    j.speak_my_language()

    j.go(f"/campaigns/{slug}/")
    box = page.locator("#follow")
    assert box.count() == 1
    box.locator("input[name=mode][value=daily]").check()
    j.shot("follow-box")
    box.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert j.t("每日汇总", "daily digest") in page.locator("#follow").inner_text()
    j.fits_the_screen()
    j.shot("following")

    j.go("/following/")
    assert page.locator(f"a[href='/campaigns/{slug}/']").count() == 1
    j.fits_the_screen()
    j.shot("what-i-follow")

    title = j.t(f"平台已回复 {tag}", f"The platform answered {tag}")
    _organizer_posts_and_news_is_relayed(stack, slug, organizer, title, follower)
    deadline, bodies = time.monotonic() + 60, []
    while time.monotonic() < deadline:
        bodies = [m.get_body(("plain",)).get_content() for m in stack.mails_to(follower)]
        if any(title in body for body in bodies):
            break
        time.sleep(0.5)
    assert any(title in body for body in bodies), "the digest with the update never came"
    assert j.console_errors == [], j.console_errors
