"""The HTTP service: keys mapped to roles, the caller as actor, problem+json (R13, R17, R18)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.http.keys import KeyStore
from accountledger.application.commands import COMMANDS
from accountledger.application.scope import Scope
from accountledger.domain.act import Role
from accountledger.domain.authority import COMMAND_ROLES, ROLES

REGISTRATION = {
    "name": "Blue Sky Notes",
    "identity_kind": "mobile",
    "identity_number": "13800138000",
    "nature": "individual",
    "registration_place": "Beijing",
    "operating_place": "Beijing",
    "content_category": "news",
}
GROUNDS = {"reason": "misleading titles", "basis": ["2021-19"], "violation": ["2021-18-6"]}


class Api:
    def __init__(self, client: TestClient, keys: KeyStore, clock: list[datetime]) -> None:
        self.client, self.keys = client, keys
        self.secrets: dict[str, str] = {}
        self.clock = clock  # the service's recording clock; a test may move it on

    def key(self, role: str, actor: str | None = None) -> dict[str, str]:
        if role not in self.secrets:
            scope = self.operator_scope() if role == "operator" else Scope()
            _, self.secrets[role] = self.keys.create(role, actor or f"{role}-1", scope=scope)
        return {"Authorization": f"Bearer {self.secrets[role]}"}

    def operator_scope(self) -> Scope:
        """An operator key is bound to a subject (2021 Art 11): the tests' operator acts
        for the subject of `REGISTRATION`."""
        vault = self.client.app.state.service.ledger.vault  # type: ignore[attr-defined]
        kind, number = REGISTRATION["identity_kind"], REGISTRATION["identity_number"]
        return Scope(subject=vault.subject_ref(kind, number))

    def post(self, path: str, body: dict[str, Any], role: str) -> Any:
        return self.client.post(path, json=body, headers=self.key(role))

    def get(self, path: str, role: str) -> Any:
        return self.client.get(path, headers=self.key(role))

    def active_account(self) -> str:
        created = self.post("/accounts", REGISTRATION, "platform")
        assert created.status_code == 201, created.json()
        account = str(created.json()["account_id"])
        verified = self.post(f"/accounts/{account}/verify-identity", {}, "platform")
        assert verified.status_code == 200, verified.json()
        return account

    def history(self, account: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.get(f"/accounts/{account}/history", "platform").json()[
            "events"
        ]
        return events


# The service's recording clock: no test depends on the day it runs.
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_every_lifecycle_command_has_an_endpoint() -> None:
    """Every command of the lifecycle is reachable; reversal goes through appeals (R15)."""
    assert set(COMMANDS) == set(COMMAND_ROLES) - {"reverse_measure"}


def test_a_command_whose_fields_all_have_defaults_needs_no_body(api: Api) -> None:
    """R1: `POST .../verify-identity` with no body at all works like `{}`; a command with a
    required field still refuses a missing body with 422 naming it, and writes nothing."""
    created = api.post("/accounts", REGISTRATION, "platform").json()["account_id"]
    verified = api.client.post(f"/accounts/{created}/verify-identity", headers=api.key("platform"))
    assert verified.status_code == 200, verified.json()
    assert verified.json()["status"] == "active"
    missing = api.client.post(f"/accounts/{created}/change-name", headers=api.key("platform"))
    assert missing.status_code == 422
    assert (missing.json()["field"], missing.json()["rule"]) == ("body", "missing")
    assert [e["event"] for e in api.history(created)] == ["Registered", "IdentityVerified"]


def test_a_platform_key_registers_and_verifies(api: Api) -> None:
    account = api.active_account()
    shown = api.get(f"/accounts/{account}", "platform")
    assert shown.status_code == 200
    assert shown.json()["status"] == "active"


def test_a_moderator_key_warns_and_is_the_actor(api: Api) -> None:
    """R13: the actor on the event is the authenticated caller."""
    account = api.active_account()
    warned = api.post(f"/accounts/{account}/warn", GROUNDS, "moderator")
    assert warned.status_code == 200, warned.json()
    assert "Warned" in warned.json()["events"] and warned.json()["records"]
    event = next(e for e in api.history(account) if e["event"] == "Warned")
    assert (event["actor_id"], event["actor_role"]) == ("moderator-1", "moderator")
    assert event["basis"] == ["2021-19"] and event["reason"] == "misleading titles"


def test_a_role_that_may_not_warn_gets_403_and_nothing_is_written(api: Api) -> None:
    account = api.active_account()
    before = api.history(account)
    refused = api.post(f"/accounts/{account}/warn", GROUNDS, "platform")
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["status"] == 403 and problem["rule"] == "role" and problem["field"] == "actor"
    assert api.history(account) == before


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_403_decisions_follow_the_authority_table(api: Api, role: str) -> None:
    """The HTTP layer has no table of its own: `ROLES` decides."""
    answer = api.post("/accounts/00000000-0000-0000-0000-000000000000/warn", GROUNDS, role)
    expected = 404 if Role(role) in ROLES["warn"] else 403
    assert answer.status_code == expected


def test_an_unknown_article_is_problem_json_with_field_and_rule(api: Api) -> None:
    account = api.active_account()
    body = GROUNDS | {"basis": ["2099-99"]}
    refused = api.post(f"/accounts/{account}/warn", body, "moderator")
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["field"] == "basis" and problem["rule"] == "article-catalogue"
    assert {"type", "title", "status", "detail", "article"} <= set(problem)


def test_a_measure_without_grounds_names_the_article(api: Api) -> None:
    account = api.active_account()
    refused = api.post(f"/accounts/{account}/warn", {"reason": "x"}, "moderator")
    assert refused.status_code == 422
    assert refused.json()["rule"] == "measure-grounds"
    assert refused.json()["article"] == "2021-19"


def test_a_body_cannot_name_the_actor(api: Api) -> None:
    """R13: `actor` in a body is refused (422) and never recorded."""
    account = api.active_account()
    before = api.history(account)
    body = GROUNDS | {"actor": "someone-else:moderator"}
    refused = api.post(f"/accounts/{account}/warn", body, "moderator")
    assert refused.status_code == 422
    assert refused.json()["field"] == "actor" and refused.json()["rule"] == "extra_forbidden"
    assert api.history(account) == before
    assert all(e["actor_id"] != "someone-else" for e in before)


def test_a_command_refused_by_the_lifecycle_is_409(api: Api) -> None:
    account = api.active_account()
    again = api.post(f"/accounts/{account}/verify-identity", {}, "platform")
    assert again.status_code == 409
    assert again.json()["rule"] == "lifecycle"


def test_an_unknown_account_is_404_and_no_key_is_401(api: Api) -> None:
    missing = api.get("/accounts/00000000-0000-0000-0000-000000000000", "platform")
    assert missing.status_code == 404 and missing.json()["rule"] == "account-exists"
    assert api.client.get("/accounts/x").status_code == 401
    bad = api.client.get("/accounts/x", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["rule"] == "api-key"


def test_regulator_reads_are_recorded_and_writes_refused(api: Api) -> None:
    """R18: who looked at which account, when (inspection, 2021 Art 21, 2022 Art 21)."""
    account = api.active_account()
    assert api.get(f"/accounts/{account}", "regulator").status_code == 200
    assert api.get(f"/accounts/{account}/history", "auditor").status_code == 200
    api.get(f"/accounts/{account}", "platform")
    log = api.keys.accesses()
    assert [(r["actor_id"], r["role"], r["account_id"]) for r in log] == [
        ("regulator-1", "regulator", account),
        ("auditor-1", "auditor", account),
    ]
    assert log[0]["path"] == f"/accounts/{account}" and log[0]["at"] is not None
    refused = api.post(f"/accounts/{account}/record-activity", {}, "regulator")
    assert refused.status_code == 403


def test_show_as_of_before_registration_is_refused(api: Api) -> None:
    account = api.active_account()
    shown = api.get(f"/accounts/{account}?as_of=2000-01-01", "platform")
    assert shown.status_code == 422 and shown.json()["field"] == "as_of"


def test_disposal_register_report_and_appeal(api: Api) -> None:
    """R13-R15: the register, its report to the authority and an appeal, over HTTP."""
    account = api.active_account()
    warned = api.post(f"/accounts/{account}/warn", GROUNDS, "moderator").json()
    record = warned["records"][0]
    listed = api.get(f"/disposals?account={account}", "regulator")
    assert listed.status_code == 200, listed.json()
    assert listed.json()["count"] == 1
    assert api.keys.accesses()[-1]["account_id"] == account
    assert (
        api.post(f"/disposals/{record}/report", {"reference": "CAC-1"}, "platform").status_code
        == 403
    )
    reported = api.post(f"/disposals/{record}/report", {"reference": "CAC-1"}, "compliance")
    assert reported.status_code == 200, reported.json()
    assert reported.json()["record_id"] == record
    filed = api.post(f"/disposals/{record}/appeal", {"grounds": "titles were accurate"}, "platform")
    assert filed.status_code == 201, filed.json()
    appeal = filed.json()["appeal_id"]
    assigned = api.post(
        f"/appeals/{appeal}/assign", {"reviewer": "appeal_reviewer-1"}, "appeal_reviewer"
    )
    assert assigned.status_code == 200, assigned.json()
    decided = api.post(
        f"/appeals/{appeal}/decide", {"outcome": "upheld", "reason": "checked"}, "appeal_reviewer"
    )
    assert decided.status_code == 200, decided.json()
    shown = api.get(f"/appeals/{appeal}", "auditor")
    assert shown.status_code == 200 and shown.json()["outcome"] == "upheld"
    assert all(e["actor_id"] != "" for e in shown.json()["events"])


def test_disposals_refuse_an_unknown_violation_class(api: Api) -> None:
    refused = api.get("/disposals?violation=2099-1", "platform")
    assert refused.status_code == 422 and refused.json()["field"] == "violation"


def test_inquiry_and_appeal_list_are_served_and_regulator_reads_logged(api: Api) -> None:
    account = api.active_account()
    found = api.get(f"/accounts/{account}/inquiry", "regulator")
    assert found.status_code == 200, found.json()
    assert api.keys.accesses()[-1]["account_id"] == account
    assert api.get("/appeals", "auditor").json()["count"] == 0
    body = {"identity_kind": "mobile", "identity_number": "13800138000"}
    subject = api.post("/subjects/inquiry", body, "regulator")
    assert subject.status_code == 200, subject.json()


def test_a_complaint_is_filed_screened_linked_and_answered(api: Api) -> None:
    """R15 over HTTP; each step by the role `ROLES` allows."""
    account = api.active_account()
    body = {"category": "2021-18-6", "content": "misleading titles"}
    filed = api.post(f"/accounts/{account}/complaints", body, "platform")
    assert filed.status_code == 201, filed.json()
    complaint = filed.json()["complaint_id"]
    screened = api.post(f"/complaints/{complaint}/screen", {"accept": True}, "reviewer")
    assert screened.status_code == 200, screened.json()
    record = api.post(f"/accounts/{account}/warn", GROUNDS, "moderator").json()["records"][0]
    linked = api.post(f"/complaints/{complaint}/link", {"record": record}, "moderator")
    assert linked.status_code == 200, linked.json()
    answered = api.post(f"/complaints/{complaint}/answer", {"feedback": "warned"}, "reviewer")
    assert answered.status_code == 200, answered.json()
    assert (
        api.post(f"/complaints/{complaint}/answer", {"feedback": "x"}, "auditor").status_code == 403
    )
    assert api.get(f"/complaints?account={account}", "auditor").json()["count"] == 1
    trail = api.get(f"/complaints/{complaint}", "regulator").json()["trail"]
    assert [line["actor_id"] for line in trail][-1] == "reviewer-1"


def test_the_sweep_and_the_projections_have_endpoints_for_their_roles(api: Api) -> None:
    """R8, R18: a scheduler's system key sweeps; a moderator may not; compliance rebuilds."""
    account = api.active_account()
    assert api.client.post("/sweep", headers=api.key("moderator")).status_code == 403
    api.clock[0] = datetime(2027, 6, 1, tzinfo=UTC)
    swept = api.client.post("/sweep?now=2027-06-01", headers=api.key("system"))
    assert swept.status_code == 200, swept.json()
    assert swept.json()["swept"] == [
        {"account_id": account, "events": ["Suspended"], "status": "suspended"}
    ]
    assert swept.json()["sealed"] is True  # the sweep seals a checkpoint, as the CLI's does
    assert set(swept.json()["overdue"]) == {"reports", "appeals", "complaints"}
    again = api.client.post("/sweep?now=2027-06-01", headers=api.key("system"))
    assert again.json()["swept"] == []
    rebuilt = api.client.post("/projections/rebuild", headers=api.key("compliance"))
    assert rebuilt.status_code == 200 and rebuilt.json()["processed"] > 0
    caught_up = api.client.post("/projections/catch-up", headers=api.key("compliance"))
    assert caught_up.json() == {"processed": 0}
