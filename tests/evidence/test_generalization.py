"""The anonymizer on sentence frames it was never tuned on (tests/evidence/corpus, fold 4 held out)."""

from __future__ import annotations

import pytest

from complaints.evidence.pipeline import anonymize_text
from tests.evidence.corpus.generator import FOLDS, FRAMES, HELD_OUT_FOLD, generate
from tests.evidence.corpus.score import score

REMOVED_FLOOR = 0.995
KEPT_FLOOR = 0.99


def test_the_generator_has_150_frames_in_folds_and_is_deterministic():
    assert len(FRAMES) >= 150
    assert {fid % FOLDS for fid in range(len(FRAMES))} == set(range(FOLDS))
    first = generate(seed=7, per_frame=2)
    assert [r.text for r in first] == [r.text for r in generate(seed=7, per_frame=2)]
    assert all(r.pii for r in first)


def test_held_out_frames_lose_their_names_and_keep_their_evidence(capsys):
    records = generate(seed=25, per_frame=20, folds={HELD_OUT_FOLD})
    s = score(records)
    with capsys.disabled():
        print(
            f"\nheld-out fold {HELD_OUT_FOLD} of {FOLDS} ({len({r.frame for r in records})} frames, "
            f"{len(records)} texts): personal values removed {s.pii_gone}/{s.pii_total} = {s.removed:.4f}; "
            f"amounts, dates and platform names kept {s.keep_kept}/{s.keep_total} = {s.kept:.4f}"
        )
    assert s.removed >= REMOVED_FLOOR, s.missed[:20]
    assert s.kept >= KEPT_FLOOR, s.lost[:20]


# --- names with no cue word in front, written for these tests ------------------------------------

_NAMES_WITHOUT_CUES = [
    ("上周末柏晓岚替我垫了三百块，这事只有她知道。", "柏晓岚"),
    ("退款名单：龚思远、蒋欣然、何一鸣。", "龚思远"),
    ("这份合同是欧阳靖签的，他现在不接电话。", "欧阳靖"),
    ("转账备注里写着彭雨桐，金额2,000元。", "彭雨桐"),
    ("Yesterday Rosalind Ashcombe refused to refund the 300 yuan.", "Rosalind Ashcombe"),
    ("Two of us, Barnaby Whitlock and me, paid the deposit.", "Barnaby Whitlock"),
]


@pytest.mark.parametrize(("text", "name"), _NAMES_WITHOUT_CUES)
def test_a_name_with_no_cue_word_in_front_is_removed(text, name):
    out = anonymize_text(text)[0]
    assert name not in out


@pytest.mark.parametrize(
    "text",
    [
        "我在苏宁易购买的空调一直没送到，付了3,299元。",
        "周大福官方商城扣了我588元会员费。",
        "【高德打车】您的行程费用23.5元已支付。",
        "I paid 45 dollars on Nimbus Mall and Harbor Bank froze my card.",
    ],
)
def test_platform_names_that_start_like_a_name_are_kept(text):
    out, findings = anonymize_text(text)
    assert out == text, findings


def test_a_name_found_once_is_removed_everywhere_in_the_document():
    text = "付款人：邝子墨\n……\n后来子墨说钱不退了，邝子墨也不接电话。"
    out = anonymize_text(text)[0]
    assert "邝子墨" not in out
    assert "子墨" not in out


def test_a_given_name_that_is_an_everyday_word_is_not_removed_alone():
    out = anonymize_text("收款人：王建国。建国以来第一次遇到这种平台，扣了我300元。")[0]
    assert "王建国" not in out
    assert "建国以来" in out


@pytest.mark.parametrize(
    "text",
    [
        "我们高度重视您的反馈，金额将于周末退回。",
        "方便的话请把黄金首饰的发票拍照上传。",
        "平台把我的余额清零了，王者荣耀的皮肤也没了。",
        "钱包里的钱被冻结，马上就要交房租了。",
        "朱家角的快递点关门了，韩国代购也联系不上。",
        "我在杨浦区的门店买的，林业局的人也来看过。",
        "曾经承诺的七天无理由退货，现在不认了。",
    ],
)
def test_ordinary_words_that_start_with_a_surname_are_not_taken_for_names(text):
    out, findings = anonymize_text(text)
    assert out == text, findings


def test_a_greeted_given_name_is_removed_but_a_greeted_team_is_not():
    assert "Harriet" not in anonymize_text("Hi Harriet, the refund of $30 never came.")[0]
    assert "Declan" not in anonymize_text("Thanks Declan! I will wait for the 45 yuan.")[0]
    for text in ("Hello Support, my order is missing.", "Hi Team, please refund $12."):
        assert anonymize_text(text)[0] == text
