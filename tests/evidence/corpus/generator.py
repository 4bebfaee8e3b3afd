"""A seeded generator of complaint texts from 155 frames, for testing on frames held out of tuning.

Each frame has an id (its position: Chinese frames first, then English); fold = id % FOLDS. The
detectors are tuned on the development folds only and judged on HELD_OUT_FOLD.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field

from .frames_en import FRAMES_EN
from .frames_zh import FRAMES_ZH

FOLDS = 5
HELD_OUT_FOLD = 4
FRAMES: list[tuple[str, str]] = [("zh", f) for f in FRAMES_ZH] + [("en", f) for f in FRAMES_EN]

# The generator's own lists (surnames from the common-surname ranking, given-name characters and
# English names chosen by hand); the detector has its own data and never reads these.
_ZH_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁沈"
    "姚卢姜崔钟谭陆汪范金廖贾夏韦傅邹孟熊秦邱薛阎段雷侯史陶黎贺顾毛郝龚邵钱覃戴莫孔汤施樊葛邢"
)
_ZH_COMPOUND = ["欧阳", "司马", "诸葛", "上官", "慕容", "东方", "令狐", "皇甫"]
_ZH_GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉萍志红辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁"
    "龙林欣佳雪琳晨颖婷倩瑶梦璐媛蕾薇嘉怡琪思雨萱涵轩睿泽博文昊然子宸皓翔晓慧彬晶丹毅峰建国"
    "海燕春梅秋菊冬梓铭悦诗雅琦韵清松柏锋震岚芸蓉莉茜蔚"
)
_EN_GIVEN = [
    "Oliver",
    "Harriet",
    "Declan",
    "Imogen",
    "Rupert",
    "Beatrix",
    "Felix",
    "Rosalind",
    "Tobias",
    "Greta",
    "Callum",
    "Mabel",
    "Dominic",
    "Ingrid",
    "Stanley",
    "Priscilla",
    "Everett",
    "Winifred",
    "Lionel",
    "Cordelia",
    "Quentin",
    "Marguerite",
    "Desmond",
    "Ottilie",
    "Gideon",
    "Henrietta",
    "Barnaby",
    "Philippa",
    "Cedric",
    "Eleanor",
    "Marcus",
    "Naomi",
    "Victor",
    "Yvonne",
    "Howard",
    "Lydia",
    "Gordon",
    "Maureen",
]
_EN_FAMILY = [
    "Whitfield",
    "Ashdown",
    "Pemberton",
    "Okafor",
    "Lindqvist",
    "Castellano",
    "Brennan",
    "Hargreaves",
    "Nakamura",
    "Fairbanks",
    "Delacroix",
    "Thornbury",
    "Kowalczyk",
    "Abernathy",
    "Moreau",
    "Gallagher",
    "Sorensen",
    "Radcliffe",
    "Villanueva",
    "Hollis",
    "Mbeki",
    "Carrington",
    "Ferreira",
    "Lockwood",
    "Dimitrov",
    "Blackwood",
    "Eastman",
    "Quigley",
]
_PINYIN_SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
    "Ma",
    "Hu",
    "Guo",
    "Lin",
    "Luo",
    "Song",
    "Tang",
    "Han",
]
_PINYIN_GIVEN = [
    "Wei",
    "Fang",
    "Jing",
    "Lei",
    "Min",
    "Xiaoming",
    "Yuting",
    "Haoran",
    "Zihan",
    "Jiahui",
    "Mingyu",
    "Shuang",
    "Yifan",
    "Ruoxi",
]

_ZH_PLATFORMS = [
    "支付宝",
    "微信支付",
    "京东",
    "淘宝",
    "拼多多",
    "美团",
    "饿了么",
    "抖音",
    "快手",
    "闲鱼",
    "携程",
    "滴滴出行",
    "唯品会",
    "苏宁易购",
    "花呗",
    "京东白条",
    "招商银行",
    "顺丰速运",
    "中通快递",
    "高德打车",
    "小红书",
    "哔哩哔哩",
    "得物",
    "盒马",
    "叮咚买菜",
    "大众点评",
    "去哪儿",
    "同程旅行",
    "网易严选",
    "云闪付",
    "周大福官方商城",
    "汇通钱包",
    "乐享商城",
    "金鼎理财",
]
_EN_PLATFORMS = [
    "PayPal",
    "Alipay",
    "WeChat Pay",
    "Taobao",
    "JD.com",
    "Meituan",
    "Pinduoduo",
    "Shopee",
    "Temu",
    "AliExpress",
    "Lazada",
    "Grab",
    "Revolut",
    "Wise",
    "Trip.com",
    "Klarna",
    "SwiftPay Wallet",
    "BrightCart",
    "Harbor Bank",
    "Nimbus Mall",
]


@dataclass
class Record:
    id: str
    frame: int
    fold: int
    lang: str
    text: str
    pii: list[dict[str, str]] = field(default_factory=list)
    keep: list[dict[str, str]] = field(default_factory=list)


def _everyday_word(word: str) -> bool:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return (jieba.dt.FREQ.get(word) or 0) >= 500


def _zh_name(rng: random.Random) -> str:
    """A surname and one or two given characters; a draw that spells an everyday word ("韩国"
    Korea, "金子" gold) is drawn again, since no reader could tell it is a person."""
    while True:
        surname = rng.choice(_ZH_COMPOUND) if rng.random() < 0.06 else rng.choice(_ZH_SURNAMES)
        name = surname + "".join(rng.choice(_ZH_GIVEN) for _ in range(1 if rng.random() < 0.3 else 2))
        if not _everyday_word(name):
            return name


def _en_name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.2:
        return f"{rng.choice(_PINYIN_SURNAMES)} {rng.choice(_PINYIN_GIVEN)}"
    if r < 0.3:
        return f"{rng.choice(_PINYIN_GIVEN)} {rng.choice(_PINYIN_SURNAMES)}"
    return f"{rng.choice(_EN_GIVEN)} {rng.choice(_EN_FAMILY)}"


def _amount(rng: random.Random, lang: str) -> str:
    value = rng.choice([rng.randint(10, 999), rng.randint(1000, 99999)]) + rng.choice([0, 0, 0.5, 0.99, 0.3])
    num = f"{value:,.2f}" if value >= 1000 and rng.random() < 0.5 else f"{value:.2f}".removesuffix(".00")
    if lang == "zh":
        return rng.choice([f"{num}元", f"¥{num}", f"人民币{num}元", f"{num}块"])
    return rng.choice([f"${num}", f"¥{num}", f"{num} yuan", f"RMB {num}", f"£{num}"])


def _date(rng: random.Random, lang: str) -> str:
    y, m, d = rng.randint(2021, 2026), rng.randint(1, 12), rng.randint(1, 28)
    if lang == "zh":
        return rng.choice([f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{m}月{d}日", f"{y}/{m}/{d}"])
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return rng.choice([f"{d} {months[m - 1]} {y}", f"{months[m - 1]} {d}, {y}", f"{y}-{m:02d}-{d:02d}"])


def _phone(rng: random.Random, lang: str) -> str:
    if lang == "zh" or rng.random() < 0.5:
        return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
    return f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"


def _fill(frame: str, lang: str, rng: random.Random, rec: Record) -> str:
    name = _zh_name if lang == "zh" else _en_name
    values = {
        "n": name(rng),
        "m": name(rng),
        "t": _phone(rng, lang),
        "a": _amount(rng, lang),
        "d": _date(rng, lang),
    }
    values["p"] = rng.choice(_ZH_PLATFORMS if lang == "zh" else _EN_PLATFORMS)
    while values["m"] == values["n"]:
        values["m"] = name(rng)
    for key in "nmt":
        if "{" + key + "}" in frame:
            rec.pii.append({"type": "PHONE" if key == "t" else "PERSON", "value": values[key]})
    for key in "adp":
        if "{" + key + "}" in frame:
            rec.keep.append(
                {"type": {"a": "AMOUNT", "d": "DATE", "p": "PLATFORM"}[key], "value": values[key]}
            )
    return frame.format(**values)


def generate(*, seed: int = 25, per_frame: int = 20, folds: set[int] | None = None) -> list[Record]:
    """`per_frame` texts from every frame in `folds` (all by default), deterministic for a seed."""
    rng = random.Random(seed)
    out: list[Record] = []
    for fid, (lang, frame) in enumerate(FRAMES):
        fold = fid % FOLDS
        for k in range(per_frame):
            rec = Record(id=f"{fid}-{k}", frame=fid, fold=fold, lang=lang, text="")
            rec.text = _fill(frame, lang, rng, rec)
            if folds is None or fold in folds:
                out.append(rec)
    return out
