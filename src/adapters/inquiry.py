"""A regulator's inquiry into one account or one subject, as of a business time (R18).

The state on a date comes from replaying the account's events (`account_as_of`),
never from the read models, which only know the present. The disposal records come
from the register as it stood at that time (R13). Everything is plain data, for the
CLI to print as tables or as one JSON object.

Personal information is withheld unless the caller asks for it and its role may see
it (`disclose_to`, R17): then each account entry carries the identity of the subject
holding the account at the entry's time, or the erasure that made it unreadable, and
the report says `"personal_information": "included"`. Recording the disclosure is the
caller's part (the CLI writes it to the access log before printing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from accountledger.application import appeals
from accountledger.application.disclosure import account_identity
from accountledger.application.ledger import Ledger
from accountledger.application.views import describe, event_record, replayed
from accountledger.domain.act import Role
from accountledger.domain.authority import authorise_disclosure
from accountledger.domain.errors import NotFound
from accountledger.domain.indexes import SubjectIndex
from accountledger.projections import queries
from accountledger.projections.schema import iso
from accountledger.projections.view import ReadStore

# Appeals (R15) come in a later issue; until then no measure has one.


@dataclass(frozen=True)
class Window:
    """The stretch of business time an inquiry looks at, and the moment it is asked about."""

    start: datetime | None
    end: datetime
    as_of: datetime
    report_within: timedelta

    def holds(self, moment: datetime) -> bool:
        return (self.start is None or self.start <= moment) and moment <= self.end


@dataclass(frozen=True)
class Page:
    """Which of an entry's events to list: from the `offset`th, at most `limit` (all when
    None). A page reads only its own events (`Ledger.events_as_of`)."""

    offset: int = 0
    limit: int | None = None


ALL = Page()


def _events(
    ledger: Ledger, account: UUID, window: Window, page: Page
) -> tuple[list[dict[str, Any]], int]:
    """The entry's events in the window and how many there are in all."""
    if window.start is None:
        events, total = ledger.events_as_of(account, window.end, page.offset, page.limit)
        return [event_record(e) for e in events], total
    decided, _ = ledger.events_as_of(account, window.end)
    held = [e for e in decided if window.holds(e.act.occurred_at)]
    stop = None if page.limit is None else page.offset + page.limit
    return [event_record(e) for e in held[page.offset : stop]], len(held)


def _disposals(
    ledger: Ledger, view: ReadStore, account: UUID, window: Window
) -> list[dict[str, Any]]:
    records = queries.disposals(
        view,
        account=str(account),
        start=window.start,
        end=window.end,
        as_of=window.as_of,
        report_within=window.report_within,
    )
    return appeals_as_they_stood(ledger, records, window.as_of)


def appeals_as_they_stood(
    ledger: Ledger, records: list[dict[str, Any]], as_of: datetime
) -> list[dict[str, Any]]:
    """Register rows with each appeal as it stood at `as_of` (R15, R18)."""
    return [_appeal_as_it_stood(ledger, record, as_of) for record in records]


def _appeal_as_it_stood(ledger: Ledger, record: dict[str, Any], as_of: datetime) -> dict[str, Any]:
    """The register knows where each appeal stands now; the inquiry needs where it stood
    at `as_of`, so the appeal is replayed from its own events (R15, R18)."""
    if record["appeal_id"] is None:
        return record
    appeal = appeals.as_of(ledger, UUID(record["appeal_id"]), as_of)
    if appeal is None:
        return record | {"appeal_id": None, "appeal_status": "none"}
    status = appeal.outcome if appeal.status == "decided" else appeal.status
    return record | {"appeal_status": status}


