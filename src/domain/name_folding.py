"""Text folding for the name policy (R3, R4): the uniqueness key and the association key.

`normalise` is the key under which a name is unique. It keys the NameIndex aggregates
already in event stores, so its output must not change for any input: it folds width,
case and punctuation, never script, lookalikes or homophones.

`association_key` is coarser, so that a lookalike, a traditional-script or a decorated
copy of a protected or barred name is still caught (2022 Art 10 ¶3): it folds
lookalike letters, traditional script (OpenCC's t2s), homophones and decorative
affixes. It is computed at review time and stored nowhere, so it may grow finer.
`closely_associated` compares two such keys.

The rules' views fold too (`fold_view`), and a foldable rule's pattern is made tolerant
of the letters that pass for its own (`tolerant`), so that "P0LICE" reads as police.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

import opencc

# ---------------------------------------------------------------- normalisation

_NOT_WORD = re.compile(r"[\W_]+")


def casefold(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _normalise_once(text: str) -> str:
    return _NOT_WORD.sub("", casefold(text))


def to_key(words: str) -> str:
    key = _NOT_WORD.sub("", words)
    if key.isascii() or (unicodedata.is_normalized("NFKC", key) and key.casefold() == key):
        return key
    # Removing punctuation can bring together characters that compose (Hangul jamo),
    # so repeat until stable: the key must be its own key.
    while (again := _normalise_once(key)) != key:
        key = again
    return key


@lru_cache(maxsize=1 << 16)  # asked for the same name by each index a decision touches
def normalise(text: str) -> str:
    """The key under which a name is unique: NFKC, casefold, letters and digits only."""
    return to_key(casefold(text))


# ----------------------------------------------------------------- fold tables

# Traditional script is a script, not a trick: the Chinese view and the association
# keys read it as simplified, so 新聞 is 新闻 and no lookalike.
#
# The association keys use OpenCC's t2s (characters and phrases), so that any
# traditional spelling of a protected or barred name is caught, not only those made of
# a table's characters. The converter is built once, on first use (a process that only
# replays accounts never needs it): reviews are on the hot path.
# It only ever sees a key (letters and digits; never a lone surrogate, which it could
# not encode), and t2s changes nothing but Chinese characters, one for one. `normalise`
# never uses it: that key is stored.


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# The rules' Chinese view keeps a short table: the characters of the rules' words and
# place names. A foldable rule's pattern goes through the same fold (`fold_view`), and
# a phrase converter has no business rewriting regex source.
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


def fold_symbols(text: str) -> str:
    if not _SYMBOLS.search(text):
        return text
    return _SYMBOLS.sub(lambda m: _SYMBOL_LETTERS[m.group()], text)


def _fold_letters(text: str) -> str:
    folded = text.translate(_FOR_KEY)
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    return folded


def fold_lookalikes(text: str) -> str:
    return text.translate(_LOOKALIKES)


def join_spelled(text: str) -> str:
    return _SPELLED.sub(lambda m: _NOT_LATIN.sub("", m.group()), text)


def _fold_homophones(text: str) -> str:
    return _HOMOPHONE.sub(lambda m: _HOMOPHONES[m.group()], text)


def han_view(key: str) -> str:
    """The key as the rules' Chinese view reads it: the table's traditional characters
    simplified."""
    return key.translate(_SIMPLIFIED)


def simplified(key: str) -> str:
    """The key in simplified script (OpenCC's t2s), for association and for places."""
    if key.isascii():
        return key
    converted: str = _t2s().convert(key)
    return converted


def _as_is(key: str) -> str:
    return key


def _fold_han(key: str, letters: Callable[[str], str], script: Callable[[str], str]) -> str:
    if key.isascii():
        return letters(key)
    folded = letters(key) if _LATIN_OR_LOOKALIKE.search(key) else key
    return _fold_homophones(script(folded))


def _fold_key(key: str) -> str:
    """Every fold, for association keys: lookalikes, i/l, digraphs, homophones. The key
    is a `_decorated_key`, already in simplified script."""
    return _fold_han(key, _fold_letters, _as_is)


def fold_view(key: str) -> str:
    """The folds a rule's view needs; i/l and digraphs are left to its lookalike pattern."""
    return _fold_han(key, fold_lookalikes, han_view)


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


def tolerant(source: str) -> str:
    """The pattern, also accepting the letters that pass for its own (2022 Art 8 item 6)."""
    parts, i = [], 0
    while i < len(source):
        i, part = _tolerant_token(source, i)
        parts.append(part)
    return "".join(parts)


# ------------------------------------------------------------- association key

_AFFIX_WORDS = ("official", "real", "the")
_CJK_AFFIXES = ("官方账号", "官方", "正版", "真")


def alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# Both ends are matched anchored, the end on the reversed text: an unanchored search
# for "...\\Z" would try every position of every name.
_LEADING_WORDS = re.compile(rf"(?:[\W_]*\b(?:{alternation(_AFFIX_WORDS)})\b)+")
_TRAILING_WORDS = re.compile(rf"(?:[\W_]*\b(?:{alternation(w[::-1] for w in _AFFIX_WORDS)})\b)+")
# On the key a Latin affix counts only where it meets non-Latin text ("official腾讯"),
# since elsewhere it may begin or end a word ("theatre"). Trailing digits go too, before
# digits fold into letters.
_LEADING_KEY = re.compile(
    rf"(?:{alternation(_CJK_AFFIXES)}|(?:{alternation(_AFFIX_WORDS)})(?![a-z]))+"
)
_TRAILING_KEY = re.compile(
    rf"(?:{alternation(a[::-1] for a in _CJK_AFFIXES)}"
    rf"|(?:{alternation(w[::-1] for w in _AFFIX_WORDS)})(?![a-z])|\d)+"
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


def _decorated_key(words: str, normalised: str) -> str:
    stripped = _strip_affix_words(words)
    key = normalised if stripped is words else to_key(stripped)
    return simplified(_strip_affixes(key))


def association_keys(words: str, normalised: str, symbols: str) -> tuple[str, str]:
    """The association key without and with lookalikes folded, from a text's `casefold`,
    its `to_key` and its `fold_symbols` (the same object when there was nothing to fold:
    the review computes each of them once and shares them with its rules)."""
    plain = _decorated_key(words, normalised)
    if symbols is not words:
        folded = _fold_key(_decorated_key(symbols, to_key(symbols)))
    else:
        folded = _fold_key(plain)
    return plain, _strip_affixes(folded)


@lru_cache(maxsize=8192)
def association_key(text: str) -> str:
    """A coarse key for "closely associated" names: lookalikes, script and affixes folded."""
    words = casefold(text)
    return association_keys(words, to_key(words), fold_symbols(words))[1]


CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def substantial(key: str) -> bool:
    # One shared Chinese character or a three-letter run is coincidence, not association.
    cjk = len(CJK.findall(key))
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


def keys_associated(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if short in long:
        return substantial(short)
    return len(short) >= 4 and len(long) - len(short) <= 1 and _one_edit(short, long)


def closely_associated(name: str, other: str) -> bool:
    """Equal keys, one key inside the other, or one edit apart (2022 Art 10 ¶3)."""
    return keys_associated(association_key(name), association_key(other))
