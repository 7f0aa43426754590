"""An example consumer of the accountledger feed (issue 14 point 6; docs/operations.md).

It pages through `GET /feed?after=POSITION`, applies each record's effect to a local
table of accounts (what a content system would enforce: functions restricted and until
when, updates suspended, advertising ceased, in service or not, the current name) and,
after every page, stores the table and the last position in a JSON file, written
atomically. Run again, it resumes after the stored position: a record is applied once.

    ACCOUNTLEDGER_KEY=... python examples/feed_consumer.py http://127.0.0.1:8000 state.json

Standard library and httpx only; any client with httpx's `get(url, params=, headers=)`
may be passed to `consume` (the tests pass the app's TestClient).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Protocol


class Client(Protocol):
    def get(self, url: str, *, params: Any = None, headers: Any = None) -> Any: ...


def load(state_file: Path) -> dict[str, Any]:
    """The stored position and accounts, or the beginning."""
    if state_file.exists():
        stored: dict[str, Any] = json.loads(state_file.read_text(encoding="utf-8"))
        return stored
    return {"position": 0, "accounts": {}}


def save(state_file: Path, state: dict[str, Any]) -> None:
    """Write the state atomically: a crash leaves the old file or the new one."""
    partial = state_file.with_suffix(state_file.suffix + ".partial")
    partial.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    partial.replace(state_file)


def apply(accounts: dict[str, Any], record: dict[str, Any]) -> None:
    """Apply one record's effect to the local table of accounts."""
    account = accounts.setdefault(record["account_id"], {"restricted": {}})
    account["status"] = record["status"]
    effect = record["effect"]
    for function in effect.get("restricted", []):
        account["restricted"][function] = effect.get("until")
    for function in effect.get("lifted", []):
        account["restricted"].pop(function, None)
    for key in ("name", "updates_suspended", "ads_ceased", "suspended", "in_service"):
        if key in effect:
            account[key] = effect[key]
    account["last_record"] = record["record_id"]


def consume(client: Client, base_url: str, key: str, state_file: Path, limit: int = 100) -> int:
    """Apply every record after the stored position; return how many were applied."""
    state = load(state_file)
    applied = 0
    while True:
        response = client.get(
            f"{base_url}/feed",
            params={"after": state["position"], "limit": limit},
            headers={"Authorization": f"Bearer {key}"},
        )
        response.raise_for_status()
        page = response.json()
        for record in page["records"]:
            apply(state["accounts"], record)
            applied += 1
        if page["next"] == state["position"]:
            return applied
        state["position"] = page["next"]
        save(state_file, state)


def main(argv: list[str]) -> int:
    import httpx

    if len(argv) != 3:
        print("usage: feed_consumer.py BASE_URL STATE_FILE  (key in ACCOUNTLEDGER_KEY)")
        return 2
    with httpx.Client(timeout=30) as client:
        applied = consume(
            client, argv[1].rstrip("/"), os.environ["ACCOUNTLEDGER_KEY"], Path(argv[2])
        )
    print(f"applied {applied} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
