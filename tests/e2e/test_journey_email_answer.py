"""J-email-answer: a regulator answers a filing by replying to its email; the members see the answer.

The filing goes out by email to the stack's SMTP server; the regulator's mail program replies to its Reply-To
address, delivered by SMTP to the portal's own receiver (manage.py receive_mail, started by the stack); the
member reads the answer on the campaign page and gets the "answered" email, as with a link answer.
"""

from __future__ import annotations

import json
import smtplib
import time
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from tests.e2e.conftest import LANGUAGES, VIEWPORTS
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

SEED = """
import json
from complaints.filings import services
from tests.factories import CampaignFactory, ModeratorFactory, RegulatorFactory, UserFactory, join, organize
from tests.filings.conftest import approved_filing
tag = "{tag}"
def person(kind):
    return UserFactory(email=f"answer-{{kind}}-{{tag}}@example.org", display_name=f"{{kind}} {{tag}}")
campaign = CampaignFactory(slug=f"answer-{{tag}}", title=f"某商城余额清零 {{tag}}")
organizer = organize(campaign, person("organizer"), amount="2835.43", include_in_filings=True)
member = join(campaign, person("member"), amount="120.00", include_in_filings=True)
regulator = RegulatorFactory(slug=f"answer-reg-{{tag}}", name_zh=f"上海市消保委 {{tag}}",
    name_en=f"Shanghai Consumer Council {{tag}}", channel="email", email=f"tousu-{{tag}}@shcc.example.org")
filing = approved_filing(campaign, organizer, regulator, ModeratorFactory(email=f"answer-mod-{{tag}}@example.org"))
submission = services.filing_submit(actor=organizer.user, filing=filing)
services.submission_send(submission_id=submission.pk)
print(json.dumps({{"slug": campaign.slug, "regulator": regulator.email, "member": member.user.email}}))
"""


def _reload_until(journey, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in journey.page.content():
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared on {journey.page.url}")
        time.sleep(1)
        journey.page.reload()


def _answer_by_email(stack, filing_mail, regulator: str, text: str) -> None:
    """What the regulator's mail program sends when the clerk presses Reply: the answer above the quote."""
    answer = EmailMessage()
    answer["From"] = f"投诉处理科 <{regulator}>"
    answer["To"] = filing_mail["Reply-To"]
    answer["Subject"] = "Re: " + str(filing_mail["Subject"])
    answer["Message-ID"] = make_msgid(domain="shcc.example.org")
    answer["In-Reply-To"] = filing_mail["Message-ID"]
    quoted = "\n".join("> " + line for line in filing_mail.get_body(("plain",)).get_content().splitlines())
    answer.set_content(f"{text}\n\n在 2026年12月6日，同诉 <noreply@tongsu.localhost> 写道：\n{quoted}\n")
    with smtplib.SMTP("127.0.0.1", stack.inbound_port, timeout=15) as smtp:
        smtp.send_message(answer)


def _is_answer_notice(mail) -> bool:
    subject = str(mail["Subject"])
    return ("已答复" in subject or "answered" in subject) and (
        "消保委" in subject or "Consumer Council" in subject
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_regulator_answers_by_email_and_the_member_reads_it(journey, stack, language, viewport):
    tag = f"{language}-{viewport}"
    seed = json.loads(stack.shell(SEED.format(tag=tag)).splitlines()[-1])
    filing_mail = stack.wait_for_mail(seed["regulator"])[-1]
    assert filing_mail["Reply-To"].startswith("filing+")
    text = f"已收到贵方集体投诉，我会已受理并转交商家处理（{tag}）。"
    _answer_by_email(stack, filing_mail, seed["regulator"], text)

    member = journey("email-answer", language, viewport)
    member.log_in(seed["member"], PASSWORD)
    member.speak_my_language()
    member.go(f"/campaigns/{seed['slug']}/")
    _reload_until(member, text)
    assert "写道" not in member.page.locator(".filing-response").first.inner_text(), "the quote is trimmed"
    assert (
        member.page.locator(".filing-response h4").first.inner_text().endswith(member.t("已答复", "answered"))
    )
    member.fits_the_screen()
    member.shot("answer-on-campaign-page")
    # The member is told as with any answer: an email that points to the timeline.
    deadline = time.monotonic() + 90
    while not any(_is_answer_notice(m) for m in stack.mails_to(seed["member"])):
        assert time.monotonic() < deadline, "the member was not told about the answer by email"
        time.sleep(1)
    assert not member.console_errors, member.console_errors
