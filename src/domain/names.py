"""The name policy (R3, R4): one module, the rules as data.

A name, an avatar's text and an introduction are reviewed at registration and at
every change (2021 Art 8 ¶2; 2022 Arts 7, 8, 10). Each `Rule` is a row of data: the
regexes it looks for, the fields it covers, its outcome and the article it cites;
`NamePolicy.review` only runs the rows. Protected and barred names are lists rather
than regexes and are compared by association key, so that a lookalike, a
traditional-script or a decorated copy of a name is still caught (2022 Art 10 ¶3).

Every rule sees the text in one of three views (`View`): Chinese words are matched on
the normalised key, where spaces and punctuation are gone (Chinese has no word
boundaries to lose, and "新 闻" or "新·闻" must still read as 新闻); Latin words on the
case-folded text with its spaces kept, so that `\\b` works and "Newsom" is not "news";
acronyms that are ordinary words in lower case ("WHO", "UN") on the text with its case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from accountledger.domain.articles import check_basis

FIELDS = ("name", "avatar", "introduction")


class Outcome(StrEnum):
    ACCEPT = "accept"
    REVIEW = "review"
    REJECT = "reject"


_SEVERITY = {Outcome.ACCEPT: 0, Outcome.REVIEW: 1, Outcome.REJECT: 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    outcome: Outcome
    article: str
    detail: str


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    findings: tuple[Finding, ...]


class View(StrEnum):
    """Which form of the text a rule's patterns are written against."""

    KEY = "key"  # normalise(), traditional script folded to simplified: Chinese words
    WORDS = "words"  # NFKC + casefold, spaces and punctuation kept: Latin words with \b
    CASED = "cased"  # NFKC only: acronyms that are ordinary words once lower-cased


@dataclass(frozen=True)
class Rule:
    """One row of the policy: where a rule looks, what it looks for, what it decides."""

    id: str
    outcome: Outcome
    article: str
    fields: frozenset[str]
    patterns: tuple[str, ...]
    description: str
    view: View = View.KEY
    # Also look after folding lookalikes and homophones; a hit only there is a trick
    # (2022 Art 8 item 6). Foldable patterns must not contain digits, which fold too.
    foldable: bool = False
    # A licence that lifts the rule, e.g. "news" for a licensed news service.
    waived_by: str = ""


# ---------------------------------------------------------------- normalisation

_NOT_WORD = re.compile(r"[\W_]+")


