"""docs/traceability.md accounts for every article of both Provisions (issue 13): each
duty the ledger carries out is proved by a test that cites it (R13, R18)."""

from __future__ import annotations

from pathlib import Path

from accountledger.adapters.article_duties import (
    ARTICLES,
    NOT_SOFTWARE,
    article_citations,
    cited_articles,
)
from accountledger.adapters.traceability import traceability_markdown

TESTS = Path(__file__).resolve().parents[1]
ARTICLE_COUNTS = {"2021": 23, "2022": 24}


def test_every_article_of_both_provisions_is_listed_once_in_order() -> None:
    listed = [article_id for article_id, *_ in ARTICLES]
    expected = [
        f"{year}-{n}" for year, count in ARTICLE_COUNTS.items() for n in range(1, count + 1)
    ]
    assert listed == expected


def test_an_article_judged_not_a_software_duty_says_why() -> None:
    for article_id, _duty, status, where in ARTICLES:
        assert where.strip(), f"{article_id} gives no code and no reason"
        assert status in ("DONE", "PARTLY", NOT_SOFTWARE)


def test_every_article_the_ledger_carries_out_is_proved_by_a_citing_test() -> None:
    cited = article_citations(TESTS)
    unproved = [a for a, _d, status, _w in ARTICLES if status != NOT_SOFTWARE and not cited[a]]
    assert unproved == []


def test_citations_are_read_in_either_form_and_a_date_is_not_one() -> None:
    assert cited_articles("2021 Art 9 and 2022-8-4; 2021 Arts 11") == {
        "2021-9",
        "2022-8",
        "2021-11",
    }
    assert cited_articles("registered on 2021-10-15, or 2022-03-01") == set()


def test_the_article_table_is_in_the_generated_traceability_document() -> None:
    text = traceability_markdown()
    assert "## Articles" in text
    assert "| 2022-12 | display the IP address attribution | DONE |" in text
    assert "| 2022-24 | entry into force | not a software duty |" in text
