"""Every article of the 2021 and 2022 Provisions, and what the ledger does about it.

Each article is either a duty the ledger carries out (`DONE`), one it carries out in
part (`PARTLY`, saying what is left), or one judged not to be a software duty of a
system of record, with the reason. The tests column is read from the suite: a test
whose docstring (or module docstring) cites the article, as `2021 Art 9` or
`2021-9`, proves it; the requirements column names the R-ids that cite it.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path
from typing import Literal

Status = Literal["DONE", "PARTLY", "not a software duty"]

DONE: Status = "DONE"
PARTLY: Status = "PARTLY"
NOT_SOFTWARE: Status = "not a software duty"

# (article, what it asks, status, where the ledger does it, or why it is not software)
ARTICLES: tuple[tuple[str, str, Status, str], ...] = (
    ("2021-1", "purpose and legal basis", NOT_SOFTWARE, "states why the Provisions exist"),
    ("2021-2", "scope", NOT_SOFTWARE, "says who is bound, not what they do"),
    ("2021-3", "competent authorities", NOT_SOFTWARE, "a duty of the cyberspace administration"),
    (
        "2021-4",
        "general principles; encouraging organs to open accounts",
        NOT_SOFTWARE,
        "values and encouragement, no act to record",
    ),
    (
        "2021-5",
        "licences: a news information service needs a news licence",
        DONE,
        "`domain/authorisations.py`: licence evidence on `register` and `change-name`;"
        " `domain/name_rules.py` says which kind answers which finding (R3)",
    ),
    (
        "2021-6",
        "platform responsibility; management rules; service agreements",
        PARTLY,
        "the rules the ledger enforces are configuration (`LedgerRules`, name policy) and"
        " published in docs/workflows.md; staffing and agreements are organisational",
    ),
    (
        "2021-7",
        "classified registration; hierarchical management; filing rules",
        PARTLY,
        "nature and content category at registration (`Register`), credit tiers (R11);"
        " filing the rules with the provincial office is a paper duty",
    ),
    (
        "2021-8",
        "composite identity; review of name, avatar, introduction; no re-registration",
        DONE,
        "composite identity (`domain/identity_rules.py`), `Account.verify_identity`;"
        " `domain/names.py`; rectification and own corrections (R6); `BarredPage` (R4)",
    ),
    (
        "2021-9",
        "qualifications for regulated fields; special mark; public details; dynamic checks",
        DONE,
        "`domain/qualifications.py`: the gate (`qualification-required`),"
        " `withdraw-qualification`, expiry enforced by the sweep (R5);"
        " `projections/public_registry.py`",
    ),
    (
        "2021-10",
        "limit of accounts per subject; six months' inactivity",
        DONE,
        "`LedgerRules.max_accounts_per_subject`, `SubjectIndex` (R7); `application/sweep.py` (R8)",
    ),
    (
        "2021-11",
        "transfers approved; unapproved transfer; operator ends its own account",
        DONE,
        "`apply-transfer` ... `approve-transfer`, `find-unapproved-transfer` (R9);"
        " `request-suspension`, `request-termination`, `request-reinstatement` (R10)",
    ),
    (
        "2021-12",
        "monitoring against falsified traffic data",
        NOT_SOFTWARE,
        "traffic is watched by the platform's content systems; the ledger records the"
        " measures they lead to (violation class 2021-18-4)",
    ),
    (
        "2021-13",
        "credit rating; false information lowers it or blacklists",
        DONE,
        "`domain/credit.py`, `LedgerRules.credit_steps` (R11)",
    ),
    (
        "2021-14",
        "commercial activity, advertising, copyright",
        NOT_SOFTWARE,
        "moderation of content and commerce; the ledger records `cease-ads` when taken (R12)",
    ),
    (
        "2021-15",
        "registration details filled in truthfully; content within the category",
        DONE,
        "`Register` details; `change-contact`, `change-operating-place`,"
        " `change-content-category`, `change-main-business` reviewed (`domain/details.py`, R2)",
    ),
    ("2021-16", "operators' responsibility for content", NOT_SOFTWARE, "the operators' duty"),
    (
        "2021-17",
        "copyright marks; managing comments",
        NOT_SOFTWARE,
        "content duties of operators; a restriction of comments is recorded as `restrict`",
    ),
    (
        "2021-18",
        "prohibited acts of producers and operators",
        DONE,
        "violation classes in `domain/articles.py`; every measure names one (R14)",
    ),
    (
        "2021-19",
        "disposal measures; records kept; reported to the authorities",
        DONE,
        "`domain/measures.py` catalogue; blacklisting reaches the subject (`domain/reach.py`);"
        " disposal register with `reportable`; `report-disposal` in batches (R12, R13)",
    ),
    (
        "2021-20",
        "complaints, reports and appeals with time limits",
        DONE,
        "`domain/appeals.py`, `domain/complaints.py` (R15)",
    ),
    (
        "2021-21",
        "cooperation with supervision and inspection",
        DONE,
        "regulator role, `inquiry`, bundles, `verify` (R16, R18)",
    ),
    ("2021-22", "definitions", NOT_SOFTWARE, "definitions only"),
    (
        "2021-23",
        "entry into force; these Provisions prevail over earlier ones",
        DONE,
        "`superseded_by` in `domain/articles.py`: the 2017 Provisions are no basis for a new"
        " act (`superseded-law`); old events still read",
    ),
    ("2022-1", "purpose and legal basis", NOT_SOFTWARE, "states why the Provisions exist"),
    ("2022-2", "scope", NOT_SOFTWARE, "says who is bound, not what they do"),
    ("2022-3", "competent authorities", NOT_SOFTWARE, "a duty of the internet information office"),
    ("2022-4", "good faith", NOT_SOFTWARE, "a principle, no act to record"),
    ("2022-5", "industry self-discipline", NOT_SOFTWARE, "a duty of industry organisations"),
    (
        "2022-6",
        "account information rules; service agreements",
        PARTLY,
        "the rules are configuration and published in docs/workflows.md; agreements are"
        " signed outside the ledger",
    ),
    (
        "2022-7",
        "professional and entity information true and consistent",
        DONE,
        "qualifications (R5); registration details and main business (R2)",
    ),
    (
        "2022-8",
        "prohibited account information",
        DONE,
        "`domain/name_rules.py` rules per item; complaint categories 2022-8-1 to 8 (R3, R15)",
    ),
    (
        "2022-9",
        "real identity by mobile, identity number or USCC",
        DONE,
        "`identity.Identity` and its composite forms (R1)",
    ),
    (
        "2022-10",
        "review at registration and change; strict review; no re-registration",
        DONE,
        "`Desk.reviews` for every change and correction; `BarredIndex` (R3, R4)",
    ),
    (
        "2022-11",
        "qualifications for licensed services and professional fields; special label",
        DONE,
        "licence evidence on names; the qualification gate (R3, R5)",
    ),
    (
        "2022-12",
        "display the IP address attribution",
        DONE,
        "`record-ip-attribution` keeps the place the platform supplies (province at home,"
        " country or region abroad; `domain/ip_attribution.py`), never an address (2022"
        " Art 16); the public registry shows it",
    ),
    (
        "2022-13",
        "display public account information",
        DONE,
        "`projections/public_registry.py` and `GET /public/accounts/{id}` show entity,"
        " category, place, special mark and IP attribution (2022-12)",
    ),
    (
        "2022-14",
        "primary responsibility; management systems",
        PARTLY,
        "real-name registration, reviews and personal information protection are the"
        " ledger's; staffing is organisational",
    ),
    (
        "2022-15",
        "dynamic review: suspend, order correction, end service on refusal",
        DONE,
        "`order-rectification`, `rectify`, `submit-correction` / `approve-correction`"
        " (`domain/corrections.py`), `miss-rectification-deadline` (R6)",
    ),
    (
        "2022-16",
        "protect personal information",
        DONE,
        "sealed identities, `erase-subject`, least exposure (R17)",
    ),
    (
        "2022-17",
        "measures; records; reports",
        DONE,
        "measures catalogue; the register's `reportable` column: administrative grounds are"
        " recorded, never overdue (R12, R13)",
    ),
    ("2022-18", "credit management", DONE, "`domain/credit.py` (R11)"),
    ("2022-19", "complaints and reports", DONE, "`domain/complaints.py` (R15)"),
    ("2022-20", "authorities' coordination", NOT_SOFTWARE, "a duty of the authorities"),
    (
        "2022-21",
        "oversight inspections; orders to suspend services",
        PARTLY,
        "regulator role, `inquiry`, bundles, `verify` (R16, R18); a provincial order to"
        " suspend all registrations is not modelled",
    ),
    ("2022-22", "penalties", NOT_SOFTWARE, "imposed by the authorities"),
    ("2022-23", "definitions", NOT_SOFTWARE, "definitions only"),
    ("2022-24", "entry into force", NOT_SOFTWARE, "a date, no act to record"),
)

# `2021 Art 9`, `2021 Arts 9`, `2021-9`, `2022-8-4`; not a date such as 2021-10-15.
_ARTICLE = re.compile(r"(?<![\w-])(2021|2022)(?: Arts?\.? |-)([1-9]\d?)(?!\d)(?!-\d\d)")


def article_citations(tests: Path) -> dict[str, list[str]]:
    """Which tests cite which article, from docstrings (the function's, else the module's)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(tests.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = cited_articles(ast.get_docstring(tree))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                for article_id in sorted(cited_articles(ast.get_docstring(node)) or module):
                    found[article_id].append(f"`{path.relative_to(tests.parent)}::{node.name}`")
    return found


def cited_articles(docstring: str | None) -> set[str]:
    return {f"{year}-{number}" for year, number in _ARTICLE.findall(docstring or "")}


def articles_markdown(tests: Path, requirements: dict[str, list[str]]) -> list[str]:
    """The article table: status, duty, code or reason, requirements, tests."""
    cited = article_citations(tests)
    lines = [
        "## Articles",
        "",
        "Every article of the 2021 and 2022 Provisions. `DONE`: the ledger carries the",
        "duty out; `PARTLY`: what is left is said; `not a software duty`: why not. The",
        "tests column lists the tests whose docstrings cite the article.",
        "",
        "| article | duty | status | code, or why not | requirements | tests |",
        "|---|---|---|---|---|---|",
    ]
    for article_id, duty, status, where in ARTICLES:
        rids = ", ".join(requirements.get(article_id, [])) or "-"
        tests_cell = "<br>".join(cited.get(article_id, [])) or "-"
        lines.append(f"| {article_id} | {duty} | {status} | {where} | {rids} | {tests_cell} |")
    return lines
