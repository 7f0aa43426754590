"""A write's response names what that write recorded, however many writers share the
account: its events, version and disposal records come from the write itself, never from
the ledger's shared cache read after the write lock is released (issue 15, defect 3)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

from accountledger.adapters.command_edge import written
from accountledger.application.commands import Close, Register, VerifyIdentity
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from tests.adapters.test_http import GROUNDS, Api
from tests.application.conftest import ledger as ledger
from tests.application.helpers import GROUNDS as MEASURE_GROUNDS
from tests.application.helpers import Desk, id_card

THREADS, EACH = 8, 5


def test_concurrent_warnings_each_name_the_record_their_request_recorded(api: Api) -> None:
    """R13 (2021 Art 19), R16 (2021 Art 19): 8 threads warn one account over HTTP; every
    response's record, version, events and ETag are those of the warning its own request
    recorded (found in the history by the request's own reason), and no two responses
    name the same record."""
    account = api.active_account()
    headers = api.key("moderator")

    def warn(n: int) -> tuple[int, Any]:
        body = {**GROUNDS, "reason": f"warning number {n}"}
        response = api.client.post(f"/accounts/{account}/warn", json=body, headers=headers)
        assert response.status_code == 200, response.json()
        assert response.headers["ETag"] == f'"{response.json()["version"]}"'
        return n, response.json()

    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(warn, range(THREADS * EACH)))
    history = {e["version"]: e for e in api.history(account)}
    for n, answer in answers:
        (record,) = answer["records"]
        account_part, version = record.split("/")
        assert account_part == account
        warned = history[int(version)]
        assert (warned["event"], warned["reason"]) == ("Warned", f"warning number {n}")
        # The events the response names are the history's, ending at its version.
        first = answer["version"] - len(answer["events"]) + 1
        named = [history[v]["event"] for v in range(first, answer["version"] + 1)]
        assert named == answer["events"] and answer["events"][0] == "Warned"
    records = [answer["records"][0] for _, answer in answers]
    assert len(set(records)) == THREADS * EACH


def test_a_registration_response_keeps_its_findings_after_later_commands(
    ledger: Ledger,
) -> None:
    """R3 (2021 Art 8), R13 (2021 Art 19): a registration's review findings in its
    response are those it recorded, not what the shared account says after a reviewer's
    later verification cleared them."""
    desk = Desk(ledger)
    closed = desk.active("Harbor Sunsets", serial=1)
    desk.do(Close(account_id=closed), Role.MODERATOR, **MEASURE_GROUNDS)
    registration = Registration(
        name="Harbor Sunsets Official",
        identity=Identity("id_card", id_card(2), "13800138000"),
    )
    recorded = ledger.register(registration, desk.act(Role.PLATFORM))
    before = written(Register, recorded)
    assert any(f["rule"] == "associated-with-barred-name" for f in before["review_findings"])
    account = UUID(before["account_id"])
    desk.do(VerifyIdentity(account_id=account), Role.REVIEWER)
    assert ledger.account(account).review == []
    assert written(Register, recorded) == before
