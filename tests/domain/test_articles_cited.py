"""The article catalogue is the one place articles live: every article id the code cites
in a refusal, a basis or a rule is one of its entries (R13, R14)."""

from __future__ import annotations

import re
from pathlib import Path

from accountledger.domain.articles import article
from accountledger.domain.errors import LedgerError

SRC = Path(__file__).parents[2] / "src"
CITED = re.compile(r'"(20(?:17|20|21|22)-\d+(?:-\d+)?)"')


def test_every_article_id_cited_in_the_code_is_in_the_catalogue() -> None:
    """R13, R14: no refusal or rule can name an article the catalogue does not hold."""
    cited = {
        (found, str(path.relative_to(SRC)))
        for path in SRC.rglob("*.py")
        # The traceability table lists every article, bases or not (issue 13).
        if path.name != "article_duties.py"
        for found in CITED.findall(path.read_text())
    }
    assert len(cited) > 50  # the scan sees the code's citations
    unknown = []
    for ident, where in sorted(cited):
        try:
            article(ident)
        except LedgerError:
            unknown.append((ident, where))
    assert unknown == []
