"""Traditional script folds to simplified for association (R4 barred names, R3 name review).

A traditional-script copy of a barred or protected name is the same name for
association (2022 Art 10 ¶3), whatever its characters: the association key reads
traditional script through OpenCC's t2s, not through a short table. The uniqueness key
(`normalise`) keys stored NameIndex aggregates and keeps the two scripts apart.
"""

from __future__ import annotations

import pytest

from accountledger.domain.names import (
    DEFAULT_POLICY,
    Outcome,
    Verdict,
    association_key,
    closely_associated,
    normalise,
)

REJECT, REVIEW = Outcome.REJECT, Outcome.REVIEW

# Simplified names and their traditional spellings. Apart from 人民日报, every pair has
# traditional characters that the old hand-written table did not have (藝 術 鐵 烏 魯
# 齊 飛 鳥 攝 錢 觀 頭 髮 護 節 動 橋 樑), so these were once read as unrelated names.
TRADITIONAL_SPELLINGS = [
    ("人民日报", "人民日報"),
    ("艺术人生", "藝術人生"),
    ("铁路桥梁", "鐵路橋樑"),
    ("乌鲁木齐美食", "烏魯木齊美食"),
    ("飞鸟摄影", "飛鳥攝影"),
    ("钱塘观潮", "錢塘觀潮"),
    ("头发护理", "頭髮護理"),
    ("字节跳动", "字節跳動"),
]


def found(verdict: Verdict) -> set[tuple[str, Outcome, str]]:
    return {(f.rule, f.outcome, f.article) for f in verdict.findings}


@pytest.mark.parametrize(("simplified", "traditional"), TRADITIONAL_SPELLINGS)
def test_traditional_spelling_has_the_association_key_of_the_simplified_name(
    simplified: str, traditional: str
) -> None:
    """R4, R3: a traditional-script copy of a name is the same name for association."""
    assert association_key(traditional) == association_key(simplified)
    assert closely_associated(traditional, simplified)
    assert closely_associated(simplified, traditional)


@pytest.mark.parametrize(("simplified", "traditional"), TRADITIONAL_SPELLINGS)
def test_traditional_spelling_of_a_barred_name_goes_to_review(
    simplified: str, traditional: str
) -> None:
    """R4, R3: registering a barred name in traditional script is held for review (2022-10)."""
    verdict = DEFAULT_POLICY.review(traditional, field="name", barred=[simplified])
    assert ("associated-with-barred-name", REVIEW, "2022-10") in found(verdict)
    assert "barred-name" not in {f.rule for f in verdict.findings}


@pytest.mark.parametrize(("simplified", "traditional"), TRADITIONAL_SPELLINGS)
def test_simplified_spelling_of_a_barred_traditional_name_goes_to_review(
    simplified: str, traditional: str
) -> None:
    """R4, R3: a name barred in traditional script also holds back its simplified form."""
    verdict = DEFAULT_POLICY.review(simplified, field="name", barred=[traditional])
    assert ("associated-with-barred-name", REVIEW, "2022-10") in found(verdict)


def test_decorated_traditional_spelling_of_a_barred_name_goes_to_review() -> None:
    """R4, R3: script, affixes and an extra character fold together (2022-10)."""
    for name in ("藝術人生官方", "正版鐵路橋樑", "烏魯木齊美食日記"):
        verdict = DEFAULT_POLICY.review(name, barred=["艺术人生", "铁路桥梁", "乌鲁木齐美食"])
        assert ("associated-with-barred-name", REVIEW, "2022-10") in found(verdict), name


def test_traditional_spelling_of_a_protected_name_is_rejected() -> None:
    """R3, R4: 字節跳動 is the protected name 字节跳动 in traditional script (2022-8-2)."""
    verdict = DEFAULT_POLICY.review("字節跳動")
    assert verdict.outcome is REJECT
    assert ("protected-name", REJECT, "2022-8-2") in found(verdict)


def test_unrelated_traditional_name_is_not_held_back_by_barred_names() -> None:
    """R4, R3: folding script does not make different names alike."""
    barred = [simplified for simplified, _ in TRADITIONAL_SPELLINGS]
    assert DEFAULT_POLICY.review("陽光書屋", barred=barred).outcome is Outcome.ACCEPT


@pytest.mark.parametrize(
    ("raw", "key", "associated"),
    [
        ("藝術人生", "藝術人生", "艺术人生"),
        ("鐵路橋樑 Official!", "鐵路橋樑official", "铁路桥梁"),
        ("頭髮護理", "頭髮護理", "头发护理"),
        ("人民日報", "人民日報", "人民日报"),
    ],
)
def test_uniqueness_key_keeps_traditional_script(raw: str, key: str, associated: str) -> None:
    """R4, R3: `normalise` keys stored name indexes and never folds script; only the
    association key does."""
    assert normalise(raw) == key
    assert association_key(raw) == associated


def test_a_lone_surrogate_never_reaches_the_script_converter() -> None:
    """R4, R3: a name with an unpaired surrogate (valid in JSON) is reviewed, not a crash."""
    verdict = DEFAULT_POLICY.review("藝術\ud800人生", barred=["艺术人生"])
    assert ("associated-with-barred-name", REVIEW, "2022-10") in found(verdict)
