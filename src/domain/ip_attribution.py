"""IP attribution (2022 Art 12): where an account's IP address is attributed, shown on its
public page. The platform supplies the place; the ledger keeps the place only.

Within China a place is shown at the province level (广东, 北京); abroad it is a country or
region (日本, 美国). A finer place (广东省广州市) would say more about a person than the
law asks to show, and an IP address itself is personal information the record never
holds (R17): both are refused. A province written in full (广东省, 广西壮族自治区) or in
traditional script (廣東) is recorded under its short name, as platforms display it.
"""

from __future__ import annotations

import re
import unicodedata

from accountledger.domain.errors import RuleViolation

ARTICLE = "2022-12"
MAX_LENGTH = 40

# The province-level divisions by their short names, with the suffix of the full name.
PROVINCES: dict[str, str] = {
    "北京": "市",
    "天津": "市",
    "上海": "市",
    "重庆": "市",
    "河北": "省",
    "山西": "省",
    "辽宁": "省",
    "吉林": "省",
    "黑龙江": "省",
    "江苏": "省",
    "浙江": "省",
    "安徽": "省",
    "福建": "省",
    "江西": "省",
    "山东": "省",
    "河南": "省",
    "湖北": "省",
    "湖南": "省",
    "广东": "省",
    "海南": "省",
    "四川": "省",
    "贵州": "省",
    "云南": "省",
    "陕西": "省",
    "甘肃": "省",
    "青海": "省",
    "台湾": "省",
    "内蒙古": "自治区",
    "广西": "壮族自治区",
    "西藏": "自治区",
    "宁夏": "回族自治区",
    "新疆": "维吾尔自治区",
    "香港": "特别行政区",
    "澳门": "特别行政区",
}
_FULL = {short + suffix: short for short, suffix in PROVINCES.items()}

# Dotted quads, and groups of hex digits joined by colons: an address, not a place.
_ADDRESS = re.compile(r"\d{1,3}(\.\d{1,3}){3}|[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,}", re.I)


def _refuse(message: str, rule: str) -> RuleViolation:
    return RuleViolation(message, rule=rule, field="place", article=ARTICLE)


def attributed_place(place: str) -> str:
    """The place as recorded: a province by its short name, or a country or region."""
    # The folding tables and OpenCC only when a place is given, not when an account is
    # replayed (issue 16: a CLI `show`).
    from accountledger.domain.name_folding import simplified

    folded = simplified(unicodedata.normalize("NFKC", place).strip())
    if _ADDRESS.search(folded):
        raise _refuse(
            "an IP address is personal information; record the place it is attributed to",
            "ip-address-not-kept",
        )
    if any(ch.isdigit() for ch in folded) or not folded:
        raise _refuse("a place is a province, a country or a region, without digits", "ip-place")
    if len(folded) > MAX_LENGTH:
        raise _refuse(f"a place has at most {MAX_LENGTH} characters", "ip-place")
    short = _FULL.get(folded, folded)
    if short in PROVINCES:
        return short
    if any(short.startswith(province) for province in PROVINCES):
        raise _refuse(
            "a place within China is shown at the province level, as 广东 or 北京",
            "ip-attribution-precision",
        )
    return short
