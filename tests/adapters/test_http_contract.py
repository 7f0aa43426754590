"""The HTTP API's contract as its OpenAPI document states it: every refusal documented as
problem+json, ids typed as UUIDs, bodies read as UTF-8 after authentication, and what
does not exist answered 404 (issue 15, defect 9)."""

from __future__ import annotations

from typing import Any

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.errors import PROBLEM
from tests.adapters.test_http import GROUNDS, REGISTRATION, Api

REFUSALS = {"400", "401", "403", "404", "409", "412", "413", "422"}
NO_ID = "00000000-0000-4000-8000-000000000000"


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    spec = create_app(Settings(store="memory:")).openapi()
    return [(m.upper(), p, op) for p, ops in spec["paths"].items() for m, op in ops.items()]


def problem_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    found: dict[str, Any] = response.json()
    return found


def test_every_operation_documents_each_refusal_as_problem_json() -> None:
    """R18 (2021 Art 21): a client reading the document knows every refusal of every
    operation (400, 401, 403, 404, 409, 412, 413, 422) and its problem+json schema."""
    spec = create_app(Settings(store="memory:")).openapi()
    assert "ProblemDocument" in spec["components"]["schemas"]
    for method, path, operation in operations():
        responses = operation["responses"]
        assert set(responses) >= REFUSALS, f"{method} {path}"
        for status in REFUSALS:
            schema = responses[status]["content"][PROBLEM]["schema"]
            assert schema == {"$ref": "#/components/schemas/ProblemDocument"}, (method, path)


def test_path_ids_are_typed_as_uuids_in_the_document() -> None:
    """R18 (2021 Art 21): account and complaint ids in a path are UUIDs in the document;
    an appeal is an id or a record id, by pattern."""
    for method, path, operation in operations():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] in ("account_id", "complaint"):
                assert parameter["schema"].get("format") == "uuid", f"{method} {path}"
            if parameter["in"] == "path" and parameter["name"] == "appeal":
                assert parameter["schema"]["pattern"].startswith("^[0-9a-fA-F]{8}-")


def test_a_malformed_path_id_is_refused_naming_its_field(api: Api) -> None:
    """R13 (2021 Art 19): an id that is not a UUID is a 422 problem naming the path's
    field, for accounts, complaints and appeals alike; nothing is written."""
    cases = {
        "/accounts/not-an-id/history": "account_id",
        "/complaints/not-an-id": "complaint",
        "/appeals/not-an-id": "appeal",
        "/public/accounts/not-an-id": "account_id",
    }
    for path, field in cases.items():
        refused = problem_of(api.get(path, "platform"), 422)
        assert refused["field"] == field, path
    warned = api.post("/accounts/not-an-id/warn", GROUNDS, "moderator")
    assert problem_of(warned, 422)["field"] == "account_id"


def test_a_body_not_in_utf8_is_a_400_problem_once_the_caller_is_known(api: Api) -> None:
    """R17 (2022 Art 16): bytes that are not UTF-8 are a 400 problem naming the body (rule
    `body-encoding`) for a caller with a key; without a key the answer is 401, as for any
    other request of that caller; nothing is written either way."""
    account = api.active_account()
    before = len(api.history(account))
    body = b'{"reason": "\xff\xfe", "basis": ["2021-19"]}'
    headers = {"content-type": "application/json"}
    anonymous = api.client.post(f"/accounts/{account}/warn", content=body, headers=headers)
    assert problem_of(anonymous, 401)["rule"] == "api-key"
    keyed = {**headers, **api.key("moderator")}
    refused = problem_of(
        api.client.post(f"/accounts/{account}/warn", content=body, headers=keyed), 400
    )
    assert (refused["rule"], refused["field"]) == ("body-encoding", "body")
    broken = api.client.post(f"/accounts/{account}/warn", content=b'{"reason":', headers=headers)
    assert problem_of(broken, 401)["rule"] == "api-key"
    assert len(api.history(account)) == before


def test_a_malformed_record_to_link_is_refused_naming_the_record(api: Api) -> None:
    """R15 (2021 Art 20): a complaint linked to `x` is refused naming the field `record`,
    never a problem without a field."""
    linked = api.post(f"/complaints/{NO_ID}/link", {**GROUNDS, "record": "x"}, "moderator")
    refused = problem_of(linked, 422)
    assert (refused["field"], refused["rule"]) == ("record", "record-id")


def test_unknown_appeals_complaints_and_subjects_are_404(api: Api) -> None:
    """R18 (2021 Art 21): what does not exist is 404 naming the field: an appeal, a
    complaint, a subject by ref or by identity; never 200 with an empty inquiry."""
    assert problem_of(api.get(f"/appeals/{NO_ID}", "platform"), 404)["field"] == "appeal"
    assert problem_of(api.get(f"/complaints/{NO_ID}", "platform"), 404)["field"] == "complaint"
    by_ref = problem_of(api.get("/subjects/s-nobody/inquiry", "platform"), 404)
    assert (by_ref["field"], by_ref["rule"]) == ("subject", "subject-exists")
    identity = {"identity_kind": "mobile", "identity_number": "13900139000"}
    by_body = api.post("/subjects/inquiry", identity, "platform")
    assert problem_of(by_body, 404)["field"] == "subject"
    api.active_account()
    known = {k: REGISTRATION[k] for k in ("identity_kind", "identity_number")}
    found = api.post("/subjects/inquiry", known, "platform")
    assert found.status_code == 200 and len(found.json()["inquiry"]["accounts"]) == 1


def test_a_method_a_path_does_not_take_is_405_with_allow(api: Api) -> None:
    """R18 (2021 Art 21): `GET /appeals/ID/assign` is no read of an appeal named
    `ID/assign` but a method the command does not take: 405 problem, `Allow: POST`."""
    answered = api.get(f"/appeals/{NO_ID}/assign", "platform")
    assert problem_of(answered, 405)["rule"] == "method"
    assert answered.headers["allow"] == "POST"


def test_a_query_parameter_no_operation_declares_is_refused_naming_it(api: Api) -> None:
    """R13 (2021 Art 19): `?acount=` (a typo) is not ignored into a listing of every
    account: it is a 422 problem naming the parameter (rule `extra_forbidden`), for a
    read and a write alike, nothing written; declared parameters still answer; without a
    key the answer is 401, as for any other request of that caller."""
    account = api.active_account()
    before = len(api.history(account))
    typo = problem_of(api.get("/disposals?acount=x", "platform"), 422)
    assert (typo["field"], typo["rule"]) == ("acount", "extra_forbidden")
    assert api.get(f"/disposals?account={account}", "platform").status_code == 200
    write = api.client.post(
        f"/accounts/{account}/warn?force=1", json=GROUNDS, headers=api.key("moderator")
    )
    assert problem_of(write, 422)["field"] == "force"
    assert len(api.history(account)) == before
    anonymous = api.client.get("/disposals?acount=x")
    assert problem_of(anonymous, 401)["rule"] == "api-key"
