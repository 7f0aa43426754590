"""Over HTTP, the same commands from the same table: detail changes approved through
`approve-profile-change`, the operator's correction approved by a reviewer, and the
operator's request to end its own suspension decided by a moderator (R2, R3, R6, R10,
R17; 2021 Arts 8, 11, 15; 2022 Arts 10, 15, 16)."""

from __future__ import annotations

from tests.adapters.test_http import GROUNDS, Api

NEW_CONTACT = "13655556666"


def test_details_change_over_http_and_the_contact_is_never_returned(api: Api) -> None:
    """R2, R3, R17: body keys are the details' keys; the contact is sealed and no
    response for the platform or a reviewer holds it."""
    account = api.active_account()
    changed = api.post(
        f"/accounts/{account}/change-content-category",
        {"content_category": "education"},
        "operator",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["events"] == ["RegistrationDetailChangeSubmitted"]
    contact = api.post(f"/accounts/{account}/change-contact", {"contact": NEW_CONTACT}, "operator")
    assert contact.status_code == 200, contact.json()
    for field in ("content_category", "contact"):
        approved = api.post(
            f"/accounts/{account}/approve-profile-change", {"field": field}, "reviewer"
        )
        assert approved.status_code == 200, approved.json()
    shown = api.get(f"/accounts/{account}", "platform").json()
    assert shown["details"]["content_category"] == "education"
    responses = [changed, contact, api.get(f"/accounts/{account}/history", "reviewer")]
    assert all(NEW_CONTACT not in r.text for r in responses)
    assert NEW_CONTACT not in repr(shown)


def test_operator_correction_and_own_reinstatement_over_http(api: Api) -> None:
    """R6, R10 (2022 Art 15; 2021 Art 11 ¶3)."""
    account = api.active_account()
    deadline = {"deadline": "2026-03-20T00:00:00+00:00", "fields": ["name"]}
    ordered = api.post(f"/accounts/{account}/order-rectification", deadline | GROUNDS, "reviewer")
    assert ordered.status_code == 200, ordered.json()
    submitted = api.post(
        f"/accounts/{account}/submit-correction", {"name": "Sky Notes"}, "operator"
    )
    assert submitted.json()["events"] == ["CorrectionSubmitted"], submitted.json()
    refused = api.post(f"/accounts/{account}/approve-correction", {}, "operator")
    assert refused.status_code == 403, refused.json()
    approved = api.post(f"/accounts/{account}/approve-correction", {}, "reviewer")
    assert approved.json()["status"] == "active", approved.json()
    api.post(f"/accounts/{account}/request-suspension", {}, "operator")
    asked = api.post(f"/accounts/{account}/request-reinstatement", {}, "operator")
    assert asked.json()["events"] == ["ReinstatementRequested"], asked.json()
    kept = api.post(
        f"/accounts/{account}/refuse-reinstatement", {"reason": "identity re-check"}, "moderator"
    )
    assert kept.json()["status"] == "suspended", kept.json()
