"""The name policy (R3, R4): one module, the rules as data.

A name, an avatar's text and an introduction are reviewed at registration and at
every change (2021 Art 8 ¶2; 2022 Arts 7, 8, 10). Each `Rule` is a row of data: the
regexes it looks for, the fields it covers, its outcome and the article it cites;
`NamePolicy.review` only runs the rows. Protected and barred names are lists rather
than regexes and are compared by association key, so that a lookalike, a
traditional-script or a decorated copy of a name is still caught (2022 Art 10 ¶3).

Every rule sees the text in one `View`. Chinese words are matched on the normalised
key, where spaces and punctuation are gone: Chinese has no word boundaries to lose,
and "新 闻" or "新·闻" must still read as 新闻. Latin words are matched on the
case-folded text with its spaces kept, so that `\\b` works and "Newsom" is not "news".
Acronyms that are ordinary words in lower case ("WHO", "UN") keep their case.

review() is on every registration's hot path: patterns are compiled once, each view
is computed at most once per review, and a view that cannot match (no Chinese
characters for Chinese words, no ASCII letters or digits for Latin ones) is skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
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

    KEY = "key"  # normalise(): any script, for digits and length
    HAN = "han"  # the key in simplified script: Chinese words; needs a Chinese character
    WORDS = "words"  # NFKC + casefold with spaces kept, for \b; needs an ASCII letter or digit
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
    view: View = View.HAN
    # Also look for the words behind lookalikes and homophones; a hit only there is a
    # trick (2022 Art 8 item 6). Foldable patterns are uncased and digit-free, and use
    # no groups but (?: (?= (?! (?<= (?<!, since their letters are rewritten.
    foldable: bool = False
    # A licence that lifts the rule, e.g. "news" for a licensed news service.
    waived_by: str = ""


# ---------------------------------------------------------------- normalisation

_NOT_WORD = re.compile(r"[\W_]+")


def _casefold(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _normalise_once(text: str) -> str:
    return _NOT_WORD.sub("", _casefold(text))


def _to_key(words: str) -> str:
    key = _NOT_WORD.sub("", words)
    if key.isascii() or (unicodedata.is_normalized("NFKC", key) and key.casefold() == key):
        return key
    # Removing punctuation can bring together characters that compose (Hangul jamo),
    # so repeat until stable: the key must be its own key.
    while (again := _normalise_once(key)) != key:
        key = again
    return key


def normalise(text: str) -> str:
    """The key under which a name is unique: NFKC, casefold, letters and digits only."""
    return _to_key(_casefold(text))


# ----------------------------------------------------------------- fold tables

# Traditional script is a script, not a trick: the Chinese view and the association
# keys read it as simplified, so 新聞 is 新闻 and no lookalike. A short table: the
# characters of the rules' words, the protected names and the place names.
_TRADITIONAL = (
    "國国 報报 聞闻 網网 門门 華华 東东 電电 視视 臺台 訊讯 務务 廣广 黨党 軍军 區区 "
    "檢检 會会 員员 際际 衛卫 組组 織织 聯联 發发 權权 頂顶 級级 碼码 掃扫 號号 時时 "
    "導导 專专 業业 產产 體体 關关 長长 說说 團团 騰腾 為为 與与 島岛 灣湾 廳厅 稅税 "
    "辦办 協协 監监 紀纪 隊队 寧宁 遼辽 陝陕 蘇苏 貴贵 慶庆 龍龙 滬沪 鄉乡 縣县 鎮镇 "
    "賬账 戶户 劃划 書书 傳传 頻频"
)
_SIMPLIFIED = str.maketrans({pair[0]: pair[1] for pair in _TRADITIONAL.split()})

# Characters that stand in for Latin letters: digits, Cyrillic and Greek homoglyphs.
_LOOKALIKES = str.maketrans(
    {
        "0": "o",
        "1": "l",
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
        "і": "i",
        "ї": "i",
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
        "ι": "i",
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
# Letters that pass for one another in most fonts. A key folds them away; a rule's
# lookalike pattern accepts either instead, so that ordinary text, full of i, l and
# rn, needs no second search.
_FOR_KEY = {**_LOOKALIKES, ord("i"): "l"}
_DIGRAPHS = (("rn", "m"), ("vv", "w"))
_PATTERN_LETTERS = {
    "rn": "(?:rn|m)",
    "vv": "(?:vv|w)",
    "i": "[il]",
    "l": "[il]",
    "m": "(?:m|rn)",
    "w": "(?:w|vv)",
}
_LATIN_OR_LOOKALIKE = re.compile(r"[a-z0-9\u0370-\u04ff]")
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
    folded = text.translate(_FOR_KEY)
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    return folded


def _fold_lookalikes(text: str) -> str:
    return text.translate(_LOOKALIKES)


def _join_spelled(text: str) -> str:
    return _SPELLED.sub(lambda m: _NOT_LATIN.sub("", m.group()), text)


def _fold_homophones(text: str) -> str:
    return _HOMOPHONE.sub(lambda m: _HOMOPHONES[m.group()], text)


def _fold_han(key: str, letters: Callable[[str], str]) -> str:
    if key.isascii():
        return letters(key)
    folded = letters(key) if _LATIN_OR_LOOKALIKE.search(key) else key
    return _fold_homophones(folded.translate(_SIMPLIFIED))


def _fold_key(key: str) -> str:
    """Every fold, for association keys: lookalikes, i/l, digraphs, script, homophones."""
    return _fold_han(key, _fold_letters)


def _fold_view(key: str) -> str:
    """The folds a rule's view needs; i/l and digraphs are left to its lookalike pattern."""
    return _fold_han(key, _fold_lookalikes)


