"""A bundle's disposal register, recomputed from the sealed events it carries (R13, R16).

The register is a read model: a row edited or deleted in the database would otherwise
travel in a bundle as if it were the record. Each record's columns that its own event
fixes (what, why, basis, evidence, who, when, until: 2021 Art 19) are recomputed here
from that event's sealed bytes, and every measure event in the inquiry's window must
have its record. The writer refuses to bundle a register that disagrees; `verify-bundle`
fails naming the record. Standard library only besides the measure catalogue, so that
`docs/integrity.md` can say the same in a few lines a third party runs without us.

Columns that later events decide (lifted, reported, appealed, reversed) and those the
account's state gives (its name at the time) are not recomputed here: `verify
--read-models` checks every column against a replay in the store.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from accountledger.application import chain
from accountledger.domain.measures import MEASURE_BY_EVENT

Record = dict[str, Any]
# (account, version) -> (topic, the event's inner JSON)
Sealed = dict[tuple[str, int], tuple[str, dict[str, Any]]]


def _time(value: Any) -> str | None:
    """A stored time (`{"_type_": "datetime_iso", "_data_": ...}`) as the register keeps
    it: ISO 8601 in UTC."""
    if value is None:
        return None
    return datetime.fromisoformat(value["_data_"]).astimezone(UTC).isoformat()


def sealed_columns(topic: str, event: dict[str, Any]) -> Record:
    """The register columns a measure's own event fixes, exactly as the register holds them."""
    act = event["act"]["_data_"]
    at = _time(act["occurred_at"])
    return {
        "event": topic.rsplit(".", 1)[-1],
        "reason": act["reason"],
        "basis": act["basis"],
        "violation": act["violation"],
        "evidence": act["evidence"],
        "case_id": act["case_id"],
        "functions": event.get("functions", []),
        "decided_by": act["actor_id"],
        "decided_role": act["actor_role"],
        "decided_at": at,
        "effective_from": at,
        "effective_until": _time(event.get("until") or event.get("deadline")),
        "recorded_at": _time(event["timestamp"]),
    }


def sealed_events(accounts: dict[str, list[dict[str, Any]]]) -> Sealed:
    """The inner JSON of every bundled event (rows as `events/<id>.json` holds them)."""
    found: Sealed = {}
    for account, rows in accounts.items():
        for row in rows:
            inner = chain.unwrap(base64.b64decode(row["state"], validate=True)).inner
            found[(account, row["originator_version"])] = (row["topic"], json.loads(inner))
    return found


Window = tuple[str | None, str]


def windows(report: dict[str, Any]) -> dict[str, Window]:
    """Each account's stretch of business time in the inquiry, as `adapters/inquiry.py`
    chose it: from the start of its holding (or of time) to its end (or the as-of)."""
    found = {}
    for entry in report["inquiry"]["accounts"]:
        holding = entry.get("holding") or {}
        end = holding.get("held_until") or report["inquiry"]["as_of"]
        found[entry["account_id"]] = (holding.get("held_from"), end)
    return found


def _within(window: Window, at: str) -> bool:
    start, end = window
    return (start is None or start <= at) and at <= end


def _differences(record: Record, sealed: Sealed) -> Iterable[str]:
    record_id = str(record["record_id"])
    account, version = record_id.rsplit("/", 1)
    found = sealed.get((account, int(version)))
    if found is None or found[0].rsplit(".", 1)[-1] not in MEASURE_BY_EVENT:
        yield f"disposals.json: {record_id} is not a bundled measure event"
        return
    for column, value in sealed_columns(*found).items():
        if record.get(column) != value:
            yield (
                f"disposals.json: {record_id}: its {column} is {record.get(column)!r}, "
                f"its sealed event says {value!r}"
            )


def register_problems(records: list[Record], sealed: Sealed, spans: dict[str, Window]) -> list[str]:
    """Every record that its sealed event contradicts, and every sealed measure in an
    account's window that has no record: one line each, naming the record."""
    problems = [line for record in records for line in _differences(record, sealed)]
    listed = [str(record["record_id"]) for record in records]
    for record_id in sorted({r for r in listed if listed.count(r) > 1}):
        problems.append(f"disposals.json: {record_id} is listed more than once")
    for (account, version), (topic, event) in sorted(sealed.items()):
        name = topic.rsplit(".", 1)[-1]
        at = str(_time(event["act"]["_data_"]["occurred_at"]))
        record_id = f"{account}/{version}"
        wanted = name in MEASURE_BY_EVENT and account in spans
        if wanted and _within(spans[account], at) and record_id not in listed:
            problems.append(
                f"disposals.json: {record_id} is missing: its sealed event {name} is a "
                "disposal in the inquiry's window"
            )
    return problems
