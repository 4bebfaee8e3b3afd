"""J: an anonymous visitor reads a campaign's public status (where its filings went, whether they arrived, the
answers with personal data removed, whether the deadlines were met) and what its members got back, then the
portal's statistics with their charts and tables (issue #22, parts 3 and 5)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e

SEED = """
import datetime
from decimal import Decimal
from django.core.cache import cache
from django.utils import timezone
from complaints.campaigns.models import Campaign, Membership
from complaints.filings.models import Filing, FilingVersion, Outcome, Regulator, Response, Submission
from complaints.filings.services import outcome_confirm
from complaints.filings.workdays import add_working_days

c = Campaign.objects.filter(status='open').order_by('-members_count').first()
if not Regulator.objects.filter(slug='e2e-status-council').exists():
    def aware(day, hour=10):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    today = timezone.localdate()
    council = Regulator.objects.create(slug='e2e-status-council', name_zh='某市消费者委员会', name_en='City Consumer Council',
        kind='consumer_association', channel='email', email='c@council.example.org', response_days=10)
    bureau = Regulator.objects.create(slug='e2e-status-bureau', name_zh='某省市场监督管理局', name_en='Provincial Market Bureau',
        kind='regulator', channel='postal', postal_address='x', response_days=15)
    for regulator, sent, answered in ((council, today - datetime.timedelta(days=30), True),
                                      (bureau, today - datetime.timedelta(days=60), False)):
        filing = Filing.objects.create(campaign=c, regulator=regulator, status='submitted', submitted_at=aware(sent, 9))
        version = FilingVersion.objects.create(filing=filing, number=1, status='ready')
        submission = Submission.objects.create(version=version, regulator=regulator, channel=regulator.channel,
            status='sent', sent_at=aware(sent), tracking_number='EMS1',
            due_at=add_working_days(sent, regulator.response_days))
        if answered:
            response = Response.objects.create(submission=submission, source='organizer',
                text='已受理。平台同意为受影响用户退款，联系人电话13812345678。')
            Response.objects.filter(pk=response.pk).update(received_at=aware(add_working_days(sent, 4), 15))
    active = list(Membership.objects.filter(campaign=c, status='active').select_related('user').order_by('pk')[:11])
    for i, m in enumerate(active):
        whole = i < 6
        outcome_confirm(actor=m.user, membership=m, result='made_whole' if whole else 'partly',
            amount_received=Decimal('100.00') if whole else Decimal('20.00'))
cache.clear()
# Other journeys on the shared stack may have added outcomes to this campaign (a platform reply marked
# "solved" is an outcome too): the page must say however many active members have confirmed one.
reported = Outcome.objects.filter(membership__campaign=c, membership__status='active').count()
print(c.slug, reported)
"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_visitor_sees_a_campaigns_status_and_outcome(journey, stack, language, viewport):
    j = journey("public-status", language, viewport)
    page = j.page
    slug, reported = stack.shell(SEED).split()[-2:]

    j.go(f"/campaigns/{slug}/")
    page.get_by_role("link", name=j.t("公开进展", "Public status")).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/campaigns/{slug}/status/")
    body = page.locator("main, body").first.inner_text()
    assert j.t("某市消费者委员会", "City Consumer Council") in body
    assert j.t("监管机构的邮件服务器已于", "The regulator's mail server accepted it on") in body
    assert j.t("在期限内答复，用时 4 个工作日", "Answered by the deadline, after 4 working days") in body
    assert "平台同意为受影响用户退款" in body and "13812345678" not in body
    assert j.t("未答复：期限已过", "No answer: the deadline has passed") in body
    assert "¥700.00" in body  # 6 × 100 + 5 × 20 from this journey's 11 members (others gave no amount)
    assert j.t(f"据 {reported} 名成员确认", f"As confirmed by {reported} members") in body
    j.shot("status")

    page.get_by_role("link", name=j.t("所有集体投诉的统计", "Statistics of all campaigns")).click()
    page.wait_for_load_state()
    assert page.locator("svg.chart").count() >= 3
    page.locator("#harm details summary").click()
    assert page.locator("#harm table").is_visible()
    j.shot("statistics")
