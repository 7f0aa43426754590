"""Identity numbers in any digit script are one subject (R1, R4, R7, R17; 2021 Arts 8, 10, 19).

A number is folded (NFKC, then every decimal digit to ASCII) before it is validated and
hashed, on every edge: a blacklisted mobile written in full-width or Arabic-Indic digits
is still the blacklisted subject, an ID card with one full-width digit still counts
toward its subject's limit, and what is still not ASCII after folding is refused.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.inputs import IdentityInput, id_card_check
from accountledger.adapters.vault import Vault, canonical_number
from accountledger.domain.rules import LedgerRules
from tests.adapters.cli_runner import Run, cli_at_now
from tests.adapters.test_http import NOW, REGISTRATION, Api

BANNED = "13700000011"
FULL_WIDTH = "".join(chr(ord(d) - ord("0") + 0xFF10) for d in BANNED)
ARABIC_INDIC = "".join(chr(ord(d) - ord("0") + 0x0660) for d in BANNED)
MIXED = BANNED[:9] + ARABIC_INDIC[9:]  # "137000000" + "١١": passed `\d` before folding
BODY = "11010119850101234"
ID_CARD = BODY + id_card_check(BODY)
# Every script's zero: its digit d is zero + d (Unicode keeps decimal digits contiguous).
ZEROS = [chr(c) for c in range(0x110000) if unicodedata.decimal(chr(c), None) == 0]
VAULT = Vault("sqlite://")  # hashing only: an in-memory key store is enough


def in_script(number: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(d)) if d.isdigit() else d for d in number)


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


def register(run: Run, name: str, kind: str, number: str, code: int = 0) -> dict[str, Any]:
    result = run(
        "register",
        *("--name", name, "--identity-kind", kind, "--identity-number", number),
        *("--nature", "individual", "--registration-place", "Hangzhou"),
        *("--operating-place", "Hangzhou", "--content-category", "design"),
        *("--actor", "svc:platform", "--json"),
        code=code,
    )
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


@pytest.mark.parametrize("spelling", [FULL_WIDTH, ARABIC_INDIC, MIXED])
def test_a_blacklisted_mobile_in_another_digit_script_is_refused(run: Run, spelling: str) -> None:
    """R4 (2021 Art 19), R17: a blacklisted subject written with full-width or Arabic-Indic
    digits is the same subject, refused as blacklisted; nothing is registered."""
    account = register(run, "Rumour Mill", "mobile", BANNED)["account_id"]
    run("verify-identity", account, "--actor", "r-1:reviewer")
    grounds = ("--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6")
    run("blacklist", account, *grounds, "--actor", "m-1:moderator")
    refused = register(run, "Fresh Start", "mobile", spelling, code=3)
    assert (refused["rule"], refused["article"]) == ("blacklisted-subject", "2021-19")
    found = run("inquiry", "--subject", f"mobile:{spelling}", "--format", "json").stdout
    assert [a["state"]["name"] for a in json.loads(found)["inquiry"]["accounts"]] == ["Rumour Mill"]


def test_a_number_not_ascii_after_folding_is_one_line_naming_field_rule_article(
    run: Run,
) -> None:
    """R1 (2021 Art 8): a letter outside ASCII in a number is refused at the edge, one line
    with the field, the rule and the article, and nothing is written."""
    result = run(
        "register",
        *("--name", "Odd Digits", "--identity-kind", "passport"),
        *("--identity-number", "E1234567\u00e9", "--mobile", "13800138000"),
        *("--nature", "individual", "--registration-place", "Hangzhou"),
        *("--operating-place", "Hangzhou", "--content-category", "design"),
        *("--actor", "svc:platform"),
        code=2,
    )
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: identity_number: U+00E9")
    assert "(rule: number-characters)" in line and "[2021-8]" in line


def test_an_inquiry_by_number_in_full_width_finds_the_subject(run: Run) -> None:
    """R18 (2021 Art 21), R17: the regulator's look-up by number folds digits like the
    registration did, so it finds the same subject's accounts."""
    register(run, "Blue Kite Studio", "id_card", ID_CARD)
    wide = in_script(ID_CARD, "\uff10")
    found = json.loads(run("inquiry", "--subject", f"id_card:{wide}", "--format", "json").stdout)
    assert [a["state"]["name"] for a in found["inquiry"]["accounts"]] == ["Blue Kite Studio"]
    odd = run("inquiry", "--subject", "mobile:1380013800\u00e9", code=2).output.strip()
    assert odd == (
        "error: subject: U+00E9 is neither a digit of any script nor an ASCII letter "
        "(rule: number-characters) [2021-8]"
    )


@pytest.fixture
def api(store: Settings) -> Iterator[Api]:
    clock = [NOW]
    app = create_app(
        replace(store, rules=LedgerRules(max_accounts_per_subject=1)), clock=lambda: clock[0]
    )
    with TestClient(app) as client:
        yield Api(client, app.state.service.keys, clock)


def test_an_id_card_with_one_full_width_digit_counts_toward_the_same_limit(api: Api) -> None:
    """R7 (2021 Art 10 ¶1): with a limit of one account, the same ID card with one digit
    written full-width is the same subject and is refused over HTTP (422, nothing written)."""
    first = {**REGISTRATION, "identity_kind": "id_card", "identity_number": ID_CARD}
    assert api.post("/accounts", first, "platform").status_code == 201
    one_wide = ID_CARD[:5] + in_script(ID_CARD[5], "\uff10") + ID_CARD[6:]
    second = {**first, "name": "Second Kite", "identity_number": one_wide}
    refused = api.post("/accounts", second, "platform")
    assert refused.status_code == 422, refused.json()
    assert (refused.json()["rule"], refused.json()["article"]) == (
        "accounts-per-subject",
        "2021-10",
    )


def test_a_number_not_ascii_after_folding_is_problem_json_with_its_article(api: Api) -> None:
    """R1 (2021 Art 8): over HTTP too, with the field, the rule and the article."""
    body = {**REGISTRATION, "mobile": "1380013800\u00e9", "identity_kind": "id_card"}
    refused = api.post("/accounts", {**body, "identity_number": ID_CARD}, "platform")
    assert refused.status_code == 422
    problem = refused.json()
    assert (problem["field"], problem["rule"], problem["article"]) == (
        "mobile",
        "number-characters",
        "2021-8",
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts=st.lists(st.sampled_from(ZEROS), min_size=18, max_size=18))
def test_any_mix_of_digit_scripts_folds_to_the_same_subject_ref(scripts: list[str]) -> None:
    """R17, R4, R7: each digit of an ID card and of a mobile in any script the edge accepts
    and hashes as the ASCII number; an ASCII number's canonical form is unchanged, so refs
    in stores written before folding still match."""
    mixed_id = "".join(in_script(d, z) for d, z in zip(ID_CARD, scripts, strict=True))
    mixed_mobile = "".join(in_script(d, z) for d, z in zip(BANNED, scripts, strict=False))
    edge_id = IdentityInput(identity_kind="id_card", identity_number=mixed_id)
    edge_mobile = IdentityInput(identity_kind="mobile", identity_number=mixed_mobile)
    assert (edge_id.identity_number, edge_mobile.identity_number) == (ID_CARD, BANNED)
    assert canonical_number("id_card", mixed_id) == canonical_number("id_card", ID_CARD)
    assert canonical_number("id_card", ID_CARD) == f"id_card:{ID_CARD}"
    assert VAULT.subject_ref("mobile", mixed_mobile) == VAULT.subject_ref("mobile", BANNED)