def _class_end(source: str, i: int) -> int:
    end = i + 1
    while source[end] != "]":
        end += 2 if source[end] == "\\" else 1
    return end + 1


def _group_close(source: str, i: int) -> int:
    depth, end = 0, i
    while True:
        if source[end] == "\\":
            end += 2
            continue
        if source[end] == "[":
            end = _class_end(source, end)
            continue
        depth += {"(": 1, ")": -1}.get(source[end], 0)
        end += 1
        if depth == 0:
            return end


def _group_token(source: str, i: int) -> tuple[int, str]:
    # A negative look-around is copied whole: made tolerant it would refuse more, and
    # the tolerant pattern must accept everything the plain one does.
    if source.startswith(("(?!", "(?<!"), i):
        end = _group_close(source, i)
        return end, source[i:end]
    # Only headers without letters: a flag or a group name must not be folded.
    for header in ("(?:", "(?=", "(?<="):
        if source.startswith(header, i):
            return i + len(header), header
    raise ValueError(f"foldable pattern {source!r}: only (?: (?= (?! (?<= (?<! groups")


def _tolerant_token(source: str, i: int) -> tuple[int, str]:
    """The next token of a pattern and its tolerant form; syntax is copied as it is."""
    if source[i] == "\\":
        return i + 2, source[i : i + 2]
    if source[i] == "[":
        end = _class_end(source, i)
        return end, source[i:end]
    if source.startswith("(?", i):
        return _group_token(source, i)
    if (pair := source[i : i + 2]) in _PATTERN_LETTERS:
        return i + 2, _PATTERN_LETTERS[pair]
    return i + 1, _PATTERN_LETTERS.get(source[i], source[i])


def _tolerant(source: str) -> str:
    """The pattern, also accepting the letters that pass for its own (2022 Art 8 item 6)."""
    parts, i = [], 0
    while i < len(source):
        i, part = _tolerant_token(source, i)
        parts.append(part)
    return "".join(parts)


# ------------------------------------------------------------- association key

_AFFIX_WORDS = ("official", "real", "the")
_CJK_AFFIXES = ("官方账号", "官方", "正版", "真")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Both ends are matched anchored, the end on the reversed text: an unanchored search
# for "...\\Z" would try every position of every name.
_LEADING_WORDS = re.compile(rf"(?:[\W_]*\b(?:{_alternation(_AFFIX_WORDS)})\b)+")
_TRAILING_WORDS = re.compile(rf"(?:[\W_]*\b(?:{_alternation(w[::-1] for w in _AFFIX_WORDS)})\b)+")
# On the key a Latin affix counts only where it meets non-Latin text ("official腾讯"),
# since elsewhere it may begin or end a word ("theatre"). Trailing digits go too, before
# digits fold into letters.
_LEADING_KEY = re.compile(
    rf"(?:{_alternation(_CJK_AFFIXES)}|(?:{_alternation(_AFFIX_WORDS)})(?![a-z]))+"
)
_TRAILING_KEY = re.compile(
    rf"(?:{_alternation(a[::-1] for a in _CJK_AFFIXES)}"
    rf"|(?:{_alternation(w[::-1] for w in _AFFIX_WORDS)})(?![a-z])|\d)+"
)


