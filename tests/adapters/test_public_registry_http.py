"""The public registry served without a key (issue 14 point 7): R5 special marks, R2
registration details, R9 notices of a change of subject, R17 no individual's identity.
Articles: 2021 Art 9 ¶2 and Art 11 ¶2 (public details, an organisation's registration
number), 2022 Arts 12 and 13 (display of account information), 2022 Art 16 (R17)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from accountledger.adapters.http.console_language import IN_ENGLISH
from accountledger.adapters.inputs import uscc_check
from tests.adapters.test_http import GROUNDS, NOW, REGISTRATION, Api
from tests.application.helpers import id_card

USCC = "91350100M000100Y4" + uscc_check("91350100M000100Y4")
REPRESENTATIVE = id_card(31)
NUMBER = id_card(32)
BUYER = id_card(33)
ENTERPRISE = {
    **REGISTRATION,
    "name": "Harbor Ceramics Co",
    "nature": "enterprise",
    "main_business": "ceramics retail",
    "content_category": "crafts",
    "identity_kind": "uscc",
    "identity_number": USCC,
    "representative_kind": "id_card",
    "representative_number": REPRESENTATIVE,
    "mobile": "13800138001",
}
PERSON = {
    **REGISTRATION,
    "name": "Quiet Brook Notes",
    "identity_kind": "id_card",
    "identity_number": NUMBER,
    "mobile": "13800138002",
}


def _registered(api: Api, body: dict[str, Any], verify: bool = True) -> str:
    created = api.post("/accounts", body, "platform")
    assert created.status_code == 201, created.json()
    account = str(created.json()["account_id"])
    if verify:
        verified = api.post(f"/accounts/{account}/verify-identity", {}, "platform")
        assert verified.status_code == 200, verified.json()
    return account


def _public(api: Api, account: str, accept: str = "application/json") -> Any:
    return api.client.get(f"/public/accounts/{account}", headers={"Accept": accept})


def test_public_entry_of_an_organisation_shows_its_details_and_uscc_without_a_key(
    api: Api,
) -> None:
    """R2, R5 (2021 Art 9 ¶2, 2022 Art 13): no key needed; name, status, special mark,
    public registration details and the organisation's USCC; never its representative's
    document or a mobile (R17)."""
    account = _registered(api, ENTERPRISE)
    submitted = {"field": "economy", "credential": "credential://licence"}
    done = api.post(f"/accounts/{account}/submit-qualification", submitted, "platform")
    assert done.status_code == 200, done.json()
    verified = {"field": "economy", "mark": "财经认证"}
    done = api.post(f"/accounts/{account}/verify-qualification", verified, "reviewer")
    assert done.status_code == 200, done.json()
    shown = _public(api, account)
    assert shown.status_code == 200, shown.json()
    entry = shown.json()
    assert (entry["name"], entry["status"]) == ("Harbor Ceramics Co", "active")
    assert entry["marks"] == {"economy": "财经认证"}
    assert entry["registration"] == {
        "nature": "enterprise",
        "registration_place": "Beijing",
        "operating_place": "Beijing",
        "content_category": "crafts",
        "main_business": "ceramics retail",
    }
    assert entry["organisation"] is True and entry["uscc"] == USCC
    assert entry["subject_changes"] == []
    assert REPRESENTATIVE not in shown.text and "13800138001" not in shown.text
    page = api.client.get(f"/registry/{account}", params=IN_ENGLISH)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Harbor Ceramics Co" in page.text and USCC in page.text and "财经认证" in page.text
    assert REPRESENTATIVE not in page.text


def test_public_entry_of_an_individual_never_shows_an_identity_number(api: Api) -> None:
    """R17 (2022 Art 16; 2021 Art 9 ¶2 makes only an organisation's number public): the
    JSON and the page of an individual's account hold no identity number, mobile or
    subject reference."""
    account = _registered(api, PERSON)
    shown = _public(api, account)
    assert shown.status_code == 200, shown.json()
    assert shown.json()["organisation"] is False and "uscc" not in shown.json()
    as_html = _public(api, account, accept="text/html,application/xhtml+xml")
    assert as_html.headers["content-type"].startswith("text/html")
    assert "Quiet Brook Notes" in as_html.text
    service = api.client.app.state.service  # type: ignore[attr-defined]
    held = service.ledger.account(UUID(account))
    for text in (shown.text, as_html.text):
        assert NUMBER not in text and "13800138002" not in text
        assert held.subject_ref not in text and held.sealed_identity not in text


def test_pending_refused_closed_and_unknown_accounts_are_not_public(api: Api) -> None:
    """R1, R12 (2022 Art 13): only an account in service is in the registry; the others
    are 404 problem+json, the page as well."""
    pending = _registered(api, PERSON, verify=False)
    refused = _registered(api, {**PERSON, "name": "Second Brook"}, verify=False)
    refusal = {"reason": "borrowed identity"}
    done = api.post(f"/accounts/{refused}/refuse-registration", refusal, "reviewer")
    assert done.status_code == 200, done.json()
    closed = _registered(api, {**PERSON, "name": "Third Brook"})
    assert _public(api, closed).status_code == 200
    assert api.post(f"/accounts/{closed}/close", GROUNDS, "moderator").status_code == 200
    for account in (pending, refused, closed, str(uuid4())):
        missing = _public(api, account)
        assert missing.status_code == 404, (account, missing.json())
        assert missing.headers["content-type"] == "application/problem+json"
        assert api.client.get(f"/registry/{account}", params=IN_ENGLISH).status_code == 404


def test_a_change_of_subject_is_noticed_by_its_date_without_identities(api: Api) -> None:
    """R9 (2021 Art 11 ¶2; 2022 Art 13): an approved transfer appears as a dated notice;
    neither holder's identity is shown."""
    account = _registered(api, PERSON)
    transferee = {"identity_kind": "id_card", "identity_number": BUYER}
    applied = api.post(
        f"/accounts/{account}/apply-transfer", {"transferee": transferee}, "platform"
    )
    assert applied.status_code == 200, applied.json()
    assert api.post(f"/accounts/{account}/verify-transferee", {}, "reviewer").status_code == 200
    assert api.post(f"/accounts/{account}/approve-transfer", {}, "reviewer").status_code == 200
    shown = _public(api, account)
    assert shown.json()["subject_changes"] == [{"approved_at": NOW.isoformat()}]
    assert BUYER not in shown.text and NUMBER not in shown.text
    page = api.client.get(f"/registry/{account}", params=IN_ENGLISH).text
    assert "changed hands" in page and BUYER not in page


def test_the_ip_attribution_the_platform_supplies_is_shown_publicly(api: Api) -> None:
    """R5 (2022 Art 12): the platform records the place, at province level, and the public
    entry and page show it; before that the page says it is not supplied."""
    account = _registered(api, PERSON)
    assert _public(api, account).json()["ip_attribution"] is None
    assert "not supplied" in api.client.get(f"/registry/{account}", params=IN_ENGLISH).text
    place = {"place": "广东省"}
    done = api.post(f"/accounts/{account}/record-ip-attribution", place, "platform")
    assert done.status_code == 200, done.json()
    assert _public(api, account).json()["ip_attribution"] == "广东"
    assert "广东" in api.client.get(f"/registry/{account}", params=IN_ENGLISH).text


def test_an_ip_address_or_an_operator_choosing_its_place_writes_nothing(api: Api) -> None:
    """R17 (2022 Arts 12, 16): an address is refused as 422 problem+json naming the field,
    the rule and the article; an operator may not set its own place (403); neither is
    recorded."""
    account = _registered(api, PERSON)
    service = api.client.app.state.service  # type: ignore[attr-defined]
    before = service.ledger.account(UUID(account)).version
    address = {"place": "203.0.113.7"}
    refused = api.post(f"/accounts/{account}/record-ip-attribution", address, "platform")
    assert refused.status_code == 422, refused.json()
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert (problem["field"], problem["rule"], problem["article"]) == (
        "place",
        "ip-address-not-kept",
        "2022-12",
    )
    own = api.post(f"/accounts/{account}/record-ip-attribution", {"place": "上海"}, "operator")
    assert own.status_code == 403, own.json()
    assert service.ledger.account(UUID(account)).version == before
    assert "203.0.113.7" not in _public(api, account).text


def test_the_page_writes_times_in_the_platforms_zone_and_labels_in_chinese(api: Api) -> None:
    """Issue 17 point 1, R9 (2021 Art 9 ¶2): the public page gives times on the platform's
    wall clock (NOW is 09:00 UTC: 17:00 in Asia/Shanghai), not raw ISO, and labels the
    registration details in Chinese; the JSON entry keeps ISO times and the keys."""
    account = _registered(api, PERSON)
    page = api.client.get(f"/registry/{account}", params={"lang": "zh_Hans"}).text
    assert "2026年3月1日 17:00:00" in page and NOW.isoformat() not in page
    assert "Asia/Shanghai" in page and "UTC" not in page
    assert "<dt>运营地</dt>" in page and "operating place" not in page
    english = api.client.get(f"/registry/{account}", params=IN_ENGLISH).text
    assert "2026-03-01 17:00:00 +08:00" in english and "Times in Asia/Shanghai." in english
