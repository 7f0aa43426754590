"""Accounts a campaign selects by a query of the account status read model (R12).

A name pattern (`*` any run of characters, `?` one; any case; the name in force), a
subject's ref, a content category as last approved (R2) and a credit tier (R11); the
criteria given must all hold. Ids come back in one order, so two runs of the same
campaign go through the accounts the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from accountledger.projections.schema import account_status
from accountledger.projections.view import ReadStore

_ESCAPE = "\\"


@dataclass(frozen=True)
class Selection:
    """The criteria of a query; each None when not given."""

    name: str | None = None
    subject: str | None = None
    content_category: str | None = None
    credit_tier: str | None = None

    @property
    def given(self) -> bool:
        return any(v is not None for v in vars(self).values())


def like(pattern: str) -> str:
    """A name pattern as SQL LIKE: `*` and `?` are wildcards, `%` and `_` plain text."""
    escaped = pattern.replace(_ESCAPE, _ESCAPE * 2).replace("%", r"\%").replace("_", r"\_")
    return escaped.replace("*", "%").replace("?", "_").lower()


def selected(view: ReadStore, selection: Selection) -> list[str]:
    """The ids of the accounts matching every criterion given, in id order."""
    status = account_status.c
    query = select(status.account_id, status.details).order_by(status.account_id)
    if selection.name is not None:
        query = query.where(func.lower(status.name).like(like(selection.name), escape=_ESCAPE))
    if selection.subject is not None:
        query = query.where(status.subject_ref == selection.subject)
    if selection.credit_tier is not None:
        query = query.where(status.credit_tier == selection.credit_tier)
    with view.engine.connect() as connection:
        rows = connection.execute(query).all()
    # The details are JSON, read alike on SQLite and PostgreSQL when compared here.
    wanted = selection.content_category
    return [
        str(row.account_id)
        for row in rows
        if wanted is None or (row.details or {}).get("content_category") == wanted
    ]