def _strip_ends(text: str, leading: re.Pattern[str], trailing: re.Pattern[str]) -> str:
    start = match.end() if (match := leading.match(text)) else 0
    end = len(text) - (match.end() if (match := trailing.match(text[::-1])) else 0)
    return text if start == 0 and end == len(text) else text[start:end]


def _strip_affix_words(words: str) -> str:
    stripped = _strip_ends(words, _LEADING_WORDS, _TRAILING_WORDS)
    return stripped if stripped is words or _NOT_WORD.sub("", stripped) else words


def _strip_affixes(key: str) -> str:
    return _strip_ends(key, _LEADING_KEY, _TRAILING_KEY) or key


def _simplified(key: str) -> str:
    return key if key.isascii() else key.translate(_SIMPLIFIED)


def _decorated_key(words: str, normalised: str) -> str:
    stripped = _strip_affix_words(words)
    key = normalised if stripped is words else _to_key(stripped)
    return _simplified(_strip_affixes(key))


@lru_cache(maxsize=8192)
def association_key(text: str) -> str:
    """A coarse key for "closely associated" names: lookalikes, script and affixes folded."""
    return _Reading(text).keys[1]


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _substantial(key: str) -> bool:
    # One shared Chinese character or a three-letter run is coincidence, not association.
    cjk = len(_CJK.findall(key))
    return cjk >= 2 or len(key) - cjk >= 4


def _one_edit(short: str, long: str) -> bool:
    if short[0] != long[0] and short[-1] != long[-1]:
        return False
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
    short, long = (a, b) if len(a) <= len(b) else (b, a)
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
_CLAIM_ZH = ("官方|官微",)
_CLAIM_EN = (r"\bofficial\b",)

