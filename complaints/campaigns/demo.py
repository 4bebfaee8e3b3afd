"""Demo platforms of the kinds in the design (a shop, a digital wallet, a dating / live-streaming app) and
campaigns against them, in Chinese and English, with members, updates and tasks so the pages look alive.

Everything goes through the services, and running it again changes nothing."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from complaints.accounts.demo import demo_user
from complaints.accounts.models import User
from complaints.campaigns import services
from complaints.campaigns.models import Campaign, CampaignUpdate, Membership, MemberTask, Platform, Sector

DEMO_PLATFORMS = [
    dict(slug="haoduo-mall", name="好多商城", name_en="Haoduo Mall", sector=Sector.ECOMMERCE,
         aliases=["好多", "Haoduo", "好多购物", "HD Mall"], legal_entity="好多电子商务有限公司（示例）",
         website="https://mall.example.cn/"),
    dict(slug="qianbao-pay", name="钱包宝", name_en="QianbaoPay Wallet", sector=Sector.PAYMENT,
         aliases=["钱包宝支付", "QianbaoPay", "QB Wallet"], legal_entity="钱包宝支付科技有限公司（示例）",
         website="https://pay.example.cn/"),
    dict(slug="xinyuan-live", name="心缘直播", name_en="Xinyuan Live", sector=Sector.DATING,
         aliases=["心缘", "Xinyuan", "心缘交友"], legal_entity="心缘网络科技有限公司（示例）",
         website="https://live.example.cn/"),
]  # fmt: skip

C = Campaign.Category
# platform, title, category, status, members, amount range (CNY), organizer, summary, demands
DEMO_CAMPAIGNS = [
    ("haoduo-mall", "好多商城充值未到账，客服称“网络问题”", C.NOT_CREDITED, "open", 38, (50, 3000), "organizer",
     "在好多商城App充值后，银行卡已扣款，但账户余额一直没有到账。客服反复说是“您的网络问题”，让我们自行排查，"
     "至今没有退款，也没有任何书面答复。",
     "一、为所有已扣款未到账的充值补记余额或原路退款；\n二、书面说明扣款未到账的原因；\n三、改进客服处理流程。"),
    ("haoduo-mall", "Stored balance wiped when my Haoduo account was deleted", C.BALANCE_LOST, "open", 23,
     (200, 6000), None,
     "Our Haoduo Mall accounts were closed through a linked app login we never asked to close. The stored balance "
     "was wiped with the message that it “cannot be recovered”. Some of us had held the account for ten years.",
     "Restore or refund every wiped balance, and stop deleting accounts with a balance without the owner's consent."),
    ("haoduo-mall", "好多商城“限时优惠”先涨价后打折", C.MISLEADING_PROMOTION, "open", 3, (20, 400), None,
     "活动前几天商品被提价，活动期间再“打折”，实际价格比平时还高。", "按《价格法》退还差价。"),
    ("qianbao-pay", "钱包宝冻结余额，申诉数月无人回复", C.ACCOUNT_FROZEN, "open", 45, (500, 50000), None,
     "钱包宝以“风控”为由冻结账户余额，不说明原因，不给期限。在线申诉提交后没有任何回复，电话客服只让继续等待。",
     "解冻账户余额或允许提现到本人银行卡；说明冻结依据和期限。"),
    ("qianbao-pay", "QianbaoPay: unauthorized withdrawals, refund refused", C.UNAUTHORIZED, "open", 12,
     (100, 9000), None,
     "Money left our QianbaoPay wallets in transactions we never made. The wallet says the password was entered "
     "correctly and refuses any refund.",
     "Refund every unauthorized transaction and show the device and location records of each one."),
    ("xinyuan-live", "心缘直播充值“钻石”未到账", C.NOT_CREDITED, "open", 17, (30, 2000), None,
     "在心缘直播充值钻石后扣款成功，钻石没有到账，客服只回复模板话术。", "补发钻石或原路退款。"),
    ("xinyuan-live", "Xinyuan Live VIP auto-renewal cannot be refunded", C.REFUND_REFUSED, "open", 8, (25, 300),
     None,
     "The VIP membership renewed automatically without a reminder, and the app refuses any refund even when "
     "asked on the same day.", "Refund unwanted renewals and send a reminder before every renewal."),
    ("qianbao-pay", "钱包宝提现收取未公示的手续费", C.HIDDEN_FEES, "pending", 2, (5, 80), "member",
     "提现时被扣除了页面上没有公示的“服务费”。", "退还未公示的手续费，并在提现前明确提示费用。"),
    ("xinyuan-live", "心缘会员自动续费，申请退款被拒", C.REFUND_REFUSED, "pending", 1, (25, 200), None,
     "会员到期前没有提醒就自动扣费，申请退款被拒绝。", "退还自动续费的费用。"),
]  # fmt: skip

# The organizers' translations: a visitor reads every demo campaign in their own language.
TRANSLATIONS = {
    "好多商城充值未到账，客服称“网络问题”": (
        "Haoduo Mall top-ups never credited; support blames “your network”",
        "After topping up in the Haoduo Mall app, the money left our bank cards but never reached the account "
        "balance. Support keeps saying it is “your network problem” and tells us to check it ourselves. There has "
        "been no refund and no written answer.",
        "1. Credit every charged top-up or refund it to the card it came from;\n2. explain in writing why the "
        "charges were not credited;\n3. fix how support handles these cases.",
    ),
    "Stored balance wiped when my Haoduo account was deleted": (
        "好多账号被注销，账户余额被清零",
        "我们的好多商城账号在关联App登录时被注销，而我们从未申请注销。账户余额随之清零，只收到“无法恢复”的提示。"
        "有人用这个账号已经十年。",
        "恢复或退还每一笔被清零的余额；未经本人同意，不得注销仍有余额的账号。",
    ),
    "好多商城“限时优惠”先涨价后打折": (
        "Haoduo Mall “limited-time deals” raise prices before the discount",
        "Prices went up a few days before the sale and were then “discounted” during it, ending higher than usual.",
        "Refund the difference under the Price Law.",
    ),
    "钱包宝冻结余额，申诉数月无人回复": (
        "QianbaoPay froze our balances; appeals unanswered for months",
        "QianbaoPay froze our balances citing “risk control”, with no reason and no time limit. Online appeals get "
        "no reply, and phone support only tells us to keep waiting.",
        "Unfreeze the balances or allow withdrawal to our own bank cards; state the grounds and the term of the "
        "freeze.",
    ),
    "QianbaoPay: unauthorized withdrawals, refund refused": (
        "钱包宝：未经授权的转出，拒绝退款",
        "我们的钱包宝余额被一笔笔我们从未操作的交易转走。钱包宝称密码输入正确，拒绝任何退款。",
        "退还每一笔未经授权的交易，并出示每笔交易的设备和位置记录。",
    ),
    "心缘直播充值“钻石”未到账": (
        "Xinyuan Live “diamond” top-ups never credited",
        "We paid for diamonds in Xinyuan Live and were charged, but the diamonds never arrived. Support only sends "
        "template replies.",
        "Credit the diamonds or refund the payment.",
    ),
    "Xinyuan Live VIP auto-renewal cannot be refunded": (
        "心缘直播VIP自动续费无法退款",
        "VIP会员在没有任何提醒的情况下自动续费，即使当天申请，App也拒绝退款。",
        "退还非本人意愿的续费，并在每次续费前发送提醒。",
    ),
}  # fmt: skip


# The demo has no filings: an update never says something was submitted, accepted or sent.
UPDATES = {
    "好多商城充值未到账，客服称“网络问题”": [
        ("正在准备第一份集体投诉文书", "我们在整理前30位成员的扣款记录，准备提交给全国12315平台。请还没填写金额的成员尽快补充。"),
        ("请补充银行扣款截图", "监管部门需要看到银行端的扣款记录。请在“我的案件”里补充金额和日期，并上传扣款截图。"),
    ],
    "钱包宝冻结余额，申诉数月无人回复": [
        ("准备给人民银行寄送书面投诉", "我们在准备给中国人民银行分支机构的书面投诉，寄出后会在投诉文书页面记录快递单号。对方的答复期限为15个工作日。"),
    ],
    "Stored balance wiped when my Haoduo account was deleted": [
        ("Letter to the consumer association", "We are drafting the group letter to the China Consumers Association; members will see here when it has arrived."),
    ],
}  # fmt: skip

NAMES = ["小王", "阿杰", "Lily", "陈女士", "老李", "Mia", "周先生", "小雨", "Tom", "张姐", "Kevin", "林同学"]
DEMO_MEMBERS = 60


def demo_member(number: int) -> User:
    """An extra demo person with a verified email and no password (they only fill the member lists)."""
    email = f"member{number:03d}@demo.tongsu.test"
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"display_name": f"{NAMES[number % len(NAMES)]}{number}", "preferred_language": "zh-hans"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def demo_platforms() -> dict[str, Platform]:
    """The demo platforms by slug, created or brought back to their demo values (the filings demo links
    their regulators)."""
    platforms = {}
    for row in DEMO_PLATFORMS:
        platform = Platform.objects.filter(slug=row["slug"]).first() or Platform(slug=row["slug"])
        for name, value in row.items():
            setattr(platform, name, value)
        services.platform_save(actor=None, platform=platform)
        platforms[platform.slug] = platform
    return platforms


def _campaign(
    platform, title, category, status, size, amounts, organizer_role, summary, demands, people, moderator
):
    # Separate streams, so which people join does not depend on whether the campaign already existed.
    pick, rng = random.Random(f"{title}:people"), random.Random(f"{title}:facts")  # noqa: S311 - demo data
    campaign = Campaign.objects.filter(platform=platform, title=title).first()
    starter = demo_user(organizer_role) if organizer_role else people[pick.randrange(len(people))]
    if campaign is None:
        campaign = services.campaign_start(
            actor=starter, platform=platform, category=category, title=title, summary=summary, demands=demands,
            facts=_facts(rng, amounts), share_with_group=True, include_in_filings=True,
        )  # fmt: skip
    if title in TRANSLATIONS and not campaign.title_translation:
        title_tr, summary_tr, demands_tr = TRANSLATIONS[title]
        campaign = services.campaign_edit(
            actor=starter, campaign=campaign, title=campaign.title, summary=campaign.summary,
            demands=campaign.demands, title_translation=title_tr, summary_translation=summary_tr,
            demands_translation=demands_tr,
        )  # fmt: skip
    if status == "open" and campaign.status == Campaign.Status.PENDING:
        campaign = services.campaign_approve(actor=moderator, campaign=campaign, reason="demo data")
    if campaign.status != Campaign.Status.OPEN:
        return campaign
    members = [p for p in people if p != starter]
    pick.shuffle(members)
    for user in members[: size - 1]:
        services.campaign_join(
            actor=user, campaign=campaign, facts=_facts(rng, amounts),
            share_with_group=rng.random() < 0.8, include_in_filings=rng.random() < 0.7,
        )  # fmt: skip
    # Spread the joins over the past months so the chart of joins has a shape (same dates on every run).
    now = timezone.now()
    for membership in Membership.objects.filter(campaign=campaign).order_by("pseudonym_number"):
        share = min(1.0, membership.pseudonym_number / (size + 1))
        days = int(240 * (1 - share) ** 1.5)
        joined = now.replace(microsecond=0) - datetime.timedelta(days=days)
        Membership.objects.filter(pk=membership.pk).update(joined_at=joined)
    return services.campaign_recount(campaign=campaign)


def _facts(rng: random.Random, amounts: tuple[int, int]) -> services.CaseFacts:
    low, high = amounts
    amount = Decimal(str(round(low * (high / low) ** rng.random(), 2)))
    day = datetime.date.today() - datetime.timedelta(days=rng.randrange(20, 400))
    return services.CaseFacts(amount=amount, incident_date=day)


def load(out) -> None:
    platforms = demo_platforms()
    moderator = demo_user("moderator")
    people = [demo_member(n) for n in range(1, DEMO_MEMBERS + 1)]
    campaigns = []
    for platform_slug, title, category, status, size, amounts, role, summary, demands in DEMO_CAMPAIGNS:
        campaigns.append(
            _campaign(platforms[platform_slug], title, category, status, size, amounts, role, summary, demands,
                      people, moderator)
        )  # fmt: skip
    by_title = {c.title: c for c in campaigns}
    # The demo member is a member of two open campaigns (and organizes the pending one).
    member = demo_user("member")
    for title in (
        "Stored balance wiped when my Haoduo account was deleted",
        "钱包宝冻结余额，申诉数月无人回复",
    ):
        services.campaign_join(
            actor=member, campaign=by_title[title], facts=services.CaseFacts(amount=Decimal("2835.43")),
            share_with_group=True,
        )  # fmt: skip
    organizer = demo_user("organizer")
    for title, posts in UPDATES.items():
        campaign = by_title[title]
        author = organizer if campaign.memberships.filter(user=organizer).exists() else campaign.created_by
        for post_title, body in posts:
            if not CampaignUpdate.objects.filter(campaign=campaign, title=post_title).exists():
                services.campaign_post_update(actor=author, campaign=campaign, title=post_title, body=body)
    main = by_title["好多商城充值未到账，客服称“网络问题”"]
    if not MemberTask.objects.filter(campaign=main).exists():
        task = services.task_create(
            actor=organizer, campaign=main, title="上传银行扣款截图", audience=MemberTask.Audience.ALL,
            description="在银行App里找到这笔扣款，截图后上传。截图中的卡号会被自动遮盖。",
        )  # fmt: skip
        for membership in main.memberships.filter(status="active").order_by("pseudonym_number")[:14]:
            services.task_complete(actor=membership.user, task=task, membership=membership)
        services.task_create(
            actor=organizer, campaign=main, title="填写充值金额", description="", audience=MemberTask.Audience.MISSING_AMOUNT
        )  # fmt: skip
    open_count = sum(1 for c in campaigns if c.status == Campaign.Status.OPEN)
    out.write(f"  platforms: {len(platforms)}; campaigns: {len(campaigns)} ({open_count} open)")
