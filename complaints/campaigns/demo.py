"""Demo platforms of the kinds in the design: a shop, a digital wallet, a dating / live-streaming app."""

from complaints.campaigns.models import Platform, Sector
from complaints.filings.models import Regulator

DEMO_PLATFORMS = [
    dict(slug="haoduo-mall", name="好多商城", name_en="Haoduo Mall", sector=Sector.ECOMMERCE,
         aliases=["好多", "Haoduo", "好多购物", "HD Mall"], legal_entity="好多电子商务有限公司（示例）",
         website="https://mall.example.cn/", regulators=["samr-12315", "cca", "sh-consumer-council"]),
    dict(slug="qianbao-pay", name="钱包宝", name_en="QianbaoPay Wallet", sector=Sector.PAYMENT,
         aliases=["钱包宝支付", "QianbaoPay", "QB Wallet"], legal_entity="钱包宝支付科技有限公司（示例）",
         website="https://pay.example.cn/", regulators=["pboc", "cca"]),
    dict(slug="xinyuan-live", name="心缘直播", name_en="Xinyuan Live", sector=Sector.DATING,
         aliases=["心缘", "Xinyuan", "心缘交友"], legal_entity="心缘网络科技有限公司（示例）",
         website="https://live.example.cn/", regulators=["samr-12315", "cca"]),
]


def load(out) -> None:
    for row in DEMO_PLATFORMS:
        row = dict(row)
        regulator_slugs = row.pop("regulators")
        platform, _ = Platform.objects.update_or_create(slug=row["slug"], defaults=row)
        platform.regulators.set(Regulator.objects.filter(slug__in=regulator_slugs))
    out.write(f"  platforms: {len(DEMO_PLATFORMS)}")