_TLDS = (
    "com|cn|net|org|io|cc|co|me|tv|top|xyz|info|vip|shop|site|online|app|club|link|ltd|"
    "wang|hk|tw|gov|edu"
)
# A real dot has no spaces around it, so "tea. net profits" is prose; the spelled-out
# dots used to dodge filters ("点", "dot") may have them.
_DOT = r"(?:\.|。|\s?点\s?|\s?dot\s?|\s?\(dot\)\s?|\s?\[dot\]\s?)"
_URL = (
    r"(?:https?://|www\.)\S*",
    # Possessive labels: a label is never given back to be re-read as a spelled-out
    # dot, which keeps the search linear.
    rf"(?<![a-z0-9@.-])(?:[a-z0-9][a-z0-9-]*+\.)*?[a-z0-9][a-z0-9-]*+{_DOT}(?:{_TLDS})\b",
)
_EMAIL = (
    r"(?<![a-z0-9._%+-])[a-z0-9._%+-]++\s?(?:@|\(at\)|\[at\]|艾特|\sat\s)\s?"
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
_MIXED = (r"[\u0370-\u03ff\u0400-\u04ff](?:(?<=[a-z].)|(?=[a-z]))",)

_R, _V = Outcome.REJECT, Outcome.REVIEW
_KEY, _HAN, _WORDS, _CASED = View.KEY, View.HAN, View.WORDS, View.CASED
_ORGAN = "impersonates a Party, government or military organ"
_INTL = "impersonates an international organisation"
_NEWS = "news-style name without a news licence"
_STATE = "'China', 'National' or 'State' words need strict review"
_PLACE = "uses a place name as an official authority"
_SELF = "self-inflating or exaggerated name"
_QR = "hints at an embedded QR code"
_MIXED_SCRIPTS = "mixes Latin with Cyrillic or Greek lookalikes"

# Columns: id, outcome, article, fields, patterns, description, view, foldable, waived_by.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("empty", _R, "2021-15", _NAME, (r"\A\Z",), "the name is empty", _KEY),
    Rule("too-long", _R, "2021-15", _NAME, (r"\A.{31}",), "over 30 characters", _KEY),
    Rule("organ-impersonation", _R, "2022-8-2", _IDENTITY, _ORGAN_ZH, _ORGAN, _HAN, True),
    Rule("organ-impersonation", _R, "2022-8-2", _IDENTITY, _ORGAN_EN, _ORGAN, _WORDS, True),
    Rule("organ-impersonation", _V, "2022-8-2", _INTRO, _ORGAN_ZH, _ORGAN, _HAN, True),
    Rule("organ-impersonation", _V, "2022-8-2", _INTRO, _ORGAN_EN, _ORGAN, _WORDS, True),
    Rule("international-organisation", _R, "2022-8-3", _IDENTITY, _INTL_ZH, _INTL, _HAN, True),
    Rule("international-organisation", _R, "2022-8-3", _IDENTITY, _INTL_EN, _INTL, _WORDS, True),
    Rule("international-organisation", _R, "2022-8-3", _IDENTITY, _INTL_ACRONYMS, _INTL, _CASED),
    Rule("international-organisation", _V, "2022-8-3", _INTRO, _INTL_ZH, _INTL, _HAN, True),
    Rule("international-organisation", _V, "2022-8-3", _INTRO, _INTL_EN, _INTL, _WORDS, True),
    Rule("news-without-licence", _R, "2022-8-4", _IDENTITY, _NEWS_ZH, _NEWS, _HAN, True, "news"),
    Rule("news-without-licence", _R, "2022-8-4", _IDENTITY, _NEWS_EN, _NEWS, _WORDS, True, "news"),
    Rule("url", _R, "2022-8-6", _ALL, _URL, "embeds a web address", _WORDS),
    Rule("email", _R, "2022-8-6", _ALL, _EMAIL, "embeds an e-mail address", _WORDS),
    Rule("phone", _R, "2022-8-6", _ALL, _MOBILE, "embeds a phone number", _KEY),
    Rule("phone", _R, "2022-8-6", _ALL, _CONTACT, "embeds contact details", _WORDS),
    Rule("qr-code", _R, "2022-8-6", _IDENTITY, _QR_ZH, _QR, _HAN),
    Rule("qr-code", _R, "2022-8-6", _IDENTITY, _QR_EN, _QR, _WORDS),
    Rule("qr-code", _V, "2022-8-6", _INTRO, _QR_ZH, _QR, _HAN),
    Rule("qr-code", _V, "2022-8-6", _INTRO, _QR_EN, _QR, _WORDS),
    Rule("state-words", _V, "2022-10", _ALL, _STATE_ZH, _STATE, _HAN, True),
    Rule("state-words", _V, "2022-10", _ALL, _STATE_EN, _STATE, _WORDS, True),
    Rule("place-name", _V, "2022-8-5", _IDENTITY, _PLACE_ZH, _PLACE, _HAN, True),
    Rule("place-name", _V, "2022-8-5", _IDENTITY, _PLACE_EN, _PLACE, _WORDS, True),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _SELF_ZH, _SELF, _HAN, True),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _SELF_EN, _SELF, _WORDS, True),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _SELF_EN_DIGITS, _SELF, _WORDS),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _CLAIM_ZH, _SELF, _HAN, True, "official"),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _CLAIM_EN, _SELF, _WORDS, True, "official"),
    Rule("mixed-script", _V, "2022-8-6", _ALL, _MIXED, _MIXED_SCRIPTS, _WORDS),
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


# ------------------------------------------------------------------ reviewing


class _Reading:
    """One text in every view; the folded views and keys are computed on first use only."""

    def __init__(self, text: str) -> None:
        self.words = _casefold(text)
        self.normalised = _to_key(self.words)
        self.han_present = _CJK.search(self.normalised) is not None
        self.latin_present = _ASCII_ALNUM.search(self.words) is not None
        self.han = self.normalised.translate(_SIMPLIFIED) if self.han_present else self.normalised
        self.plain = {
            View.KEY: self.normalised,
            View.HAN: self.han,
            View.WORDS: self.words,
            View.CASED: unicodedata.normalize("NFKC", text),
        }
        self._folded: dict[View, str] = {}
        self._symbols: str | None = None
        self._keys: tuple[str, str] | None = None

    @property
    def symbols(self) -> str:
        if self._symbols is None:
            self._symbols = _fold_symbols(self.words)
        return self._symbols

    def folded(self, view: View) -> str:
        if view not in self._folded:
            self._folded[view] = self._fold(view)
        return self._folded[view]

    def _fold(self, view: View) -> str:
        if view is View.WORDS:
            return _join_spelled(_fold_lookalikes(self.symbols))
        return _fold_view(self.han if self.symbols is self.words else _to_key(self.symbols))

    @property
    def keys(self) -> tuple[str, str]:
        """The association key without and with lookalikes folded."""
        if self._keys is None:
            self._keys = self._association_keys()
        return self._keys

    def _association_keys(self) -> tuple[str, str]:
        plain = _decorated_key(self.words, self.normalised)
        if self.symbols is not self.words:
            folded = _fold_key(_decorated_key(self.symbols, _to_key(self.symbols)))
        else:
            folded = _fold_key(plain)
        return plain, _strip_affixes(folded)