def _casefold(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _normalise_once(text: str) -> str:
    return _NOT_WORD.sub("", _casefold(text))


def normalise(text: str) -> str:
    """The key under which a name is unique: NFKC, casefold, letters and digits only."""
    key = _normalise_once(text)
    if key.isascii():
        return key
    # Removing punctuation can bring together characters that compose (Hangul jamo),
    # so repeat until stable: the key must be its own key.
    while (again := _normalise_once(key)) != key:
        key = again
    return key


# ----------------------------------------------------------------- fold tables

# Traditional script is a script, not a trick: it is folded in every view, so 新聞
# reads as 新闻. Only characters that occur in the rules and the protected names.
_TRADITIONAL = (
    "國国 報报 聞闻 網网 門门 華华 東东 電电 視视 臺台 訊讯 務务 廣广 黨党 軍军 區区 "
    "檢检 會会 員员 際际 衛卫 組组 織织 聯联 發发 權权 頂顶 級级 碼码 掃扫 號号 時时 "
    "導导 專专 業业 產产 體体 關关 長长 說说 團团 騰腾 為为 與与 島岛 灣湾 廳厅 稅税 "
    "辦办 協协 監监 紀纪 隊队 寧宁 遼辽 陝陕 蘇苏 貴贵 慶庆 龍龙 滬沪 鄉乡 縣县 鎮镇 "
    "賬账 號号 戶户 團团 劃划 書书 傳传 頻频"
)
_SIMPLIFIED = str.maketrans({pair[0]: pair[1] for pair in _TRADITIONAL.split()})

# Latin lookalikes: i, l and 1 fold to one letter because each stands for the others.
_LETTERS = str.maketrans(
    {
        "0": "o",
        "1": "l",
        "i": "l",
        "3": "e",
        "5": "s",
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "l",
        "ї": "l",
        "ӏ": "l",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ь": "b",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "l",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "γ": "y",
        "ω": "w",
    }
)
_DIGRAPHS = (("rn", "m"), ("vv", "w"))
# Symbols stand for letters only inside a word: "p@lice", not "Yum!".
_SYMBOLS = re.compile(r"(?<=[^\W_])[@$!|](?=[^\W_])")
_SYMBOL_LETTERS = {"@": "a", "$": "s", "!": "l", "|": "l"}
# Letters spelled out one by one ("n.e.w.s", "N E W S") to slip past word rules.
_SPELLED = re.compile(r"(?<![^\W\d_])[a-z](?:[^\w]{1,2}[a-z](?![^\W\d_])){2,}")
_NOT_LATIN = re.compile(r"[^a-z]")

# Homophones and near-forms used to dodge filters; whole words only, because a
# single-character swap (当 -> 党) would turn ordinary words into organ names.
_HOMOPHONES = {
    "正府": "政府",
    "政付": "政府",
    "政腐": "政府",
    "井察": "警察",
    "警查": "警察",
    "警擦": "警察",
    "公按": "公安",
    "检查院": "检察院",
    "曰报": "日报",
    "芯闻": "新闻",
    "薪闻": "新闻",
    "新蚊": "新闻",
    "锅家": "国家",
    "仲国": "中国",
    "宫方": "官方",
    "管方": "官方",
}
_HOMOPHONE = re.compile("|".join(sorted(_HOMOPHONES, key=len, reverse=True)))


def _fold_symbols(text: str) -> str:
    if not _SYMBOLS.search(text):
        return text
    return _SYMBOLS.sub(lambda m: _SYMBOL_LETTERS[m.group()], text)


def _fold_letters(text: str) -> str:
    folded = text.translate(_LETTERS)
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    return folded


def _join_spelled(text: str) -> str:
    return _SPELLED.sub(lambda m: _NOT_LATIN.sub("", m.group()), text)


def _fold_homophones(text: str) -> str:
    return _HOMOPHONE.sub(lambda m: _HOMOPHONES[m.group()], text)


def _fold_key(key: str) -> str:
    return _fold_homophones(_fold_letters(key).translate(_SIMPLIFIED))


def _fold_words(words: str) -> str:
    return _join_spelled(_fold_letters(_fold_symbols(words)))


# ------------------------------------------------------------- association key

_AFFIX_WORDS = "official|real|the"
_CJK_AFFIXES = "官方账号|官方|正版|真"
_LEADING_WORDS = re.compile(rf"\A(?:[\W_]*\b(?:{_AFFIX_WORDS})\b)+")
_TRAILING_WORDS = re.compile(rf"(?:\b(?:{_AFFIX_WORDS})\b[\W_]*)+\Z")
# On the key, a Latin affix counts only where it meets non-Latin text ("official腾讯"):
# elsewhere it may be the start of a word ("theatre").
_LEADING = re.compile(rf"\A(?:{_CJK_AFFIXES}|(?:{_AFFIX_WORDS})(?![a-z]))+")
_TRAILING = re.compile(rf"(?:{_CJK_AFFIXES}|(?<![a-z])(?:{_AFFIX_WORDS}))+\Z|\d+\Z")


def _strip_affix_words(words: str) -> str:
    stripped = _TRAILING_WORDS.sub("", _LEADING_WORDS.sub("", words))
    return stripped if _NOT_WORD.sub("", stripped) else words


def _strip_affixes(key: str) -> str:
    stripped = key
    while (again := _TRAILING.sub("", _LEADING.sub("", stripped))) != stripped:
        stripped = again
    return stripped or key


@lru_cache(maxsize=8192)
def _key(text: str, fold: bool) -> str:
    words = _casefold(text)
    if fold:
        words = _fold_symbols(words)
    key = _strip_affixes(normalise(_strip_affix_words(words))).translate(_SIMPLIFIED)
    if fold:
        key = _fold_key(key)
    return _strip_affixes(key)


def association_key(text: str) -> str:
    """A coarse key for "closely associated" names: lookalikes, script and affixes folded."""
    return _key(text, True)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _substantial(key: str) -> bool:
    # One shared Chinese character or a three-letter run is coincidence, not association.
    cjk = len(_CJK.findall(key))
    return cjk >= 2 or len(key) - cjk >= 4


def _one_edit(short: str, long: str) -> bool:
    # Past the first difference the rest must line up, shifted by one for an insertion.
    pairs = zip(short, long, strict=False)
    i = next((i for i, (a, b) in enumerate(pairs) if a != b), len(short))
    if len(short) == len(long):
        return short[i + 1 :] == long[i + 1 :] and i < len(short)
    return short[i:] == long[i + 1 :]


def _associated(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if short in long:
        return _substantial(short)
    return len(short) >= 4 and len(long) - len(short) <= 1 and _one_edit(short, long)


def closely_associated(name: str, other: str) -> bool:
    """Equal keys, one key inside the other, or one edit apart (2022 Art 10 ¶3)."""
    return _associated(association_key(name), association_key(other))


# ------------------------------------------------------------------ the rules

_IDENTITY = frozenset({"name", "avatar"})
_INTRO = frozenset({"introduction"})
_NAME = frozenset({"name"})
_ALL = frozenset(FIELDS)

_ORGAN_ZH = (
    "中共|党委|党组|纪委|监委|人民政府|政府|政务|公安|警察|警方|交警|派出所|法院|检察院|"
    "部队|军区|解放军|武警|国务院|委员会|人大常委|政协|外交部|国防部|海关|税务局|办公厅",
)
_ORGAN_EN = (
    r"\b(?:government|govt|gov|police|ministry|army|military|procuratorate|embassy|"
    r"consulate|cpc|ccp|state\s+council|party\s+committee|communist\s+party|"
    r"public\s+security|armed\s+police|people[’']?s\s+liberation\s+army|court\s+of\s+law|"
    r"(?:supreme|high|district|intermediate|people[’']?s|county|municipal|provincial)"
    r"\s+court)\b",
)
_INTL_ZH = (
    "联合国|世界卫生组织|世卫组织|世界贸易组织|世贸组织|国际奥委会|红十字会|"
    "国际货币基金组织|世界银行|国际刑警组织|北约|欧盟|东盟",
)
_INTL_EN = (
    r"\b(?:united\s+nations|unicef|unesco|world\s+health\s+organi[sz]ation|"
    r"world\s+trade\s+organi[sz]ation|world\s+bank|interpol|red\s+cross|"
    r"international\s+olympic\s+committee|international\s+monetary\s+fund)\b",
)
# Lower case these are English words ("who", "un-"); only the capitals name the body.
_INTL_ACRONYMS = (r"\b(?:UN|WHO|WTO|IMF|IOC|NATO|ASEAN)\b",)
# 日报/晚报 are also "daily quote", "sign up late": the look-ahead keeps those out.
_NEWS_ZH = ("新闻|报道|快讯|日报(?!价|名|到|告)|晚报(?!名|到)|通讯社|电视台|广播电台",)
_NEWS_EN = (
    r"\b(?:news|newswire|gazette|tv|reports?|reporters?|press\s+agency|broadcasting)\b",
    # Masthead words are news-like as the last word ("China Daily", "Global Times"),
    # ordinary elsewhere ("Daily Sketch", "French Press Coffee").
    r"\b(?:daily|times|press|herald|tribune)[\W_]*\Z",
)
_STATE_ZH = ("中国|中华|国家|全国|\\A国际",)
_STATE_EN = (r"\b(?:china|chinese|national|state|prc)\b",)
_PLACES_ZH = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|"
    "湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|"
    "香港|澳门|广州|深圳|杭州|南京|武汉|成都|西安|长沙|郑州|济南|沈阳|哈尔滨|昆明|福州|"
    "合肥|南昌|石家庄|太原|长春|贵阳|兰州|西宁|拉萨|银川|乌鲁木齐|呼和浩特|南宁|海口"
)
_PLACES_EN = (
    "beijing|tianjin|shanghai|chongqing|guangzhou|shenzhen|hangzhou|nanjing|wuhan|chengdu|"
    "xi[’']?an|hong\\s+kong|macau|macao|taiwan|tibet|xinjiang|guangdong|sichuan|yunnan|"
    "zhejiang|jiangsu|shandong|henan|hubei|hunan|fujian|hainan"
)
_PLACE_ZH = (
    f"(?:{_PLACES_ZH})(?:市|省)?(?:发布|官方|官微|政务|通报)",
    f"官方(?:{_PLACES_ZH})",
)
_PLACE_EN = (
    rf"\b(?:{_PLACES_EN})\s+(?:official|gov|government|release|bulletin|municipal)\b",
    rf"\bofficial\s+(?:{_PLACES_EN})\b",
)
_SELF_ZH = ("最(?!近|后|初|终)|第一(?!次|天|步|课|章|集|期|季|篇|回|部)|唯一|顶级|权威|首席",)
_SELF_EN = (r"\b(?:best|top|authoritative|number\s+one)\b",)
_SELF_EN_DIGITS = (r"\bno\.?\s?1\b|#1\b|\bnumber\s?1\b",)
_OFFICIAL_ZH = ("官方|官微",)
_OFFICIAL_EN = (r"\bofficial\b",)

_TLDS = (
    "com|cn|net|org|io|cc|co|me|tv|top|xyz|info|vip|shop|site|online|app|club|link|ltd|"
    "wang|hk|tw|gov|edu"
)
# A real dot has no spaces around it, so "tea. net profits" is prose; the spelled-out
# dots used to dodge filters ("点", "dot") may have them.
_DOT = r"(?:\.|。|\s?点\s?|\s?dot\s?|\s?\(dot\)\s?|\s?\[dot\]\s?)"
_URL = (
    r"https?://\S*|\bwww\.\S*",
    rf"(?<![a-z0-9@.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*{_DOT}(?:{_TLDS})\b",
)
_EMAIL = (
    r"(?<![a-z0-9._%+-])[a-z0-9._%+-]+\s?(?:@|\(at\)|\[at\]|艾特|\sat\s)\s?"
    rf"[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*?{_DOT}(?:{_TLDS})\b",
)
# Separators are gone on the key, so "138-0013 8000" and full-width digits read alike.
_MOBILE = (r"(?<!\d)(?:86)?1[3-9]\d{9}(?!\d)",)
_CONTACT = (
    r"(?<!\d)(?:0\d{2,3}|400)[\s-]\d{3,4}[\s-]?\d{4}(?!\d)",
    # A handle marker followed by an id with a digit ("vx abc123", "qq 12345678").
    r"(?<![a-z])(?:微信号?|薇信|威信|v信|vx|wx|wechat(?:\s?id)?|weixin(?:\s?id)?|qq群?号?|"
    r"扣扣|电话|手机号?|热线|tel|phone)\s?:?\s?(?=[a-z0-9_-]*\d)[a-z0-9][a-z0-9_-]{4,}",
    # An explicit id marker with a colon needs no digit ("WeChat ID: ann_garden").
    r"(?<![a-z])(?:微信号|wechat\s?id|weixin\s?id|vx号?|v信)\s?:\s?[a-z][a-z0-9_-]{4,}",
)
_QR_ZH = ("二维码|扫码|扫一扫|长按识别",)
_QR_EN = (
    r"\bqr\s?codes?\b|\bqr\b|\bscan\s+(?:the\s+|this\s+|our\s+|my\s+)?(?:code|qr)\b"
    r"|\bscan\s+to\b",
)
# Any Latin letter touching a Cyrillic or Greek one: a mixed word always has such a pair.
_MIXED = (r"[a-z][\u0370-\u03ff\u0400-\u04ff]|[\u0370-\u03ff\u0400-\u04ff][a-z]",)

_R, _V = Outcome.REJECT, Outcome.REVIEW
_ORGAN = "impersonates a Party, government or military organ"
_INTL = "impersonates an international organisation"
_NEWS = "news-style name without a news licence"
_STATE = "'China', 'National' or 'State' words need strict review"
_PLACE = "uses a place name as an official authority"
_SELF = "self-inflating or exaggerated name"
_QR = "hints at an embedded QR code"

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("empty", _R, "2021-15", _NAME, (r"\A\Z",), "the name is empty"),
    Rule("too-long", _R, "2021-15", _NAME, (r"\A.{31}",), "longer than 30 characters"),
    Rule("organ-impersonation", _R, "2022-8-2", _IDENTITY, _ORGAN_ZH, _ORGAN, foldable=True),
    Rule("organ-impersonation", _R, "2022-8-2", _IDENTITY, _ORGAN_EN, _ORGAN, View.WORDS, True),
    Rule("organ-impersonation", _V, "2022-8-2", _INTRO, _ORGAN_ZH, _ORGAN, foldable=True),
    Rule("organ-impersonation", _V, "2022-8-2", _INTRO, _ORGAN_EN, _ORGAN, View.WORDS, True),
    Rule("international-organisation", _R, "2022-8-3", _IDENTITY, _INTL_ZH, _INTL, foldable=True),
    Rule("international-organisation", _R, "2022-8-3", _IDENTITY, _INTL_EN, _INTL, View.WORDS),
    Rule(
        "international-organisation", _R, "2022-8-3", _IDENTITY, _INTL_ACRONYMS, _INTL, View.CASED
    ),
    Rule("international-organisation", _V, "2022-8-3", _INTRO, _INTL_ZH, _INTL, foldable=True),
    Rule("international-organisation", _V, "2022-8-3", _INTRO, _INTL_EN, _INTL, View.WORDS),
    Rule(
        "news-without-licence", _R, "2022-8-4", _IDENTITY, _NEWS_ZH, _NEWS, View.KEY, True, "news"
    ),
    Rule(
        "news-without-licence", _R, "2022-8-4", _IDENTITY, _NEWS_EN, _NEWS, View.WORDS, True, "news"
    ),
    Rule("url", _R, "2022-8-6", _ALL, _URL, "embeds a web address", View.WORDS),
    Rule("email", _R, "2022-8-6", _ALL, _EMAIL, "embeds an e-mail address", View.WORDS),
    Rule("phone", _R, "2022-8-6", _ALL, _MOBILE, "embeds a phone number"),
    Rule("phone", _R, "2022-8-6", _ALL, _CONTACT, "embeds contact details", View.WORDS),
    Rule("qr-code", _R, "2022-8-6", _IDENTITY, _QR_ZH, _QR),
    Rule("qr-code", _R, "2022-8-6", _IDENTITY, _QR_EN, _QR, View.WORDS),
    Rule("qr-code", _V, "2022-8-6", _INTRO, _QR_ZH, _QR),
    Rule("qr-code", _V, "2022-8-6", _INTRO, _QR_EN, _QR, View.WORDS),
    Rule("state-words", _V, "2022-10", _ALL, _STATE_ZH, _STATE, foldable=True),
    Rule("state-words", _V, "2022-10", _ALL, _STATE_EN, _STATE, View.WORDS, True),
    Rule("place-name", _V, "2022-8-5", _IDENTITY, _PLACE_ZH, _PLACE, foldable=True),
    Rule("place-name", _V, "2022-8-5", _IDENTITY, _PLACE_EN, _PLACE, View.WORDS, True),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _SELF_ZH, _SELF, foldable=True),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _SELF_EN, _SELF, View.WORDS, True),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _SELF_EN_DIGITS, _SELF, View.WORDS),
    Rule(
        "self-inflating", _V, "2022-8-7", _IDENTITY, _OFFICIAL_ZH, _SELF, View.KEY, True, "official"
    ),
    Rule(
        "self-inflating",
        _V,
        "2022-8-7",
        _IDENTITY,
        _OFFICIAL_EN,
        _SELF,
        View.WORDS,
        True,
        "official",
    ),
    Rule(
        "mixed-script",
        _V,
        "2022-8-6",
        _ALL,
        _MIXED,
        "mixes Latin with Cyrillic or Greek lookalikes",
        View.WORDS,
    ),
)

