"""Blacklisting reaches the subject, over HTTP (R4, R12; 2021 Art 19, 2022 Art 15): the
blacklisting's answer lists under `reached` the record taken on the subject's other
account, and the register shows it as not reportable (R13)."""

from __future__ import annotations

from tests.adapters.test_http import GROUNDS, REGISTRATION, Api


def test_http_blacklisting_answers_with_the_records_it_reached(api: Api) -> None:
    """R4, R12, R13 (2021 Art 19): one subject, two accounts; blacklisting one suspends the
    other in the same request, as a record of its own, not reportable."""
    first = api.active_account()
    second_created = api.post("/accounts", {**REGISTRATION, "name": "Blue Sky Two"}, "platform")
    second = str(second_created.json()["account_id"])
    assert api.post(f"/accounts/{second}/verify-identity", {}, "platform").status_code == 200
    done = api.post(f"/accounts/{first}/blacklist", GROUNDS, "moderator")
    assert done.status_code == 200, done.json()
    (reached,) = done.json()["reached"]
    assert reached.startswith(f"{second}/")
    assert api.get(f"/accounts/{second}", "platform").json()["status"] == "suspended"
    listed = api.get(f"/disposals?account={second}", "regulator").json()["records"]
    assert [(r["record_id"], r["reportable"]) for r in listed] == [(reached, False)]