_ASCII_ALNUM = re.compile(r"[a-z0-9]")


class _Compiled:
    """A rule with its patterns compiled, the fields a review's inner loop reads."""

    __slots__ = ("folded", "plain", "rule", "view", "waived_by")

    def __init__(self, rule: Rule, plain: re.Pattern[str], folded: re.Pattern[str] | None):
        self.rule, self.view, self.waived_by = rule, rule.view, rule.waived_by
        self.plain, self.folded = plain, folded


def _rule_finding(compiled: _Compiled, plain: str, reading: _Reading) -> Finding | None:
    if compiled.folded is None:
        match = compiled.plain.search(plain)
        return _plain_finding(compiled.rule, match.group()) if match else None
    folded = reading.folded(compiled.view)
    # The tolerant pattern accepts all the plain one does, so on an unfolded text one
    # search settles the common case: no match.
    if folded == plain and not compiled.folded.search(plain):
        return None
    if match := compiled.plain.search(plain):
        return _plain_finding(compiled.rule, match.group())
    if match := compiled.folded.search(folded):
        return _lookalike_finding(compiled.rule, match.group())
    return None


def _fold_pattern(source: str, view: View) -> str:
    return _tolerant(source if view is View.WORDS else _fold_view(source))


def _compile(rule: Rule) -> _Compiled:
    source = "|".join(f"(?:{p})" for p in rule.patterns)
    if rule.foldable and (rule.view is View.CASED or any(c.isdigit() for c in source)):
        raise ValueError(f"rule {rule.id!r}: foldable patterns are uncased and digit-free")
    folded = re.compile(_fold_pattern(source, rule.view)) if rule.foldable else None
    return _Compiled(rule, re.compile(source), folded)


def _applies(rule: Rule, field: str, han: bool, latin: bool) -> bool:
    if field not in rule.fields:
        return False
    return (han or rule.view is not View.HAN) and (latin or rule.view is not View.WORDS)


def _shown(matched: str) -> str:
    return repr(matched if len(matched) <= 24 else matched[:23] + "…")


def _plain_finding(rule: Rule, matched: str) -> Finding:
    detail = f"{rule.description}: {_shown(matched)}" if matched else rule.description
    return Finding(rule.id, rule.outcome, rule.article, detail)


def _lookalike_finding(rule: Rule, matched: str) -> Finding:
    detail = f"reads as {_shown(matched)} once lookalikes are folded: {rule.description}"
    return Finding(LOOKALIKE[0], rule.outcome, LOOKALIKE[1], detail)


def _finding(row: tuple[str, str], outcome: Outcome, detail: str) -> Finding:
    return Finding(row[0], outcome, row[1], detail)


class _ProtectedIndex:
    """Protected names by key, so a review costs a few lookups rather than a scan."""

    def __init__(self, names: Iterable[str]) -> None:
        self.plain: dict[str, str] = {}
        self.named: dict[str, str] = {}
        for name in names:
            plain, key = _Reading(name).keys
            self.plain.setdefault(plain, name)
            self.named.setdefault(key, name)
        inside = [key for key in self.named if _substantial(key)]
        self.inside = re.compile(_alternation(map(re.escape, inside))) if inside else None
        self.joined = "\x00".join(self.named)
        # Keys one edit apart share their first or their last character.
        self.by_end: dict[str, list[str]] = {}
        for key in self.named:
            self.by_end.setdefault(key[0], []).append(key)
            if key[-1] != key[0]:
                self.by_end.setdefault(key[-1], []).append(key)

    def finding(self, plain: str, key: str) -> Finding | None:
        if plain in self.plain:
            return _finding(
                PROTECTED, Outcome.REJECT, f"is the protected name {self.plain[plain]!r}"
            )
        if key in self.named:
            detail = f"reads as the protected name {self.named[key]!r} once lookalikes are folded"
            return _finding(LOOKALIKE, Outcome.REJECT, detail)
        if near := self._near(key):
            detail = f"closely associated with the protected name {self.named[near]!r}"
            return _finding(ASSOCIATED_PROTECTED, Outcome.REVIEW, detail)
        return None

    def _near(self, key: str) -> str | None:
        if self.inside and (match := self.inside.search(key)):
            return match.group()
        if key in self.joined and _substantial(key):
            return next(k for k in self.named if key in k)
        if len(key) < 4:
            return None
        candidates = (*self.by_end.get(key[0], ()), *self.by_end.get(key[-1], ()))
        return next((other for other in candidates if _associated(key, other)), None)


