"""Postal addresses: Chinese administrative chains and English street addresses."""

from __future__ import annotations

import re

from .base import FindingType, Scan

# Characters that end a place name looking leftwards: "我住在北京市" starts at 北, not at 我.
_STOP = "我你他她的在是到址寄送了和从往向给把被叫住这那个于及与或就都也还要请帮收人电话手机号码说问称搬迁位居"
_N = rf"(?:(?![{_STOP}])[\u4e00-\u9fff])"
_ADMIN = (
    rf"(?:{_N}{{2,8}}?(?:省|自治区|特别行政区)|{_N}{{1,8}}?(?:市|自治州|地区|盟)|{_N}{{1,8}}?(?:区|县|旗)"
    rf"|{_N}{{1,8}}?(?:镇|乡|街道|村|社区|开发区|新区|工业园))"
)
_NUM_START = r"(?:[0-9]+|[A-Za-z]|[一二三四五六七八九十]{1,3})(?:号楼|号院|号|栋|幢|座|单元|层|楼|室|期|弄)"
_STREET = (
    rf"(?:(?:{_N}|[0-9]){{1,10}}?(?:大道|大街|路|街|巷|弄|胡同)"
    # "道" alone ends too many words (知道, 渠道); it is a street only before a house number.
    rf"|(?:{_N}|[0-9]){{1,10}}?道(?={_NUM_START}))"
)
_COMMUNITY = rf"(?:{_N}{{2,10}}?(?:小区|花园|公寓|大厦|家园|新村|广场|大楼|宿舍|公馆|山庄|名苑|苑))"
# Any named place right before a building or unit number: "软件园2号楼", "金融中心45楼".
_BUILDING = rf"(?:{_N}{{1,12}}?(?={_NUM_START}))"
_NUM = (
    r"(?:(?:[0-9]+(?:[-之][0-9]+)*|[A-Za-z]|[一二三四五六七八九十百零〇]{1,4})"
    r"(?:号院|号楼|号|弄|栋|幢|座|单元|层|楼|室|户|组|期|区)"
    # A bare room number after a building ("B座2201").
    r"(?:(?<=[座栋幢楼元])[0-9]{2,5}(?:室|房)?)?)"
)
CN_ADDR_RE = re.compile(
    rf"(?:{_ADMIN}\s?){{0,6}}(?:(?:{_STREET}|{_COMMUNITY}|{_BUILDING})?\s?(?:{_NUM}\s?-?){{0,6}}){{0,4}}"
    r"(?:[0-9]+(?:-[0-9]+){1,2}(?:室|号)?)?"
)
_HAS_ADMIN = re.compile(_ADMIN)
_HAS_STREET = re.compile(_STREET)
_HAS_COMMUNITY = re.compile(_COMMUNITY)
_HAS_NUM = re.compile(_NUM + r"|[0-9]+-[0-9]+")

_ST_TYPE = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|"
    r"Close|Crescent|Cres|Square|Sq|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Trail|Row|Walk|Mews|Gardens|"
    r"Park|Hill|Grove|Parade|Esplanade|Quay|Wharf)"
)
_UNIT = r"(?:Apt|Apartment|Unit|Suite|Ste|Flat|Floor|Fl|Room|Rm|Building|Bldg|Block|Blk|Tower)\.?[ \t]?#?[A-Za-z0-9-]+"
_CITY = r"[A-Z][a-z'’-]+(?:[ \t][A-Z][a-z'’-]+){0,2}"
# Spaces only, never a line break: an OCR line or a form row ends the address.
EN_ADDR_RE = re.compile(
    rf"(?:{_UNIT},?[ \t]){{0,3}}"
    rf"\b[0-9]{{1,6}}[A-Za-z]?(?:[-/][0-9]+)?,?[ \t](?:(?:[A-Z][A-Za-z'’.-]*|[0-9]+(?:st|nd|rd|th))[ \t]){{1,4}}{_ST_TYPE}\b\.?"
    rf"(?:,?[ \t]{_UNIT})?"
    rf"(?:,[ \t]?{_CITY}(?:[ \t](?:District|City|County|Province|State))?)?"
    rf"(?:,[ \t]?{_CITY}[ \t](?:District|City|County|Province|State))?"
    rf"(?:,?[ \t](?:[A-Z]{{2}}[ \t])?[0-9]{{5}}(?:-[0-9]{{4}})?)?"
    rf"(?:,?[ \t][A-Z]{{1,2}}[0-9][A-Z0-9]?[ \t]?[0-9][A-Z]{{2}})?"
)
PO_BOX_RE = re.compile(r"\b(?:P\.?\s?O\.?\s?Box|Post Office Box)\s?[0-9]+", re.IGNORECASE)


def _accept_cn(value: str) -> bool:
    street = bool(_HAS_STREET.search(value))
    num = bool(_HAS_NUM.search(value))
    admin = bool(_HAS_ADMIN.search(value))
    community = bool(_HAS_COMMUNITY.search(value))
    if street and (num or admin):
        return True
    if admin and (num or community):
        return True
    if community and num:
        return True
    # "3号楼2单元501室" needs no street to be someone's door.
    return len(_HAS_NUM.findall(value)) >= 2 and bool(re.search("室|栋|幢|单元|号楼", value))


def find_addresses(scan: Scan) -> None:
    text = scan.text
    for m in CN_ADDR_RE.finditer(text):
        value = m.group().rstrip(" -")
        if len(value) >= 5 and _accept_cn(value):
            scan.add(FindingType.ADDRESS, m.start(), m.start() + len(value), 0.8, "cn_address", claim=False)
    for rx in (EN_ADDR_RE, PO_BOX_RE):
        for m in rx.finditer(text):
            scan.add(FindingType.ADDRESS, m.start(), m.end(), 0.8, "en_address", claim=False)
