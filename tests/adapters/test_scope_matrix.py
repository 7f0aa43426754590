"""R13, R17: every role x every write endpoint x an account in or out of the key's scope
(2021 Arts 11, 20; 2022 Art 16). A key bound to account A acts on A as its role allows
(never 403 for an allowed role) and on account B never (403, nothing written). The
endpoints come from the command table (`COMMANDS`) and the record commands of the role
table (`authority.ROLES`), the roles from `Role`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.service import Service
from accountledger.application.commands import COMMANDS, AccountCommand
from accountledger.application.scope import Scope
from accountledger.domain.act import Role
from accountledger.domain.authority import RECORD_COMMAND_ROLES, ROLES
from tests.adapters.test_command_table import _samples
from tests.adapters.test_http import GROUNDS, REGISTRATION

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
OTHER = REGISTRATION | {"name": "Other Notes", "identity_number": "13900139000"}


@dataclass
class World:
    """One service; account A (in scope) and B (outside), each with a warning, an appeal
    on the warning and a complaint; one key per role bound to A."""

    client: TestClient
    service: Service
    accounts: dict[bool, str]  # in scope? -> account id
    records: dict[bool, str]
    complaints: dict[bool, str]
    keys: dict[Role, dict[str, str]]

    def written(self) -> int:
        return int(self.service.ledger.recorder.max_notification_id() or 0)


def _admin(client: TestClient, service: Service, role: str) -> dict[str, str]:
    _, secret = service.keys.create(role, f"setup-{role}", now=NOW)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("scope")
    settings = Settings(store=f"sqlite:///{path / 'ledger.db'}")
    app = create_app(settings, clock=lambda: NOW)
    with TestClient(app) as client:
        service: Service = app.state.service
        platform = _admin(client, service, "platform")
        moderator = _admin(client, service, "moderator")
        accounts, records, complaints = {}, {}, {}
        for inside, registration in ((True, REGISTRATION), (False, OTHER)):
            made = client.post("/accounts", json=registration, headers=platform)
            account = made.json()["account_id"]
            client.post(f"/accounts/{account}/verify-identity", headers=platform)
            warned = client.post(f"/accounts/{account}/warn", json=GROUNDS, headers=moderator)
            record = warned.json()["records"][0]
            appealed = client.post(
                f"/disposals/{record}/appeal", json={"grounds": "not misleading"}, headers=platform
            )
            assert appealed.status_code == 201, appealed.json()
            filed = client.post(
                f"/accounts/{account}/complaints",
                json={"category": "2021-18-6", "content": "misleading"},
                headers=platform,
            )
            assert filed.status_code == 201, filed.json()
            accounts[inside], records[inside] = account, record
            complaints[inside] = filed.json()["complaint_id"]
        keys = {}
        for role in Role:
            scope = Scope(accounts=frozenset({accounts[True]}))
            _, secret = service.keys.create(role, f"scoped-{role.value}", scope=scope, now=NOW)
            keys[role] = {"Authorization": f"Bearer {secret}"}
        yield World(client, service, accounts, records, complaints, keys)


Request = Callable[[World, bool], tuple[str, dict[str, Any]]]


def _account_command(name: str) -> Request:
    command = COMMANDS[name]

    def request(world: World, inside: bool) -> tuple[str, dict[str, Any]]:
        body = _samples(command)[1] | GROUNDS
        return f"/accounts/{world.accounts[inside]}/{command.verb()}", body

    return request


RECORD_REQUESTS: dict[str, Request] = {
    "file_appeal": lambda w, i: (f"/disposals/{w.records[i]}/appeal", {"grounds": "no"}),
    "report_disposal": lambda w, i: (f"/disposals/{w.records[i]}/report", {"reference": "R-1"}),
    "assign_appeal": lambda w, i: (f"/appeals/{w.records[i]}/assign", {"reviewer": "ar-9"}),
    "add_appeal_evidence": lambda w, i: (f"/appeals/{w.records[i]}/evidence", {"reference": "e"}),
    "decide_appeal": lambda w, i: (
        f"/appeals/{w.records[i]}/decide",
        {"outcome": "upheld", "reason": "the titles misled"},
    ),
    "file_complaint": lambda w, i: (
        f"/accounts/{w.accounts[i]}/complaints",
        {"category": "2021-18-6", "content": "again"},
    ),
    "screen_complaint": lambda w, i: (f"/complaints/{w.complaints[i]}/screen", {"accept": True}),
    "link_complaint": lambda w, i: (
        f"/complaints/{w.complaints[i]}/link",
        {"record": w.records[i]},
    ),
    "answer_complaint": lambda w, i: (
        f"/complaints/{w.complaints[i]}/answer",
        {"feedback": "warned"},
    ),
}
# Not on one account: registration is scoped by subject (below); the whole-record
# operations are refused to any scoped key (below); reversal goes through appeals; a
# subject's erasure has no HTTP endpoint.
# Not writes on one account: registration, reversal by appeal, the whole-record operations,
# erasure, and reading the feed (a read over the whole record; tests/adapters/test_feed.py)
# or the statistics (counts over the whole record; tests/adapters/test_stats_http.py).
NOT_ON_AN_ACCOUNT = {
    "register",
    "reverse_measure",
    "sweep",
    "project",
    "rebuild",
    "erase_subject",
    "read_feed",
    "read_statistics",
}
REQUESTS: dict[str, Request] = {
    **{
        name: _account_command(name)
        for name, command in COMMANDS.items()
        if issubclass(command, AccountCommand)
    },
    **RECORD_REQUESTS,
}


def test_the_matrix_covers_every_write_of_the_role_table() -> None:
    """R13: no command of `ROLES` escapes the matrix."""
    assert set(REQUESTS) == set(ROLES) - NOT_ON_AN_ACCOUNT
    assert set(RECORD_REQUESTS) <= set(RECORD_COMMAND_ROLES)


@pytest.mark.parametrize("inside", [True, False], ids=["in-scope", "out-of-scope"])
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("command", sorted(REQUESTS))
def test_a_scoped_key_acts_only_inside_its_scope(
    world: World, command: str, role: Role, inside: bool
) -> None:
    """R13 (2021 Arts 11, 20; 2022 Art 16): out of scope is 403 and writes nothing; in
    scope, a role the table allows is never 403 (the domain may still refuse 409/422)."""
    path, body = REQUESTS[command](world, inside)
    before = world.written()
    answer = world.client.post(path, json=body, headers=world.keys[role])
    allowed = role in ROLES[command]
    if inside and allowed:
        assert answer.status_code != 403, answer.json()
        assert answer.status_code in (200, 201, 404, 409, 412, 422), answer.json()
        return
    assert answer.status_code == 403, answer.json()
    assert answer.json()["rule"] == ("scope" if allowed else "role")
    assert world.written() == before


def test_a_subject_key_registers_only_for_its_subject(world: World) -> None:
    """R1, R13 (2021 Art 11): an operator key bound to a subject registers for that
    subject; for another subject it is 403 and nothing is written."""
    vault = world.service.ledger.vault
    subject = vault.subject_ref(REGISTRATION["identity_kind"], REGISTRATION["identity_number"])
    _, secret = world.service.keys.create(
        Role.OPERATOR, "op-subject", scope=Scope(subject=subject), now=NOW
    )
    key = {"Authorization": f"Bearer {secret}"}
    before = world.written()
    refused = world.client.post("/accounts", json=OTHER | {"name": "Third Notes"}, headers=key)
    assert refused.status_code == 403 and refused.json()["rule"] == "scope"
    assert world.written() == before
    made = world.client.post("/accounts", json=REGISTRATION | {"name": "Own Notes"}, headers=key)
    assert made.status_code == 201, made.json()
    account = made.json()["account_id"]
    # The subject key reaches the subject's new account, not the other subject's.
    assert world.client.get(f"/accounts/{account}", headers=key).status_code == 200
    assert world.client.get(f"/accounts/{world.accounts[False]}", headers=key).status_code == 403


@pytest.mark.parametrize("path", ["/sweep", "/projections/catch-up", "/projections/rebuild"])
def test_a_scoped_key_runs_no_operation_over_the_whole_record(world: World, path: str) -> None:
    """R13: the sweep and the projections are over every account: not for a scoped key."""
    role = Role.SYSTEM
    before = world.written()
    answer = world.client.post(path, headers=world.keys[role])
    assert answer.status_code == 403 and answer.json()["rule"] == "scope"
    assert world.written() == before


def test_a_stranger_operator_neither_appeals_nor_terminates_another_subjects_account(
    tmp_path: Path,
) -> None:
    """R13, R15 (2021 Arts 11, 20): the issue's case: an operator key made for
    `stranger-op` is refused (403, nothing written) an appeal against another subject's
    measure and a termination of that account; on its own account it changes the
    introduction and appeals the measure."""
    app = create_app(Settings(store=f"sqlite:///{tmp_path / 'ledger.db'}"), clock=lambda: NOW)
    with TestClient(app) as client:
        service: Service = app.state.service
        platform = _admin(client, service, "platform")
        moderator = _admin(client, service, "moderator")
        made = {}
        for who, registration in (("victim", REGISTRATION), ("stranger", OTHER)):
            account = client.post("/accounts", json=registration, headers=platform).json()
            made[who] = account["account_id"]
            client.post(f"/accounts/{made[who]}/verify-identity", headers=platform)
        warned = client.post(f"/accounts/{made['victim']}/warn", json=GROUNDS, headers=moderator)
        record = warned.json()["records"][0]
        subject = service.ledger.account(UUID(made["stranger"])).subject_ref
        _, secret = service.keys.create(
            "operator", "stranger-op", scope=Scope(subject=subject), now=NOW
        )
        stranger = {"Authorization": f"Bearer {secret}"}
        before = int(service.ledger.recorder.max_notification_id() or 0)
        appeal = client.post(f"/disposals/{record}/appeal", json={"grounds": "x"}, headers=stranger)
        assert appeal.status_code == 403 and appeal.json()["rule"] == "scope"
        end = client.post(
            f"/accounts/{made['victim']}/request-termination", json={}, headers=stranger
        )
        assert end.status_code == 403 and end.json()["article"] == "2021-11"
        assert int(service.ledger.recorder.max_notification_id() or 0) == before
        own = client.post(
            f"/accounts/{made['stranger']}/change-introduction",
            json={"value": "our own words"},
            headers=stranger,
        )
        assert own.status_code == 200, own.json()
        mine = client.post(f"/accounts/{made['stranger']}/warn", json=GROUNDS, headers=moderator)
        record = mine.json()["records"][0]
        appeal = client.post(f"/disposals/{record}/appeal", json={"grounds": "x"}, headers=stranger)
        assert appeal.status_code == 201, appeal.json()


def test_reads_are_kept_to_the_scope(world: World) -> None:
    """R13, R17, R18 (2022 Art 16): a scoped key sees its own account, its records, appeals
    and complaints; another account, its history and its subject are 403; the registers
    list only rows of accounts in scope."""
    key = world.keys[Role.OPERATOR]
    inside, outside = world.accounts[True], world.accounts[False]
    assert world.client.get(f"/accounts/{inside}/history", headers=key).status_code == 200
    for path in (
        f"/accounts/{outside}",
        f"/accounts/{outside}/history",
        f"/accounts/{outside}/inquiry",
        f"/appeals/{world.records[False]}",
        f"/complaints/{world.complaints[False]}",
        f"/disposals?account={outside}",
    ):
        answer = world.client.get(path, headers=key)
        assert answer.status_code == 403, path
        assert answer.json()["rule"] == "scope", path
    subject = world.service.ledger.account(UUID(outside)).subject_ref
    assert world.client.get(f"/subjects/{subject}/inquiry", headers=key).status_code == 403
    listed = {
        "disposals": world.client.get("/disposals", headers=key).json()["records"],
        "appeals": world.client.get("/appeals", headers=key).json()["appeals"],
        "complaints": world.client.get("/complaints", headers=key).json()["complaints"],
    }
    for register, rows in listed.items():
        assert rows, register
        assert {row["account_id"] for row in rows} == {inside}, register
    everything = world.client.get("/disposals", headers=world.keys[Role.AUDITOR])
    assert everything.status_code == 200  # the auditor's key is bound to A too
    unbounded = _admin(world.client, world.service, "auditor")
    every = world.client.get("/disposals", headers=unbounded).json()["records"]
    assert {row["account_id"] for row in every} >= {inside, outside}


def test_a_revoked_or_expired_key_is_refused_on_the_next_request(world: World) -> None:
    """R13 (2022 Art 16): checked on every request against the recording clock."""
    key_id, secret = world.service.keys.create(
        "auditor", "au-life", expires=NOW + timedelta(hours=1), now=NOW - timedelta(hours=1)
    )
    key = {"Authorization": f"Bearer {secret}"}
    assert world.client.get("/disposals", headers=key).status_code == 200
    world.service.keys.revoke(key_id, NOW)
    revoked = world.client.get("/disposals", headers=key)
    assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]
    _, late = world.service.keys.create(
        "auditor", "au-late", expires=NOW, now=NOW - timedelta(hours=1)
    )
    expired = world.client.get("/disposals", headers={"Authorization": f"Bearer {late}"})
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]