# Well-known organs, media and enterprises (2022 Art 8 items 2 and 4). Well-known
# persons are the platform's own list: pass them in `NamePolicy(protected_names=...)`.
DEFAULT_PROTECTED: tuple[str, ...] = (
    "人民日报",
    "People's Daily",
    "人民网",
    "新华社",
    "新华网",
    "Xinhua",
    "中央电视台",
    "央视",
    "CCTV",
    "中国日报",
    "China Daily",
    "环球时报",
    "Global Times",
    "中国新闻社",
    "国务院",
    "外交部",
    "国防部",
    "公安部",
    "腾讯",
    "Tencent",
    "阿里巴巴",
    "Alibaba",
    "百度",
    "Baidu",
    "华为",
    "Huawei",
    "字节跳动",
    "ByteDance",
    "抖音",
    "Douyin",
)

# Fixed rows beside the regex rules: their subjects are lists, not patterns.
LOOKALIKE = ("lookalike", "2022-8-6")
PROTECTED = ("protected-name", "2022-8-2")
ASSOCIATED_PROTECTED = ("associated-with-protected-name", "2022-10")
BARRED = ("barred-name", "2021-8")
ASSOCIATED_BARRED = ("associated-with-barred-name", "2022-10")
# Mentioning a brand or an old account in an introduction is ordinary; claiming its
# name or logo is not.
PROTECTED_FIELDS = _IDENTITY
BARRED_FIELDS = _NAME


