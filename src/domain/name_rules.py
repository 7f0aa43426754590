"""The name policy's rules as data (R3, R4).

A name, an avatar's text and an introduction are reviewed at registration and at
every change (2021 Art 8 ¶2; 2022 Arts 7, 8, 10). Each `Rule` is a row of data: the
regexes it looks for, the fields it covers, its outcome and the article it cites;
`NamePolicy.review` (in `names`) only runs the rows. Protected and barred names are
lists rather than regexes and are compared by association key (`name_folding`).

Every rule sees the text in one `View`. Chinese words are matched on the normalised
key, where spaces and punctuation are gone: Chinese has no word boundaries to lose,
and "新 闻" or "新·闻" must still read as 新闻. Latin words are matched on the
case-folded text with its spaces kept, so that `\\b` works and "Newsom" is not "news".
Acronyms that are ordinary words in lower case ("WHO", "UN") keep their case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# The vocabulary the rows are written in lives here, below the engine, so that the
# engine (`names`) imports the rules and not the other way round; `names` re-exports it.
FIELDS = ("name", "avatar", "introduction")
# What a registrant may present for a name that needs it (2021 Art 5; 2022 Art 11): an
# organ's authorisation, an Internet news information service licence, a trademark
# registration, a brand owner's authorisation, an international organisation's.
AUTHORISATION_KINDS = ("organ", "news", "trademark", "brand", "international")


class Outcome(StrEnum):
    ACCEPT = "accept"
    REVIEW = "review"
    REJECT = "reject"


class View(StrEnum):
    """Which form of the text a rule's patterns are written against."""

    KEY = "key"  # normalise(): any script, for digits and length
    HAN = "han"  # the key, simplified by `han_view`: Chinese words; needs a Chinese character
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
    # Kinds of authorisation (`AUTHORISATION_KINDS`) whose evidence turns this rule's
    # refusal into review: a reviewer then approves the name against the evidence
    # (2022 Art 8 items 2-5 "without authorisation", Art 11). Empty: refused whoever asks.
    authorised_by: frozenset[str] = frozenset()


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
# A bare domain (no www, no http): also with a label or a top-level domain in Chinese
# characters, more top-level domains, and Chinese text right after it ("jd.com好物"),
# where `\b` sees no boundary. Only a real dot joins Chinese labels ("我们卖茶。com"
# is a sentence); a Chinese top-level domain must end the word ("tea.中国茶" is prose).
# Read on the uncased view (with (?i:)), since a name in Chinese only has no ASCII
# letter for the words view to look at.
_HAN_CHARS = "\u3400-\u9fff\uf900-\ufaff"
_MORE_TLDS = "biz|uk|de|jp|kr|ru|eu|dev|tech|store|live|ink|xin|pub|space|website|asia|mobi"
_HAN_TLDS = "中国|中國|公司|网络|網絡|网址|在线|中文网|商城|网店"
_TLD_ENDS = rf"(?:(?:{_TLDS}|{_MORE_TLDS})(?![a-z0-9-])|(?:{_HAN_TLDS})(?![a-z0-9{_HAN_CHARS}-]))"
_LABEL = rf"[a-z0-9{_HAN_CHARS}][a-z0-9{_HAN_CHARS}-]*+"
_BARE_DOMAIN = (
    rf"(?<![a-z0-9@.-])(?:[a-z0-9][a-z0-9-]*+\.)*?[a-z0-9][a-z0-9-]*+{_DOT}{_TLD_ENDS}",
)
_HAN_DOMAIN = (rf"(?i:(?<![a-z0-9{_HAN_CHARS}@.-])(?:{_LABEL}\.)*?{_LABEL}\.{_TLD_ENDS})",)
# A mobile number in Chinese numerals, financial (大写) or spoken (幺 for 1, 洞 for 0,
# 两 for 2), alone or mixed with digits; separators are gone on the key. Eleven of
# them in a mobile's shape: a few numerals (三人行, 一二三, 一五一十) are ordinary words.
_NUMERAL = "0-9零〇○洞一二三四五六七八九幺两兩壹贰貳叁參肆伍陆陸柒捌玖"
_MOBILE_NUMERALS = (
    rf"(?<![{_NUMERAL}])(?:86|八六)?[1一幺壹][3-9三四五六七八九叁參肆伍陆陸柒捌玖]"
    rf"[{_NUMERAL}]{{9}}(?![{_NUMERAL}])",
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
_BARE = "embeds a web address (a bare domain)"
_NUMERALS = "embeds a phone number in Chinese numerals"
# Which evidence answers which refusal (2022 Art 8 items 2-4 "without authorisation").
_BY_ORGAN = frozenset({"organ"})
_BY_INTL = frozenset({"international"})
_BY_NEWS = frozenset({"news"})

# Columns: id, outcome, article, fields, patterns, description, view, foldable, authorised_by.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("empty", _R, "2021-15", _NAME, (r"\A\Z",), "the name is empty", _KEY),
    Rule("too-long", _R, "2021-15", _NAME, (r"\A.{31}",), "over 30 characters", _KEY),
    Rule(
        "organ-impersonation", _R, "2022-8-2", _IDENTITY, _ORGAN_ZH, _ORGAN, _HAN, True, _BY_ORGAN
    ),
    Rule(
        "organ-impersonation", _R, "2022-8-2", _IDENTITY, _ORGAN_EN, _ORGAN, _WORDS, True, _BY_ORGAN
    ),
    Rule("organ-impersonation", _V, "2022-8-2", _INTRO, _ORGAN_ZH, _ORGAN, _HAN, True),
    Rule("organ-impersonation", _V, "2022-8-2", _INTRO, _ORGAN_EN, _ORGAN, _WORDS, True),
    Rule(
        "international-organisation",
        _R,
        "2022-8-3",
        _IDENTITY,
        _INTL_ZH,
        _INTL,
        _HAN,
        True,
        _BY_INTL,
    ),
    Rule(
        "international-organisation",
        _R,
        "2022-8-3",
        _IDENTITY,
        _INTL_EN,
        _INTL,
        _WORDS,
        True,
        _BY_INTL,
    ),
    Rule(
        "international-organisation",
        _R,
        "2022-8-3",
        _IDENTITY,
        _INTL_ACRONYMS,
        _INTL,
        _CASED,
        False,
        _BY_INTL,
    ),
    Rule("international-organisation", _V, "2022-8-3", _INTRO, _INTL_ZH, _INTL, _HAN, True),
    Rule("international-organisation", _V, "2022-8-3", _INTRO, _INTL_EN, _INTL, _WORDS, True),
    Rule("news-without-licence", _R, "2022-8-4", _IDENTITY, _NEWS_ZH, _NEWS, _HAN, True, _BY_NEWS),
    Rule(
        "news-without-licence", _R, "2022-8-4", _IDENTITY, _NEWS_EN, _NEWS, _WORDS, True, _BY_NEWS
    ),
    Rule("url", _R, "2022-8-6", _ALL, _URL, "embeds a web address", _WORDS),
    Rule("email", _R, "2022-8-6", _ALL, _EMAIL, "embeds an e-mail address", _WORDS),
    Rule("url", _R, "2022-8-6", _ALL, _BARE_DOMAIN, _BARE, _WORDS),
    Rule("url", _R, "2022-8-6", _ALL, _HAN_DOMAIN, _BARE, _CASED),
    Rule("phone", _R, "2022-8-6", _ALL, _MOBILE, "embeds a phone number", _KEY),
    Rule("phone", _R, "2022-8-6", _ALL, _MOBILE_NUMERALS, _NUMERALS, _KEY),
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
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _CLAIM_ZH, _SELF, _HAN, True),
    Rule("self-inflating", _V, "2022-8-7", _IDENTITY, _CLAIM_EN, _SELF, _WORDS, True),
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
# A protected name (organs, media, enterprises) goes to review, not refusal, for a
# registrant presenting any of these: the reviewer checks the evidence is that name's.
# Lookalikes of it, barred names and everything else stay refused whoever asks.
PROTECTED_AUTHORISED_BY = frozenset({"organ", "news", "trademark", "brand"})
