"""A campaign title with its own quotes reads as nested quotes in a notice, not as two opening quotes."""

from __future__ import annotations

from django.utils import translation

from complaints.core.text import inner_quotes
from complaints.notifications import kinds
from complaints.notifications.kinds import Kind


def test_a_quoted_title_nests_its_quotes_in_the_notice_title():
    title = "好多商城充值未到账，客服称“网络问题”"
    with translation.override("zh-hans"):
        words = kinds.render(Kind.UPDATE_POSTED, {"campaign": title})
    assert "“好多商城充值未到账，客服称‘网络问题’”" in words.title
    assert "““" not in words.title and "””" not in words.title


def test_straight_quotes_become_single_curly_ones_and_other_text_is_kept():
    assert inner_quotes('Wallet "froze" my funds') == "Wallet ‘froze’ my funds"
    assert inner_quotes("no quotes 「这里」") == "no quotes 「这里」"