# ------------------------------------------------------------------ compiling


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    plain: re.Pattern[str]
    folded: re.Pattern[str] | None


def _fold_pattern(source: str, view: View) -> str:
    return _fold_key(source) if view is View.KEY else _fold_letters(source)


def _compile(rule: Rule) -> _Compiled:
    source = "|".join(f"(?:{p})" for p in rule.patterns)
    if rule.foldable and any(c.isdigit() for c in source):
        raise ValueError(f"rule {rule.id!r}: a foldable pattern must not contain digits")
    folded = re.compile(_fold_pattern(source, rule.view)) if rule.foldable else None
    return _Compiled(rule, re.compile(source), folded)


@dataclass(frozen=True)
class _Protected:
    name: str
    plain: str
    key: str


@dataclass(frozen=True)
class _Texts:
    plain: Mapping[View, str]
    folded: Mapping[View, str]


def _texts(text: str) -> _Texts:
    cased = unicodedata.normalize("NFKC", text)
    words = _casefold(text)
    key = normalise(text).translate(_SIMPLIFIED)
    folded_key = _fold_key(normalise(_fold_symbols(words)))
    return _Texts(
        plain={View.KEY: key, View.WORDS: words, View.CASED: cased},
        folded={View.KEY: folded_key, View.WORDS: _fold_words(words), View.CASED: cased},
    )


