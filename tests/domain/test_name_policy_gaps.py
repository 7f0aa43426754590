"""Gaps in the name policy closed (R3): a web address without `www` or `http`, and a
phone number written in Chinese numerals, are contact details embedded in a name
(2022 Art 8 item 6); and which refusals an authorisation of which kind answers
(2022 Art 8 items 2-5 "without authorisation", Art 11).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountledger.domain.name_rules import AUTHORISATION_KINDS
from accountledger.domain.names import DEFAULT_POLICY, Outcome, Verdict

REJECT, REVIEW, ACCEPT = Outcome.REJECT, Outcome.REVIEW, Outcome.ACCEPT


def review(text: str, field: str = "name", licences: frozenset[str] = frozenset()) -> Verdict:
    return DEFAULT_POLICY.review(text, field=field, licences=licences)


def rules(verdict: Verdict) -> set[str]:
    return {f.rule for f in verdict.findings}


# ------------------------------------------------------------ bare domains


@pytest.mark.parametrize(
    "name",
    [
        "jd.com好物",
        "淘宝.com",
        "京东.cn 正品",
        "abc.中国",
        "好茶.网址",
        "小店.store",
        "主播阿杰.live",
        "ＡＢＣ．ＣＮ优选",
        "shop.example.com.cn精选",
    ],
)
def test_a_bare_domain_in_a_name_is_refused(name: str) -> None:
    """R3: a website address without www or http is still a web address (2022-8-6)."""
    verdict = review(name)
    assert verdict.outcome is REJECT
    assert "url" in rules(verdict)


@pytest.mark.parametrize(
    "name",
    ["Mr.Li", "A.B.C Studio", "Vol.2 读书", "No.1 Tea", "3.14 Pie", "tea.中国茶", "好茶…中国茶"],
)
def test_ordinary_names_with_dots_are_no_web_address(name: str) -> None:
    """R3: an initial, a volume, a decimal or prose around a dot is not a domain (2022-8-6)."""
    assert "url" not in rules(review(name))


_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=2, max_size=10).filter(
    lambda s: s[0].isalnum()
)
_TLD = st.sampled_from(["com", "cn", "net", "org", "top", "xyz", "store", "live", "中国", "公司"])
_AROUND = st.sampled_from(["", "好物", "官方店 ", "小店 ", "精选", " shop"])


@settings(max_examples=150, deadline=None)
@given(_AROUND, _LABEL, _TLD, st.data())
def test_any_bare_domain_is_found_wherever_it_stands(
    before: str, label: str, tld: str, data: st.DataObject
) -> None:
    """R3 (property): LABEL.TLD with or without text either side is found; Chinese text
    may follow a Latin top-level domain directly (2022-8-6)."""
    after = data.draw(st.sampled_from(["", " 优选", *(["正品"] if tld.isascii() else [])]))
    name = f"{before}{label}.{tld}{after}"
    assert "url" in rules(review(name, field="introduction")), name


# ------------------------------------------------------ phone in numerals

_STYLES = {
    "0": "0零〇洞",
    "1": "1一壹幺",
    "2": "2二贰两",
    "3": "3三叁",
    "4": "4四肆",
    "5": "5五伍",
    "6": "6六陆",
    "7": "7七柒",
    "8": "8八捌",
    "9": "9九玖",
}


@pytest.mark.parametrize(
    "name",
    [
        "一三八零零一三八零零零",
        "壹叁捌 零零壹叁 捌零零零",
        "幺三八-零零幺三-八零零零",
        "茶叶 1三8 00一3 8000",
        "加我 一五九·一二三四·五六七八",
    ],
)
def test_a_mobile_number_in_chinese_numerals_is_refused(name: str) -> None:
    """R3: a phone number is contact details however its digits are written (2022-8-6)."""
    verdict = review(name)
    assert verdict.outcome is REJECT
    assert "phone" in rules(verdict)


@pytest.mark.parametrize(
    "name", ["三人行", "一二三", "一五一十", "三心二意茶馆", "一二三四五六七八九", "二〇二六年春"]
)
def test_a_few_numerals_in_a_name_are_no_phone_number(name: str) -> None:
    """R3: numerals in ordinary words and dates are not a phone number (2022-8-6)."""
    assert "phone" not in rules(review(name))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.data(),
)
def test_any_mobile_number_in_any_numerals_and_separators_is_found(
    second: str, rest: str, data: st.DataObject
) -> None:
    """R3 (property): an 11-digit mobile written digit by digit in any mix of numerals,
    with spaces, hyphens or dots between, is found (2022-8-6)."""
    digits = "1" + second + rest
    written = ""
    for digit in digits:
        written += data.draw(st.sampled_from(_STYLES[digit]))
        written += data.draw(st.sampled_from(["", "", " ", "-", "·"]))
    assert "phone" in rules(review(f"茶馆{written}")), written


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="零一二三四五六七八九壹叁幺两茶馆书店人行心意", max_size=30))
def test_fewer_than_eleven_numerals_in_a_row_are_never_a_phone_number(text: str) -> None:
    """R3 (property): without eleven numerals in a row there is no mobile number (2022-8-6)."""
    runs = "".join(c if c in "零一二三四五六七八九壹叁幺两" else " " for c in text).split()
    if all(len(run) < 11 for run in runs):
        assert "phone" not in rules(review(text))


# ------------------------------------------------------ authorisations


@pytest.mark.parametrize(
    ("name", "kind", "rule"),
    [
        ("北京市公安局", "organ", "organ-impersonation"),
        ("人民日报", "news", "news-without-licence"),
        ("腾讯", "trademark", "protected-name"),
        ("Huawei", "brand", "protected-name"),
        ("联合国开发计划署", "international", "international-organisation"),
    ],
)
def test_an_authorisation_of_the_right_kind_turns_refusal_into_review(
    name: str, kind: str, rule: str
) -> None:
    """R3: the name policy's rows say which evidence answers which refusal; the finding
    stays, for the reviewer, and names the kind (2022-8-2 to 2022-8-4, 2022-11)."""
    assert review(name).outcome is REJECT
    verdict = review(name, licences=frozenset({kind}))
    assert verdict.outcome is REVIEW
    softened = [f for f in verdict.findings if f.rule == rule]
    assert softened and softened[0].authorisation == kind


@pytest.mark.parametrize(
    "name",
    ["北京市公安局 wx abc12345", "人民日报.com", "北京市公按局", "政府 一三八零零一三八零零零"],
)
def test_no_authorisation_answers_what_is_refused_to_everyone(name: str) -> None:
    """R3: contact details, web addresses and lookalike tricks stay refused whatever
    evidence comes with them (2022-8-6)."""
    assert review(name, licences=frozenset(AUTHORISATION_KINDS)).outcome is REJECT


def test_barred_names_stay_refused_with_any_authorisation() -> None:
    """R4: a closed account's name is barred whoever asks (2021-8)."""
    verdict = DEFAULT_POLICY.review(
        "山城新闻社", licences=frozenset(AUTHORISATION_KINDS), barred=("山城新闻社",)
    )
    assert verdict.outcome is REJECT
    assert "barred-name" in rules(verdict)