def account_entry(
    ledger: Ledger,
    view: ReadStore,
    account: UUID,
    window: Window,
    disclose_to: Role | None = None,
    page: Page = ALL,
) -> dict[str, Any]:
    """One account within a window: its state at the window's end, events, measures,
    and, disclosed to a role that may see it, the identity of its holder then (R17).
    With a `page` limit, only that page of events, and `events_page` says which."""
    past = replayed(ledger, account, window.end)
    events, total = _events(ledger, account, window, page)
    entry: dict[str, Any] = {
        "account_id": str(account),
        "holding": None,
        "state_as_of": iso(window.end),
        "state": describe(past, window.end),
        "events": events,
        "disposals": _disposals(ledger, view, account, window),
    }
    if page.limit is not None:
        entry["events_page"] = {"offset": page.offset, "limit": page.limit, "total": total}
    if disclose_to is not None:
        entry["identity"] = account_identity(ledger, past, disclose_to)
    return entry


def _report(
    scope: str,
    as_of: datetime,
    zone: ZoneInfo,
    accounts: list[dict[str, Any]],
    disclose_to: Role | None,
    **key: str | None,
) -> dict[str, Any]:
    shown = "withheld" if disclose_to is None else "included"
    return {
        "inquiry": {
            "scope": scope,
            **key,
            "as_of": iso(as_of),
            # The same instant on the platform's wall clock, and which zone that is: a
            # date asked about is a whole day there (`domain/dates.py`).
            "as_of_local": as_of.astimezone(zone).isoformat(),
            "time_zone": zone.key,
            "personal_information": shown,
            "accounts": accounts,
        }
    }


def of_account(
    ledger: Ledger,
    view: ReadStore,
    account: UUID,
    as_of: datetime,
    report_within: timedelta,
    *,
    disclose_to: Role | None = None,
    page: Page = ALL,
) -> dict[str, Any]:
    """The account as of `as_of`: state, every event until then (or a `page` of them),
    its disposal records."""
    if disclose_to is not None:
        authorise_disclosure(disclose_to)
    window = Window(None, as_of, as_of, report_within)
    entry = account_entry(ledger, view, account, window, disclose_to, page)
    zone = ledger.rules.zone
    return _report(
        "account", as_of, zone, [entry], disclose_to, account_id=str(account), subject_ref=None
    )


def _held(
    ledger: Ledger,
    view: ReadStore,
    holding: dict[str, Any],
    as_of: datetime,
    within: timedelta,
    disclose_to: Role | None,
    page: Page,
) -> dict[str, Any]:
    held_from = datetime.fromisoformat(holding["held_from"])
    until = holding["held_until"]
    # A holding that ended after `as_of` was still running then.
    held_until = datetime.fromisoformat(until) if until is not None else None
    if held_until is not None and held_until > as_of:
        held_until = None
    window = Window(held_from, held_until or as_of, as_of, within)
    entry = account_entry(ledger, view, UUID(holding["account_id"]), window, disclose_to, page)
    entry["holding"] = {"held_from": iso(held_from), "held_until": iso(held_until)}
    return entry


def of_subject(
    ledger: Ledger,
    view: ReadStore,
    subject_ref: str,
    as_of: datetime,
    report_within: timedelta,
    *,
    disclose_to: Role | None = None,
    page: Page = ALL,
) -> dict[str, Any]:
    """Every account the subject held by `as_of`, each seen only over its holding (R9, R18).

    A subject the ledger has never known is not found (HTTP 404, exit 4), rather than an
    empty inquiry that a reader could take for a subject with nothing on record.
    """
    if disclose_to is not None:
        authorise_disclosure(disclose_to)
    holdings = queries.holdings(view, subject_ref)
    if not holdings and ledger.find(SubjectIndex.create_id(subject_ref)) is None:
        raise NotFound(f"no subject {subject_ref}", rule="subject-exists", field="subject")
    entries = [
        _held(ledger, view, holding, as_of, report_within, disclose_to, page)
        for holding in holdings
        if datetime.fromisoformat(holding["held_from"]) <= as_of
    ]
    zone = ledger.rules.zone
    return _report(
        "subject", as_of, zone, entries, disclose_to, account_id=None, subject_ref=subject_ref
    )
