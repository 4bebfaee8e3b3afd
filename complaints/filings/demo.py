"""Demo regulators: the bodies a Chinese platform complaint usually goes to, and an English-language one."""

from complaints.campaigns.demo import demo_platforms
from complaints.filings.models import Regulator

R = Regulator.Kind
C = Regulator.Channel

DEMO_REGULATORS = [
    dict(
        slug="samr-12315",
        name_zh="全国12315平台（国家市场监督管理总局）",
        name_en="SAMR 12315 Platform",
        jurisdiction="CN",
        kind=R.REGULATOR,
        channel=C.HTTP,
        api_url="http://127.0.0.1:8025/12315/filings",
        api_secret="demo-12315-secret",  # noqa: S106 - demo regulator on loopback
        website="https://www.12315.cn/",
        requires_named_complainants=True,
        response_days=7,
        ladder_rank=3,
    ),
    dict(
        slug="pboc",
        name_zh="中国人民银行（支付机构监管）",
        name_en="People's Bank of China (payment institutions)",
        jurisdiction="CN",
        kind=R.REGULATOR,
        channel=C.POSTAL,
        postal_address="北京市西城区成方街32号 中国人民银行 100800",
        website="http://www.pbc.gov.cn/",
        response_days=15,
        ladder_rank=3,
    ),
    dict(
        slug="cca",
        name_zh="中国消费者协会",
        name_en="China Consumers Association",
        jurisdiction="CN",
        kind=R.CONSUMER_ASSOCIATION,
        channel=C.EMAIL,
        email="complaints@cca.example.org",
        website="https://www.cca.org.cn/",
        response_days=10,
        ladder_rank=2,
    ),
    dict(
        slug="sh-consumer-council",
        name_zh="上海市消费者权益保护委员会",
        name_en="Shanghai Consumer Council",
        jurisdiction="CN-SH",
        kind=R.CONSUMER_ASSOCIATION,
        channel=C.EMAIL,
        email="tousu@shcc.example.org",
        website="https://www.cpcs.org.cn/",
        response_days=10,
        ladder_rank=2,
    ),
    dict(
        slug="uk-financial-ombudsman",
        name_zh="英国金融申诉专员服务机构",
        name_en="Financial Ombudsman Service (UK)",
        jurisdiction="GB",
        kind=R.OMBUDSMAN,
        channel=C.EMAIL,
        email="complaints@fos.example.org.uk",
        website="https://www.financial-ombudsman.org.uk/",
        response_days=40,
        ladder_rank=4,
    ),
]


# The regulators responsible for each demo platform (the campaigns demo's), by slug.
PLATFORM_REGULATORS = {
    "haoduo-mall": ["samr-12315", "cca", "sh-consumer-council"],
    "qianbao-pay": ["pboc", "cca"],
    "xinyuan-live": ["samr-12315", "cca"],
}


def load(out) -> None:
    for row in DEMO_REGULATORS:
        Regulator.objects.update_or_create(slug=row["slug"], defaults=row)
    # Whichever app's demo runs first, the platforms exist once this runs (creating them again changes nothing).
    for slug, platform in demo_platforms().items():
        platform.regulators.set(Regulator.objects.filter(slug__in=PLATFORM_REGULATORS.get(slug, [])))
    out.write(f"  regulators: {len(DEMO_REGULATORS)}")