def _shown(matched: str) -> str:
    return repr(matched if len(matched) <= 24 else matched[:23] + "…")


def _rule_finding(compiled: _Compiled, texts: _Texts) -> Finding | None:
    rule, view = compiled.rule, compiled.rule.view
    plain = texts.plain[view]
    if match := compiled.plain.search(plain):
        detail = (
            f"{rule.description}: {_shown(match.group())}" if match.group() else rule.description
        )
        return Finding(rule.id, rule.outcome, rule.article, detail)
    folded = texts.folded[view]
    if compiled.folded is None or folded == plain:
        return None
    if match := compiled.folded.search(folded):
        detail = f"reads as {_shown(match.group())} once lookalikes are folded: {rule.description}"
        return Finding(LOOKALIKE[0], rule.outcome, LOOKALIKE[1], detail)
    return None


def _protected_finding(protected: _Protected, plain: str, key: str) -> Finding | None:
    if plain == protected.plain:
        detail = f"is the protected name {protected.name!r}"
        return Finding(PROTECTED[0], Outcome.REJECT, PROTECTED[1], detail)
    if key == protected.key:
        detail = f"reads as the protected name {protected.name!r} once lookalikes are folded"
        return Finding(LOOKALIKE[0], Outcome.REJECT, LOOKALIKE[1], detail)
    if _associated(key, protected.key):
        detail = f"closely associated with the protected name {protected.name!r}"
        return Finding(ASSOCIATED_PROTECTED[0], Outcome.REVIEW, ASSOCIATED_PROTECTED[1], detail)
    return None


