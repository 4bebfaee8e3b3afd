"""Demo evidence: chat logs and a bank statement in the demo member's frozen-wallet campaign, anonymized by
the real pipeline (text and PDF only, so no OCR at start-up) and shared, so the pooled index has content.

Everything goes through the services; running it again changes nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.accounts.demo import demo_user
from complaints.campaigns.models import Campaign, Membership
from complaints.evidence import services
from complaints.evidence.models import EvidenceItem
from complaints.evidence.processing import evidence_process

CAMPAIGN_TITLE = "钱包宝冻结余额，申诉数月无人回复"

CHATS = [
    "2025-03-02 10:15 客服小美：您好，请提供注册手机号。\n"
    "2025-03-02 10:16 我：13912345678，账户余额 2835.43 元被冻结了。\n"
    "2025-03-02 10:18 客服小美：系统风控中，请耐心等待，具体原因不便透露。\n",
    "2025-04-11 21:03 我：申诉编号 QB20250411 已经提交一个月了。\n"
    "2025-04-11 21:05 客服：请把身份证号 11010519491231002X 发给我核实。\n"
    "2025-04-11 21:06 我：冻结的 5200.00 元什么时候能提现？\n",
    "2025-05-20 09:40 Support: Please send your email address for verification.\n"
    "2025-05-20 09:41 Me: li.wei.demo@example.com — my balance of 760.00 yuan is still frozen.\n",
]


def _statement_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=240)
    lines = [
        "Bank statement (demo)",
        "Card: 6222 0212 3456 7890 128",
        "2025-03-01  QianbaoPay top-up   -2835.43 CNY",
        "2025-03-05  QianbaoPay refund    0.00 CNY",
    ]
    for i, line in enumerate(lines):
        page.insert_text((30, 50 + i * 26), line, fontname="helv", fontsize=12)
    return doc.tobytes()


def _add(membership: Membership, name: str, data: bytes, category: str) -> None:
    outcome = services.evidence_upload(
        actor=membership.user,
        membership=membership,
        files=[SimpleUploadedFile(name, data)],
        category=category,
    )
    for item in outcome.items:
        # Processed here rather than by the worker, so the demo is complete when `make run` opens.
        evidence_process(item_id=item.pk)
        item.refresh_from_db()
        if item.status == EvidenceItem.Status.NEEDS_REVIEW:
            services.evidence_approve(
                actor=membership.user, item=item, share_with_group=True, include_in_filings=True
            )


def load(out) -> None:
    campaign = Campaign.objects.filter(title=CAMPAIGN_TITLE, status=Campaign.Status.OPEN).first()
    if campaign is None or EvidenceItem.objects.filter(campaign=campaign).exists():
        out.write("  evidence: already there")
        return
    member = Membership.objects.filter(campaign=campaign, user=demo_user("member")).first()
    others = list(
        Membership.objects.filter(campaign=campaign, status=Membership.Status.ACTIVE)
        .exclude(user=demo_user("member"))
        .order_by("pseudonym_number")[: len(CHATS)]
    )
    if member is not None:
        _add(member, "对账单.pdf", _statement_pdf(), EvidenceItem.Category.RECEIPT)
        _add(member, "客服聊天记录.txt", CHATS[0].encode(), EvidenceItem.Category.CHAT_LOG)
    for membership, chat in zip(others, CHATS[1:] + CHATS[:1], strict=False):
        _add(membership, "chat.txt", chat.encode(), EvidenceItem.Category.CHAT_LOG)
    out.write(f"  evidence: {EvidenceItem.objects.filter(campaign=campaign).count()} items")
