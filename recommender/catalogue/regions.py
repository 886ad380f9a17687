"""ISO 3166-2 region codes of the markets plan files may sell in.

A plan file names its market with ``operator.country``; conditions of sale and a person's
``about.region`` use the subdivision codes of a loaded market (China's by default).
"""

import re
from functools import cache

from ..profile import REGION_PATTERN as SUBDIVISION_PATTERN
from ..profile import plain_written

REGION_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
"""A subdivision (CN-SH), or a whole country (US) in conditions of sale."""

COUNTRIES: dict[str, frozenset[str]] = {
    # ISO 3166-2:CN: 23 provinces, 5 autonomous regions, 4 municipalities, 2 SARs, and TW as listed.
    "CN": frozenset(f"CN-{c}" for c in (
        "AH BJ CQ FJ GD GS GX GZ HA HB HE HI HK HL HN JL JS JX LN MO NM NX QH SC SD SH SN SX TJ TW XJ XZ YN ZJ"
    ).split()),
    # ISO 3166-2:US: 50 states and the District of Columbia.
    "US": frozenset(f"US-{c}" for c in (
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
        "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
    ).split()),
}


@cache
def _region_names() -> dict[str, str]:
    """China's provinces, regions and municipalities by their names, to their codes (``regions: [北京]`` is CN-BJ):
    the names the Chinese and English wordings give them (``region.CN-*`` of ``messages/zh.json`` and ``en.json``;
    the English in lower case, without spaces), and the pinyin of the two whose English name is another word, read
    once, when a region written as a name is to be told its code (a plan file's problem: not at start-up)."""
    from ..messages import catalogue

    names = {name: key.removeprefix("region.") for key, name in catalogue("zh").items() if key.startswith("region.CN-")}
    names |= {_squeezed(name): key.removeprefix("region.") for key, name in catalogue("en").items()
              if key.startswith("region.CN-")}
    return names | {"xizang": "CN-XZ", "neimenggu": "CN-NM", "neimongol": "CN-NM", "macau": "CN-MO"}


_NAME_ENDS = re.compile("(?:省|市|特别行政区|自治区|壮族自治区|回族自治区|维吾尔自治区)$")
_ENGLISH_ENDS = re.compile("(?:province|sheng|shi|city|municipality|autonomousregion|sar)$")


def _squeezed(name: str) -> str:
    """An English or pinyin name as it is looked up: lower case, without spaces, hyphens or apostrophes (Xi'an,
    Xi’an: xian)."""
    return re.sub(r"[\s\-'’]", "", name).lower()


def code_of_name(written: str) -> str | None:
    """The region code a name means (``北京``, ``上海市``, ``广西壮族自治区``, ``Guangdong``, ``Beijing Shi``), or
    a code written otherwise does (``cn-gd``, ``us``: found by the product QA, told only what a code looks like;
    ``ＣＮ-ＧＤ`` in full-width letters, ``CN-GD`` with a zero-width space: found by the eligibility test, as an
    operator's id so written was told its id), if it is one."""
    upper = plain_written(written).upper()
    if upper in COUNTRIES or any(upper in codes for codes in COUNTRIES.values()):
        return upper
    return _looked_up(_region_names(), written)


def _looked_up(names: dict[str, str], written: str) -> str | None:
    """The code ``names`` gives a name as written: as it is, without its Chinese ending (省, 市, 自治区 …), then as an
    English or pinyin name is looked up (``_squeezed``), with or without its English ending (Province, Shi, City …)."""
    name = plain_written(written)
    squeezed = _squeezed(name)
    return (names.get(name) or names.get(_NAME_ENDS.sub("", name)) or names.get(squeezed)
            or names.get(_ENGLISH_ENDS.sub("", squeezed)))


