"""The barred-name review from an index gives the verdict of the full scan (R4, issue 16).

`BarredIndex` only chooses which barred names the name policy compares a name with;
the rule ("the barred name", "closely associated", 2021-8, 2022-10) stays in the policy.
So for any name and any barred set, the indexed review must give the very verdict the
scan of every barred name gives: same outcome, same findings, same barred name cited.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountledger.domain.barred_index import BarredIndex
from accountledger.domain.names import DEFAULT_POLICY, Outcome, Verdict

# Pieces that fold into one another: lookalikes (0/o, 1/l, rn/m, i/l, Cyrillic),
# affixes (official, 官方, 正版), traditional script, CJK pairs, digits at the end,
# separators. Drawn from these, random names are often equal, inside one another or
# one edit apart after folding: the cases an index could miss.
PIECES = (
    "a",
    "b",
    "e",
    "i",
    "l",
    "m",
    "n",
    "o",
    "r",
    "rn",
    "s",
    "0",
    "1",
    "2",
    "3",
    "ann",
    "harbor",
    "harb0r",
    "sunsets",
    "sunset",
    "news",
    "the",
    "official",
    "real",
    "а",
    "о",
    "ѕ",
    " ",
    "-",
    "!",
    "@",
    "·",
    "山城",
    "徒步",
    "艺术",
    "藝術",
    "人生",
    "官方",
    "正版",
    "真",
    "新闻",
    "新聞",
    "桥梁",
    "橋樑",
)
NAMES = st.lists(st.sampled_from(PIECES), min_size=0, max_size=7).map("".join)


def scan_and_index(name: str, barred: list[str]) -> tuple[Verdict, Verdict]:
    scanned = DEFAULT_POLICY.review(name, barred=barred)
    return scanned, DEFAULT_POLICY.review(name, barred=BarredIndex(barred))


@settings(max_examples=600, deadline=None)
@given(name=NAMES, barred=st.lists(NAMES, max_size=12))
def test_indexed_review_gives_the_scans_verdict(name: str, barred: list[str]) -> None:
    """R4: for random names and barred sets, the index's candidates give the same verdict."""
    scanned, indexed = scan_and_index(name, barred)
    assert indexed == scanned


@settings(max_examples=300, deadline=None)
@given(name=NAMES, barred=st.lists(NAMES, min_size=1, max_size=12), data=st.data())
def test_after_removals_the_indexed_review_still_gives_the_scans_verdict(
    name: str, barred: list[str], data: st.DataObject
) -> None:
    """R4, R15: a name given back (its earliest occurrence removed, as from a list)."""
    index, remaining = BarredIndex(barred), list(barred)
    for removed in data.draw(st.lists(st.sampled_from(barred), max_size=4)):
        index.remove(removed)
        if removed in remaining:
            remaining.remove(removed)
    assert index.names() == remaining
    indexed = DEFAULT_POLICY.review(name, barred=index)
    assert indexed == DEFAULT_POLICY.review(name, barred=remaining)


# The cases tests/domain/test_name_folding.py and test_name_policy_gaps.py review
# against a list (test_name_policy.py compares both on every case through its helper).
FOLDING_CASES = [
    ("藝術人生", ["艺术人生"]),
    ("艺术人生", ["藝術人生"]),
    ("鐵路橋樑", ["铁路桥梁"]),
    ("藝術人生官方", ["艺术人生", "铁路桥梁", "乌鲁木齐美食"]),
    ("正版鐵路橋樑", ["艺术人生", "铁路桥梁", "乌鲁木齐美食"]),
    ("烏魯木齊美食日記", ["艺术人生", "铁路桥梁", "乌鲁木齐美食"]),
    ("陽光書屋", ["艺术人生", "铁路桥梁", "头发护理"]),
    ("藝術\ud800人生", ["艺术人生"]),
    ("山城新闻社", ["山城新闻社"]),
    ("Harbor Sunsets Fan Club", ["Quiet", "Harbor Sunsets", "Harbor Sunset"]),
    ("Harb0r Sunsets", ["Harbor Sunsets", "Harbor Sunsets"]),
]


@pytest.mark.parametrize(("name", "barred"), FOLDING_CASES)
def test_indexed_review_on_the_folding_cases(name: str, barred: list[str]) -> None:
    """R4: the same verdict, and a barred name still held back through the index."""
    scanned, indexed = scan_and_index(name, barred)
    assert indexed == scanned
    if name not in ("陽光書屋",):
        assert indexed.outcome is not Outcome.ACCEPT


def test_candidates_leave_unrelated_barred_names_out() -> None:
    """R4: the index compares a name with the few barred names that could match it."""
    barred = [f"garden{n:05d}walk" for n in range(2000)] + ["Harbor Sunsets"]
    index = BarredIndex(barred)
    assert index.candidates("harborsunset", "harborsunset") == ["Harbor Sunsets"]
    verdict = DEFAULT_POLICY.review("Harbor Sunset", barred=index)
    assert verdict.outcome is Outcome.REVIEW
    assert "'Harbor Sunsets'" in verdict.findings[-1].detail
