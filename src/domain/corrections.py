"""The operator corrects its own account during rectification (R6; 2021 Art 8 ¶2, 2022 Art 15).

An order to correct suspends service until the information is corrected. The operator
submits the corrected values itself (`submit_correction`); they are reviewed by the name
policy at once (a rejected value is never recorded) and wait, inside the open
rectification, until a reviewer approves them, which records the order's usual outcome
(`Rectified`, service restored), or rejects them, which leaves the order open. A
reviewer may still enter a correction directly (`rectify`), as before.

One correction waits at a time, and only one submitted before the deadline: a
correction awaiting review when the deadline passes is the operator's answer in time,
so the deadline is not missed until a reviewer rejects it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from accountledger.domain.errors import RuleViolation

ORDER_TO_CORRECT = "2022-15"


def check_submission(rectification: Mapping[str, Any], at: datetime) -> None:
    """A correction may be submitted while none waits, before the deadline (R6)."""
    if "correction" in rectification:
        raise RuleViolation(
            "a correction already awaits review",
            rule="one-pending-correction",
            field="account",
            article=ORDER_TO_CORRECT,
        )
    deadline: datetime = rectification["deadline"]
    if at >= deadline:
        raise RuleViolation(
            f"the deadline {deadline.isoformat()} has passed",
            rule="deadline-passed",
            field="occurred_at",
            article=ORDER_TO_CORRECT,
        )


def submitted(
    rectification: Mapping[str, Any],
    values: Mapping[str, str],
    findings: list[dict[str, str]],
    actor: str,
    at: datetime,
) -> dict[str, Any]:
    """The open rectification with the operator's correction waiting in it."""
    correction = {"values": dict(values), "findings": findings, "by": actor, "at": at}
    return {**rectification, "correction": correction}


def pending(rectification: Mapping[str, Any] | None) -> dict[str, str]:
    """The values awaiting review, or a refusal."""
    if not rectification or "correction" not in rectification:
        raise RuleViolation(
            "no correction awaits review",
            rule="pending-correction",
            field="account",
            article=ORDER_TO_CORRECT,
        )
    return dict(rectification["correction"]["values"])


def awaiting(rectification: Mapping[str, Any] | None) -> bool:
    """Whether a correction submitted in time awaits review (the deadline then waits)."""
    return bool(rectification) and "correction" in (rectification or {})


def without(rectification: Mapping[str, Any]) -> dict[str, Any]:
    """The open rectification once its waiting correction is rejected."""
    return {k: v for k, v in rectification.items() if k != "correction"}


def waiting_values(rectification: Mapping[str, Any] | None) -> dict[str, str]:
    """The values awaiting review, or none: for the caller to review them again."""
    return pending(rectification) if awaiting(rectification) else {}
