"""The open data's field dictionary, in both languages: fields.json and README.txt in the ZIP, and the API docs.

Written out in English and Chinese side by side (not through gettext): the files are the same for every reader.
"""

from __future__ import annotations

from django.conf import settings

from complaints.campaigns.models import SMALL_COUNT

SUPPRESSED_EN = f"empty when it describes fewer than {SMALL_COUNT} people"
SUPPRESSED_ZH = f"涉及人数少于{SMALL_COUNT}人时留空"

# table -> column -> (type, English, Chinese)
DICTIONARY: dict[str, dict[str, tuple[str, str, str]]] = {
    "platforms": {
        "id": ("integer", "Identifier, stable", "稳定的编号"),
        "slug": ("text", "Short name used in addresses", "网址中使用的简称"),
        "name": ("text", "Name (Chinese)", "名称（中文）"),
        "name_en": ("text", "Name (English)", "名称（英文）"),
        "sector": ("text", "Sector code", "行业代码"),
        "website": ("text", "The platform's website", "平台官网"),
        "url": ("text", "The platform's page on Tongsu", "平台在同诉上的页面"),
    },
    "campaigns": {
        "id": ("integer", "Identifier, stable", "稳定的编号"),
        "slug": ("text", "Short name used in addresses", "网址中使用的简称"),
        "title": ("text", "Title as written by the organizers", "组织者撰写的标题"),
        "language": ("text", "Language of the page (zh or en)", "页面语言（zh 或 en）"),
        "platform": ("text", "Slug of the platform", "平台简称"),
        "category": ("text", "Category code of the harm", "损害类别代码"),
        "status": ("text", "open or closed", "进行中（open）或已结束（closed）"),
        "created_on": ("date", "Day the campaign was started", "集体投诉发起日期"),
        "members": ("integer", f"Active members; {SUPPRESSED_EN}", f"当前成员数；{SUPPRESSED_ZH}"),
        "total_claimed_cny": (
            "decimal",
            f"Sum of the amounts members entered, in CNY; {SUPPRESSED_EN}",
            f"成员填写的金额合计（人民币）；{SUPPRESSED_ZH}",
        ),
        "members_made_whole": (
            "integer",
            f"Members who confirmed they were made whole; {SUPPRESSED_EN}",
            f"确认已全额挽回损失的成员数；{SUPPRESSED_ZH}",
        ),
        "url": ("text", "The campaign's page on Tongsu", "集体投诉在同诉上的页面"),
    },
    "filings": {
        "id": (
            "integer",
            "Identifier of the filing sent (one per channel)",
            "已发送投诉文书的编号（每个渠道一条）",
        ),
        "campaign": ("text", "Slug of the campaign", "集体投诉简称"),
        "platform": ("text", "Slug of the platform", "平台简称"),
        "regulator": ("text", "Slug of the regulator", "监管机构简称"),
        "regulator_name": ("text", "Regulator's name (Chinese)", "监管机构名称（中文）"),
        "regulator_name_en": ("text", "Regulator's name (English)", "监管机构名称（英文）"),
        "regulator_kind": ("text", "Kind of body", "机构类型"),
        "channel": ("text", "email, http, postal or by_hand", "发送渠道：email、http、postal 或 by_hand"),
        "sent_on": ("date", "Day the channel confirmed delivery", "渠道确认送达的日期"),
        "due_on": ("date", "Day the answer is due (working days)", "答复期限（按工作日计算）"),
        "first_answer_on": (
            "date",
            "Day the first answer arrived; empty if none",
            "收到首次答复的日期；未答复则留空",
        ),
        "answered_on_time": (
            "boolean",
            "Answered by the deadline; empty while the deadline has not passed",
            "是否在期限内答复；期限未到则留空",
        ),
    },
    "answers": {
        "id": ("integer", "Identifier of the answer", "答复编号"),
        "filing": ("integer", "id in filings.csv", "对应 filings.csv 中的编号"),
        "campaign": ("text", "Slug of the campaign", "集体投诉简称"),
        "regulator": ("text", "Slug of the regulator", "监管机构简称"),
        "received_on": ("date", "Day the answer arrived", "收到答复的日期"),
        "working_days": ("integer", "Working days from delivery to this answer", "从送达到该答复的工作日数"),
        "source": (
            "text",
            "link, email or organizer (recorded by an organizer)",
            "答复途径：link、email 或 organizer",
        ),
    },
    "snapshots": {
        "id": ("integer", "Identifier of the monthly snapshot", "月度快照编号"),
        "platform": ("text", "Slug of the platform", "平台简称"),
        "month": ("text", "Calendar month, Beijing time (YYYY-MM)", "自然月，北京时间（YYYY-MM）"),
        "members_joined": (
            "integer",
            "Members who joined in the month, counted only where the campaign's own joins chart shows the month (a"
            " lower bound: a month of 1-4 joins to a campaign, or a campaign under 5 members, is not counted); null"
            f" when nothing could be counted; {SUPPRESSED_EN}",
            "当月加入的成员数，只计各集体投诉自己的加入人数图表上显示的月份（是下限：某集体投诉当月加入不足 5 人，或成员不足 5 人的"
            f"集体投诉，都不计入）；一人也无法计入时为 null；{SUPPRESSED_ZH}",
        ),
        "campaigns_started": ("integer", "Public campaigns started in the month", "当月发起的公开集体投诉数"),
        "filings_sent": (
            "integer",
            "Filings whose delivery was confirmed in the month",
            "当月确认送达的投诉文书数",
        ),
        "answered_on_time_share": (
            "percent",
            "Of the answer deadlines that fell in the month, the share answered by the deadline",
            "当月到期的答复期限中，按期答复的比例",
        ),
        "regulator_answer_median_days": (
            "decimal",
            "Median working days from delivery to the first answer, for first answers received in the month",
            "当月收到的首次答复中，从送达到首次答复的工作日数中位数",
        ),
        "platform_reply_median_days": (
            "decimal",
            "Median working days from a campaign's publication to the platform's first public reply, for first "
            "replies in the month (empty when there were none)",
            "当月平台首次公开回复的集体投诉中，从集体投诉公开到平台首次回复的"
            "工作日数中位数（当月没有首次回复时留空）",
        ),
        "resolution_share": (
            "percent",
            f"Of members who reported an outcome in the month, the share made whole; {SUPPRESSED_EN}",
            f"当月报告结果的成员中，确认已全额挽回损失的比例；{SUPPRESSED_ZH}",
        ),
        "money_recovered": (
            "decimal",
            f"Sum of the amounts members reported getting back in the month, CNY; {SUPPRESSED_EN}",
            f"当月成员报告已挽回的金额合计（人民币）；{SUPPRESSED_ZH}",
        ),
    },
}

LICENSE_NAME = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def dictionary_json() -> dict:
    return {
        "licence": {"name": LICENSE_NAME, "url": LICENSE_URL},
        "source": settings.SITE_URL,
        "small_count_threshold": SMALL_COUNT,
        "tables": {
            table: {
                "file": f"{table}.csv",
                "fields": [
                    {"name": name, "type": kind, "en": en, "zh": zh}
                    for name, (kind, en, zh) in columns.items()
                ],
            }
            for table, columns in DICTIONARY.items()
        },
    }


def readme_context() -> dict:
    return {
        "tables": [
            {"name": f"{table}.csv", "fields": [(n, *rest) for n, rest in columns.items()]}
            for table, columns in DICTIONARY.items()
        ],
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "site_url": settings.SITE_URL,
        "small_count": SMALL_COUNT,
    }


def fields_for_reader(language: str) -> dict[str, list[dict]]:
    """The dictionary as the API guide shows it: each table's fields with the description in the reader's
    language (Chinese unless the page is in English)."""
    english = (language or "").startswith("en")
    return {
        table: [
            {"name": name, "type": kind, "text": en if english else zh}
            for name, (kind, en, zh) in columns.items()
        ]
        for table, columns in DICTIONARY.items()
    }
