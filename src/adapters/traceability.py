"""docs/traceability.md: requirement -> article -> code -> tests, generated.

The requirements and their articles come from the domain brief; the code column
names where the rule lives; the tests column is read from the test suite itself
(a test cites a requirement id in its docstring, or else its module's), so it cannot lie.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from accountledger.adapters.article_duties import articles_markdown

REQUIREMENTS: list[tuple[str, str, str, str]] = [
    (
        "R1",
        "real identity authenticated before service; false identity refused",
        "2021-8, 2022-9",
        "`Account.verify_identity`, `refuse_registration`; `inputs.IdentityInput`, "
        "`RegistrantInput`; `domain/identity_rules.py`",
    ),
    (
        "R2",
        "registration records nature, places, category, contact, business scope",
        "2021-15",
        "`commands.Register`; `Registered.details`",
    ),
    (
        "R3",
        "name, avatar, introduction reviewed at registration and every change",
        "2021-8, 2022-7, 2022-8, 2022-10",
        "`domain/names.py`; `Account.change_profile`",
    ),
    (
        "R4",
        "closed names never re-registered; associated names reviewed; blacklisted subjects barred",
        "2021-8, 2022-10, 2017-13",
        "`NameIndex`, `BarredPage` + `BarredIndex`, `SubjectIndex`; `domain/index_effects.py`",
    ),
    (
        "R5",
        "qualifications for economy, education, health, justice; special mark",
        "2021-9, 2022-11, 2022-13",
        "`Account.submit/verify/reject/withdraw/expire_qualification`; "
        "`domain/qualifications.py`; `LedgerRules.qualified_categories`",
    ),
    (
        "R6",
        "non-compliant information: suspended, corrected in time, or terminated",
        "2021-8, 2021-9, 2022-15",
        "`Lifecycle.rectifying`; `Account.rectify`, `miss_rectification_deadline`",
    ),
    (
        "R7",
        "upper limit of accounts per subject",
        "2021-10",
        "`SubjectIndex.check_may_hold_another`; `LedgerRules.max_accounts_per_subject`",
    ),
    (
        "R8",
        "inactivity for six months may suspend or terminate",
        "2021-10",
        "`domain/deadlines.py` (`due`, `inactivity_due`: calendar months in"
        " `LedgerRules.time_zone`), `application/sweep.py`; `sweep`, `POST /sweep`",
    ),
    (
        "R9",
        "transfers need application, verified transferee, public notice",
        "2021-11",
        "`Account.apply/verify/approve/reject_transfer`; `commands.VerifyTransferee`",
    ),
    (
        "R10",
        "operator may suspend or terminate its own account",
        "2021-11",
        "`Account.request_suspension`, `request_termination`",
    ),
    (
        "R11",
        "credit rating by tier; false information (and account information) lowers it "
        "once per case, an appeal gives it back",
        "2021-13, 2022-18",
        "`domain/credit.py` (`follow_up`); `Account.change_credit_tier`, "
        "`lower_credit_for_case`, `restore_credit_for_case`; `LedgerRules.credit_steps`",
    ),
    (
        "R12",
        "disposal measures",
        "2021-19, 2022-17",
        "`Lifecycle`; `domain/measures.py` (`CATALOGUE`); `Account.warn` ... `blacklist`",
    ),
    (
        "R13",
        "every disposal recorded with what, why, basis, evidence, who, when",
        "2021-19, 2022-17",
        "`Act`; `authority.authorise` (measure grounds)",
    ),
    (
        "R14",
        "violations classified by 2021 Art 18 and 2022 Art 8 items",
        "2021-18, 2022-8",
        "`articles.check_violation`",
    ),
    (
        "R15",
        "complaints, reports and appeals",
        "2021-20, 2022-19",
        "`domain/appeals.py` (`Appeal`), `Account.reverse_measure`; `domain/complaints.py`"
        " (`Complaint`), `application/complaints.py`",
    ),
    (
        "R16",
        "records kept; history never updated or deleted",
        "2021-19, 2017-16",
        "append-only events; `Account` pinned topics; `erasure.check_erasable`"
        " (`LedgerRules.record_retention_months`, calendar months: `dates.add_months`)",
    ),
    (
        "R17",
        "personal information protected",
        "2022-16, 2017-9",
        "`adapters/vault.py`; `Ledger.seal`; `SubjectRef`; `SubjectErasure`,"
        " `application/erasure.py`; `authority.PERSONAL_INFORMATION_ROLES`,"
        " `application/disclosure.py`",
    ),
    (
        "R18",
        "full history, state on any date, exports",
        "2021-21, 2022-21",
        "`Ledger.account_as_of`, `Ledger.history`; `show --as-of`, `history`; dates are"
        " whole days in `LedgerRules.time_zone` (`dates.parse_moment`)",
    ),
]

_CITED = re.compile(r"\bR(1[0-8]|[1-9])\b")


def cited_tests(tests: Path) -> dict[str, list[str]]:
    """Which tests cite which requirement, from docstrings (module and function)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(tests.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_ids = set(_CITED.findall(ast.get_docstring(tree) or ""))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                own = set(_CITED.findall(ast.get_docstring(node) or ""))
                ids = own or module_ids
                for number in ids:
                    found[f"R{number}"].append(f"`{path.relative_to(tests.parent)}::{node.name}`")
    return found


TESTS = Path(__file__).resolve().parents[2] / "tests"


def traceability_markdown(tests: Path = TESTS) -> str:
    cited = cited_tests(tests)
    lines = [
        "# Traceability",
        "",
        "Requirement -> article -> code -> tests. Generated by "
        "`python -m accountledger.adapters.docgen`; the tests column is read from the",
        "docstrings of the test suite, so a test that stops citing a requirement drops out.",
        "",
        "| id | rule | articles | code | tests |",
        "|---|---|---|---|---|",
    ]
    for rid, rule, articles, code in REQUIREMENTS:
        tests_cell = "<br>".join(cited.get(rid, [])) or "none yet"
        lines.append(f"| {rid} | {rule} | {articles} | {code} | {tests_cell} |")
    lines += ["", *articles_markdown(tests, requirements_by_article())]
    return "\n".join(lines) + "\n"


def requirements_by_article() -> dict[str, list[str]]:
    """Article id -> the requirements that cite it (an item counts for its article)."""
    found: dict[str, list[str]] = defaultdict(list)
    for rid, _rule, articles, _code in REQUIREMENTS:
        for cited in articles.split(","):
            article_id = "-".join(cited.strip().split("-")[:2])
            if rid not in found[article_id]:
                found[article_id].append(rid)
    return found