_cached_normalise = lru_cache(maxsize=8192)(normalise)


def _barred_findings(text: str, barred: Iterable[str]) -> Iterator[Finding]:
    own = normalise(text)
    if not own:
        return
    for name in barred:
        if _cached_normalise(name) == own:
            detail = f"the name of a closed or blacklisted account: {name!r}"
            yield Finding(BARRED[0], Outcome.REJECT, BARRED[1], detail)
        elif closely_associated(text, name):
            detail = f"closely associated with the closed or blacklisted name {name!r}"
            yield Finding(ASSOCIATED_BARRED[0], Outcome.REVIEW, ASSOCIATED_BARRED[1], detail)


def _verdict(findings: Iterable[Finding]) -> Verdict:
    # One finding per rule and outcome: the first match is reason enough.
    kept: dict[tuple[str, Outcome], Finding] = {}
    for finding in findings:
        kept.setdefault((finding.rule, finding.outcome), finding)
    worst = max((f.outcome for f in kept.values()), key=_SEVERITY.__getitem__, default=None)
    return Verdict(worst or Outcome.ACCEPT, tuple(kept.values()))


_FIXED_ARTICLES = tuple(
    row[1] for row in (LOOKALIKE, PROTECTED, ASSOCIATED_PROTECTED, BARRED, ASSOCIATED_BARRED)
)


