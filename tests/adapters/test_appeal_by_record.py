"""An appeal is named by its id or by the record it appeals, over HTTP as in the CLI
(issue 11: `ACCOUNT/VERSION` was 404 over HTTP; R15)."""

from __future__ import annotations

from tests.adapters.test_http import GROUNDS, Api


def test_an_appeal_is_reached_by_its_record_id_over_http(api: Api) -> None:
    """R15: assign, decide and show `/appeals/ACCOUNT/VERSION` as by the appeal's id."""
    account = api.active_account()
    record = api.post(f"/accounts/{account}/warn", GROUNDS, "moderator").json()["records"][0]
    filed = api.post(f"/disposals/{record}/appeal", {"grounds": "accurate"}, "platform")
    assert filed.status_code == 201, filed.json()
    assigned = api.post(
        f"/appeals/{record}/assign", {"reviewer": "appeal_reviewer-1"}, "appeal_reviewer"
    )
    assert assigned.status_code == 200, assigned.json()
    decided = api.post(
        f"/appeals/{record}/decide", {"outcome": "upheld", "reason": "checked"}, "appeal_reviewer"
    )
    assert decided.status_code == 200, decided.json()
    shown = api.get(f"/appeals/{record}", "auditor")
    assert shown.status_code == 200
    assert shown.json()["appeal_id"] == filed.json()["appeal_id"]
    assert shown.json()["outcome"] == "upheld"


def test_a_malformed_record_id_is_422_naming_the_appeal(api: Api) -> None:
    """R15: `x/y` is neither an appeal id nor a record id; refused, not a 500."""
    refused = api.get("/appeals/not-an-account/x", "auditor")
    assert refused.status_code == 422
    assert refused.json()["field"] == "appeal"
