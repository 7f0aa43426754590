"""The name policy in history mode (R3): findings recorded, nothing refused."""

from __future__ import annotations

from accountledger.domain.names import DEFAULT_POLICY, Outcome, as_recorded


def test_a_refused_name_of_the_past_keeps_every_finding_and_awaits_review() -> None:
    """R3: legacy history is recorded as it happened, with what the policy finds in it."""
    verdict = DEFAULT_POLICY.review("Ministry of Public Security Fans", field="name")
    assert verdict.outcome is Outcome.REJECT
    recorded = as_recorded(verdict)
    assert recorded.outcome is Outcome.REVIEW
    assert recorded.findings == verdict.findings


def test_what_the_policy_accepts_or_sends_to_review_is_unchanged() -> None:
    for name in ("Jade Pottery", "中国陶艺"):
        verdict = DEFAULT_POLICY.review(name, field="name")
        assert verdict.outcome is not Outcome.REJECT
        assert as_recorded(verdict) == verdict