@dataclass(frozen=True)
class NamePolicy:
    """Reviews a name, an avatar's text or an introduction (R3) against barred names (R4)."""

    rules: tuple[Rule, ...] = DEFAULT_RULES
    protected_names: tuple[str, ...] = DEFAULT_PROTECTED
    _by_field: Mapping[str, tuple[_Compiled, ...]] = field(init=False, repr=False, compare=False)
    _protected: tuple[_Protected, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Refuse a bad rule when the policy is built, never on a registrant's request.
        check_basis(tuple(rule.article for rule in self.rules) + _FIXED_ARTICLES)
        unknown = {f for rule in self.rules for f in rule.fields} - set(FIELDS)
        if unknown:
            raise ValueError(f"rules name unknown fields: {sorted(unknown)}")
        compiled = [_compile(rule) for rule in self.rules]
        by_field = {f: tuple(c for c in compiled if f in c.rule.fields) for f in FIELDS}
        protected = tuple(
            _Protected(name, _key(name, False), _key(name, True)) for name in self.protected_names
        )
        object.__setattr__(self, "_by_field", by_field)
        object.__setattr__(self, "_protected", protected)

    def review(
        self,
        text: str,
        *,
        field: str = "name",
        licences: frozenset[str] = frozenset(),
        barred: Iterable[str] = (),
    ) -> Verdict:
        """The verdict on one profile value: every finding, the worst outcome first to act."""
        if field not in FIELDS:
            raise ValueError(f"unknown profile field {field!r}; expected one of {FIELDS}")
        findings = list(self._rule_findings(text, field, licences))
        if field in PROTECTED_FIELDS:
            findings.extend(self._protected_findings(text))
        if field in BARRED_FIELDS:
            findings.extend(_barred_findings(text, barred))
        return _verdict(findings)

    def _rule_findings(self, text: str, field: str, licences: frozenset[str]) -> Iterator[Finding]:
        texts = _texts(text)
        for compiled in self._by_field[field]:
            if compiled.rule.waived_by and compiled.rule.waived_by in licences:
                continue
            if finding := _rule_finding(compiled, texts):
                yield finding

    def _protected_findings(self, text: str) -> Iterator[Finding]:
        plain, key = _key(text, False), _key(text, True)
        if not key:
            return
        for protected in self._protected:
            if finding := _protected_finding(protected, plain, key):
                yield finding


DEFAULT_POLICY = NamePolicy()
