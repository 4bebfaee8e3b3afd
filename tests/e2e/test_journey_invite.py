"""Issue #24, invite: a member creates an invite link, a new person opens it, signs up and joins, and the join
is counted for that link; the inviter's page says so without a small count and without who joined."""

from __future__ import annotations

import itertools

import pytest

from tests.e2e.conftest import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e
_counter = itertools.count()


def _campaign_and_member(stack) -> tuple[str, str]:
    """A demo member (not organizer) of an open campaign; the journey signs in as them with a new password."""
    out = stack.shell(
        "from complaints.campaigns.models import Membership\n"
        "m = Membership.objects.filter(role='member', status='active', campaign__status='open')"
        ".order_by('campaign_id', 'pk').first()\n"
        "m.user.set_password('a-long-secret-phrase-42'); m.user.save()\n"
        "print(m.campaign.slug, m.user.email)"
    )
    slug, email = out.splitlines()[-1].split()
    return slug, email


def _joins_counted(stack, email: str, slug: str) -> int:
    out = stack.shell(
        "from complaints.outreach.models import Invite\n"
        f"print(Invite.objects.get(inviter__email='{email}', campaign__slug='{slug}').joins_count)"
    )
    return int(out.splitlines()[-1])


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_invite_link_used_by_a_new_person_is_counted(journey, stack, language, viewport):
    slug, inviter_email = _campaign_and_member(stack)
    inviter = journey("invite-member", language, viewport)
    inviter.log_in(inviter_email)
    inviter.speak_my_language()
    inviter.go(f"/campaigns/{slug}/")
    box = inviter.page.locator("#invite")
    if box.locator("input#invite-link").count() == 0:
        box.locator("button[type=submit]").click()
        inviter.page.wait_for_load_state()
    link = inviter.page.locator("input#invite-link").input_value()
    assert "/i/" in link
    inviter.fits_the_screen()
    inviter.shot("invite-link")
    before = _joins_counted(stack, inviter_email, slug)

    newcomer = journey("invite-newcomer", language, viewport)
    page = newcomer.page
    page.goto(link)
    assert f"/campaigns/{slug}/" in page.url
    newcomer.shot("invited")
    newcomer.sign_up(f"invited{next(_counter)}-{language}-{viewport}@example.org")
    newcomer.speak_my_language()
    newcomer.go(f"/campaigns/{slug}/join/")
    newcomer.shot("join-form")
    newcomer.submit("main form")
    assert "/join/" not in page.url, page.url
    newcomer.fits_the_screen()
    newcomer.shot("joined")
    assert _joins_counted(stack, inviter_email, slug) == before + 1

    inviter.go(f"/campaigns/{slug}/")
    text = inviter.page.locator("#invite").inner_text()
    assert "@" not in text  # no address of anyone who joined
    if before + 1 < 5:
        assert inviter.t("不到 5 位", "Fewer than 5") in text
    inviter.shot("invite-counted")
    assert inviter.console_errors == [] and newcomer.console_errors == []
