"""One search function on both databases (make test: SQLite FTS5; make test-services: PostgreSQL pg_trgm)."""

from __future__ import annotations

import pytest
from django.db import connection

from complaints.campaigns.search import campaign_search, similarity_terms
from tests.factories import CampaignFactory, PlatformFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns(db):
    shop = PlatformFactory(slug="taobao", name="淘宝", name_en="Taobao", aliases=["淘宝网", "Tmall 天猫"])
    wallet = PlatformFactory(slug="wallet", name="钱包宝", name_en="QianbaoPay", aliases=["QB Wallet"])
    return {
        "topup": CampaignFactory(platform=shop, title="淘宝充值未到账", summary="扣款成功但是余额没有增加"),
        "frozen": CampaignFactory(
            platform=wallet, title="钱包宝冻结余额", summary="账户被冻结，申诉无人回复"
        ),
        "english": CampaignFactory(
            platform=wallet, title="Unauthorized withdrawals from my wallet", summary="Refund refused"
        ),
    }


def test_chinese_substring_without_spaces_finds_the_campaign(campaigns):
    assert list(campaign_search("充值未到账")) == [campaigns["topup"]]
    assert list(campaign_search("余额没有增加")) == [campaigns["topup"]], "matches the summary too"
    assert set(campaign_search("冻结余额")) == {campaigns["frozen"]}


def test_short_queries_fall_back_to_substring(campaigns):
    assert list(campaign_search("冻结")) == [campaigns["frozen"]], "two characters are a whole Chinese word"
    assert set(campaign_search("余额")) == {campaigns["topup"], campaigns["frozen"]}


def test_a_platform_alias_finds_its_campaigns(campaigns):
    assert list(campaign_search("天猫")) == [campaigns["topup"]]
    assert list(campaign_search("taobao")) == [campaigns["topup"]]
    assert set(campaign_search("QB Wallet")) == {campaigns["frozen"], campaigns["english"]}


def test_english_is_case_and_width_insensitive(campaigns):
    assert list(campaign_search("UNAUTHORIZED withdrawals")) == [campaigns["english"]]
    assert list(campaign_search("Ｗｉｔｈｄｒａｗａｌｓ")) == [campaigns["english"]], (
        "full-width letters (Chinese keyboard)"
    )


def test_every_term_must_match(campaigns):
    assert list(campaign_search("淘宝 冻结")) == []
    assert list(campaign_search("钱包宝 冻结")) == [campaigns["frozen"]]


def test_query_syntax_is_never_interpreted(campaigns):
    for query in [
        '"',
        '"""',
        "(((",
        'a"b"c',
        '充值" OR "冻结',
        "* AND NOT",
        "%",
        "_",
        "NEAR(a b)",
        "\x00abc",
        "^充值",
    ]:
        assert list(campaign_search(query)) in ([], [campaigns["topup"]]), query


def test_similar_text_ranks_by_shared_words(campaigns):
    found = list(campaign_search("我充值了钱，可是一直没到账，余额也没有增加", mode="any"))
    assert found[0] == campaigns["topup"]
    assert campaigns["english"] not in found


def test_similarity_terms_use_chinese_pairs_and_latin_words():
    terms = similarity_terms("充值未到账 refund refused!")
    assert "充值" in terms and "到账" in terms and "refund" in terms


def test_the_index_is_the_one_for_this_database(campaigns):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM campaigns_campaign_fts")
            assert cursor.fetchone()[0] == 3
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'campaign_search_trgm'")
            assert "gin_trgm_ops" in cursor.fetchone()[0]