CITIES: dict[str, str] = {
    city: f"CN-{code}" for code, cities in (part.split(":") for part in (
        "HE:石家庄 SX:太原 NM:呼和浩特 LN:沈阳,大连 JL:长春 HL:哈尔滨 JS:南京,苏州,无锡 "
        "ZJ:杭州,宁波,温州 AH:合肥 FJ:福州,厦门 JX:南昌 SD:济南,青岛 HA:郑州 HB:武汉 HN:长沙 "
        "GD:广州,深圳,东莞,佛山 GX:南宁 HI:海口,三亚 SC:成都 GZ:贵阳 YN:昆明 XZ:拉萨 SN:西安 "
        "GS:兰州 QH:西宁 NX:银川 XJ:乌鲁木齐 "
    ).split()) for city in cities.split(",")
} | {
    "shijiazhuang": "CN-HE", "taiyuan": "CN-SX", "hohhot": "CN-NM", "huhehaote": "CN-NM", "shenyang": "CN-LN",
    "dalian": "CN-LN", "changchun": "CN-JL", "harbin": "CN-HL", "haerbin": "CN-HL", "nanjing": "CN-JS",
    "wuxi": "CN-JS", "hangzhou": "CN-ZJ", "ningbo": "CN-ZJ", "wenzhou": "CN-ZJ", "hefei": "CN-AH", "xiamen": "CN-FJ",
    "amoy": "CN-FJ", "nanchang": "CN-JX", "jinan": "CN-SD", "qingdao": "CN-SD", "zhengzhou": "CN-HA", "wuhan": "CN-HB",
    "changsha": "CN-HN", "guangzhou": "CN-GD", "canton": "CN-GD", "shenzhen": "CN-GD", "dongguan": "CN-GD",
    "foshan": "CN-GD", "nanning": "CN-GX", "haikou": "CN-HI", "sanya": "CN-HI", "chengdu": "CN-SC",
    "guiyang": "CN-GZ", "kunming": "CN-YN", "lhasa": "CN-XZ", "lasa": "CN-XZ", "xian": "CN-SN",
    "lanzhou": "CN-GS", "xining": "CN-QH", "yinchuan": "CN-NX", "urumqi": "CN-XJ", "wulumuqi": "CN-XJ",
}
"""The provinces of the mainland's provincial capitals and largest other cities, by their Chinese names and their
English or pinyin ones (lower case, without spaces): where a person or a population who live there are told the
code to write (``about.region: 广州`` or ``Shenzhen``: CN-GD; found by the eligibility test, a city was only told
what a code looks like).  Not a plan file's: an offer sold in one city is not its province's (a plan file's region
written as a city is told only what a region is).  A pinyin two cities share (Fuzhou: 福州, Fujian, and 抚州, Jiangxi;
Suzhou: 苏州, Jiangsu, and 宿州, Anhui) is left out: which is meant cannot be said."""


def province_of_city(written: str) -> str | None:
    """The region code of the province a city of ``CITIES`` is in (``广州``, ``广州市``, ``Guangzhou City``), if it
    is one."""
    return _looked_up(CITIES, written)


UTC_OFFSETS: dict[str, str] = {"CN": "+08:00"}
"""A market's offset from UTC where the whole market keeps one (China Standard Time, no summer time): a sale
window's day begins and ends there.  A market of several time zones (US) has none here: its windows are in UTC."""


ELSEWHERE: dict[str, frozenset[str]] = {"CN": frozenset({"CN-HK", "CN-MO", "CN-TW"})}
"""Subdivisions of a country that its code does not cover as a market: China's operators sell in the mainland, and
Hong Kong, Macao and Taiwan have operators of their own, where a mainland plan's use is roaming (as the form and the
CLI say of roaming).  A person living in Hong Kong (``about.region: CN-HK``) was offered mainland plans as living in
China (found by the user test)."""
MAINLAND = COUNTRIES["CN"] - ELSEWHERE["CN"]
"""The 31 provinces, autonomous regions and municipalities of the Chinese mainland."""


def regions_of(countries: set[str] | frozenset[str]) -> frozenset[str]:
    """The region codes of these markets (China's always: the project's home market), but those ``ELSEWHERE``: a
    person's ``about.region`` of Hong Kong, or a plan file's ``regions: [CN-HK]``, is refused as of no market here,
    as ``within`` keeps them outside it (found in review: CN-HK was accepted, to be told no plan was for them)."""
    return frozenset().union(*(COUNTRIES[c] - ELSEWHERE.get(c, frozenset()) for c in {"CN", *countries}
                               if c in COUNTRIES))


def within(region: str, regions: frozenset[str]) -> bool:
    """Whether a person's region is one of ``regions`` (a country code covers its subdivisions, but those
    ``ELSEWHERE``: CN is the Chinese mainland)."""
    if region in regions:
        return True
    country = region.split("-", 1)[0]
    return country in regions and region not in ELSEWHERE.get(country, ())


def share_a_place(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of region codes name a place in common (``within`` either way: a country holds its
    subdivisions)."""
    return any(within(x, b) for x in a) or any(within(y, a) for y in b)


def is_subdivision(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-2 subdivision code, one of its country's where the country is listed here
    (``CN-XX`` is none): what a person's region may be."""
    country = code.split("-", 1)[0]
    return re.fullmatch(SUBDIVISION_PATTERN, code) is not None and (country not in COUNTRIES
                                                                    or code in COUNTRIES[country])
