"""Demo mandate: the main demo campaign's organizer publishes a mandate text and a few members sign it (so the
campaign page shows a count; the demo member has not signed, and can)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from complaints.accounts.demo import demo_user
from complaints.campaigns.models import Campaign, Membership
from complaints.mandates import selectors, services
from complaints.mandates.forms import resident_check_digit
from complaints.mandates.models import MandateIdentity

MAIN_TITLE = "好多商城充值未到账，客服称“网络问题”"
SIGNERS = 6


def _demo_id_number(n: int) -> str:
    base = f"11010119900307{n:03d}"
    return base + resident_check_digit(base)


def load(out) -> None:
    campaign = Campaign.objects.filter(title=MAIN_TITLE).first()
    organizer = demo_user("organizer")
    lead = Membership.objects.filter(
        campaign=campaign, user=organizer, role=Membership.Role.ORGANIZER
    ).first()
    if campaign is None or lead is None or selectors.current_text(campaign) is not None:
        return
    today = timezone.localdate()
    text = services.mandate_text_publish(
        actor=organizer,
        campaign=campaign,
        terms=services.MandateTerms(
            matters_zh="就好多商城充值未到账一事，向平台、消费者协会及监管机构投诉，并跟进处理结果。",
            matters_en="Complain to Haoduo Mall, the consumer association and the regulators about top-ups "
            "that were charged but never credited, and follow up on the outcome.",
            may_settle=False,
            may_drop=False,
            term_ends_on=today + timedelta(days=365),
            representatives=[lead.pseudonym_number],
            revocable_until=today + timedelta(days=60),
        ),
    )
    members = (
        Membership.objects.filter(
            campaign=campaign, status=Membership.Status.ACTIVE, role=Membership.Role.MEMBER
        )
        .exclude(user=demo_user("member"))
        .select_related("user", "campaign")
        .order_by("pseudonym_number")[:SIGNERS]
    )
    for n, membership in enumerate(members, start=1):
        name = f"演示成员{n}"
        services.mandate_sign(
            actor=membership.user,
            membership=membership,
            text=text,
            signed=services.Signature(name, MandateIdentity.IdKind.RESIDENT, _demo_id_number(n), name),
        )
    out.write(f"  mandate: version {text.version}, {len(members)} signed")