_cached_normalise = lru_cache(maxsize=8192)(normalise)


def _barred_findings(reading: _Reading, barred: Iterable[str]) -> Iterator[Finding]:
    if not reading.normalised:
        return
    for name in barred:
        if _cached_normalise(name) == reading.normalised:
            detail = f"the name of a closed or blacklisted account: {name!r}"
            yield _finding(BARRED, Outcome.REJECT, detail)
        elif _associated(reading.keys[1], association_key(name)):
            detail = f"closely associated with the closed or blacklisted name {name!r}"
            yield _finding(ASSOCIATED_BARRED, Outcome.REVIEW, detail)


_ACCEPTED = Verdict(Outcome.ACCEPT, ())


def _verdict(findings: list[Finding]) -> Verdict:
    if not findings:
        return _ACCEPTED
    # One finding per rule and outcome: the first match is reason enough.
    kept: dict[tuple[str, Outcome], Finding] = {}
    for finding in findings:
        kept.setdefault((finding.rule, finding.outcome), finding)
    worst = max((f.outcome for f in kept.values()), key=_SEVERITY.__getitem__)
    return Verdict(worst, tuple(kept.values()))


_FIXED_ARTICLES = tuple(
    row[1] for row in (LOOKALIKE, PROTECTED, ASSOCIATED_PROTECTED, BARRED, ASSOCIATED_BARRED)
)


@dataclass(frozen=True)
class NamePolicy:
    """Reviews a name, an avatar's text or an introduction (R3) against barred names (R4)."""

    rules: tuple[Rule, ...] = DEFAULT_RULES
    protected_names: tuple[str, ...] = DEFAULT_PROTECTED
    _by_field: Mapping[tuple[str, bool, bool], tuple[_Compiled, ...]] = field(
        init=False, repr=False, compare=False
    )
    _protected: _ProtectedIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Refuse a bad rule when the policy is built, never on a registrant's request.
        check_basis(tuple(rule.article for rule in self.rules) + _FIXED_ARTICLES)
        unknown = {f for rule in self.rules for f in rule.fields} - set(FIELDS)
        if unknown:
            raise ValueError(f"rules name unknown fields: {sorted(unknown)}")
        compiled = [_compile(rule) for rule in self.rules]
        by_field = {
            (f, han, latin): tuple(c for c in compiled if _applies(c.rule, f, han, latin))
            for f in FIELDS
            for han in (True, False)
            for latin in (True, False)
        }
        object.__setattr__(self, "_by_field", by_field)
        object.__setattr__(self, "_protected", _ProtectedIndex(self.protected_names))

    def review(
        self,
        text: str,
        *,
        field: str = "name",
        licences: frozenset[str] = frozenset(),
        barred: Iterable[str] = (),
    ) -> Verdict:
        """Every finding on one profile value, and the worst outcome among them."""
        if field not in FIELDS:
            raise ValueError(f"unknown profile field {field!r}; expected one of {FIELDS}")
        reading = _Reading(text)
        findings = self._rule_findings(reading, field, licences)
        if field in PROTECTED_FIELDS and reading.normalised:
            protected = self._protected.finding(*reading.keys)
            findings.extend([protected] if protected else [])
        if field in BARRED_FIELDS:
            findings.extend(_barred_findings(reading, barred))
        return _verdict(findings)

    def _rule_findings(
        self, reading: _Reading, field: str, licences: frozenset[str]
    ) -> list[Finding]:
        findings = []
        plain_texts = reading.plain
        for compiled in self._by_field[field, reading.han_present, reading.latin_present]:
            if compiled.waived_by and compiled.waived_by in licences:
                continue
            plain = plain_texts[compiled.view]
            if finding := _rule_finding(compiled, plain, reading):
                findings.append(finding)
        return findings


DEFAULT_POLICY = NamePolicy()
