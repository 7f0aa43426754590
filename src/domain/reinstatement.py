"""The operator asks to end its own suspension (R10; 2021 Art 11 ¶3).

2021 Art 11 ¶3 lets an operator that stops operating ask the platform to suspend its
account; the same agreement lets it ask to resume. Asking is not deciding: the request
is recorded (`ReinstatementRequested`) and stays pending until a moderator grants it
(`ReinstatementGranted`, service restored) or refuses it (`ReinstatementRefused`,
with reasons).

Only a suspension the operator asked for (`SuspensionRequested`) ends on its request.
A suspension that is the platform's measure (a moderator's `suspend`, an inactivity
sweep, an unapproved transfer) is no request of the operator's: it ends when the
platform lifts it (`reinstate`), when its term expires, or on appeal (R15), and a
request to end it is refused (rule `own-suspension`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from accountledger.domain.errors import RuleViolation

OWN_SUSPENSION = "SuspensionRequested"
OWN_REQUESTS = "2021-11"


def suspension_cause(events: Iterable[Any]) -> str | None:
    """The event that brought the account into its present suspension, from its history.

    A reversal on appeal that gives `suspended` back (a closure overturned) restores
    the suspension the measure ended, so it keeps that suspension's cause.
    """
    cause: str | None = None
    previous: str | None = None
    for domain_event in events:
        status = getattr(domain_event, "status", None)
        kind = type(domain_event).__name__
        if status == "suspended" and previous != "suspended" and kind != "MeasureReversed":
            cause = kind
        previous = status
    return cause if previous == "suspended" else None


def check_own(cause: str | None) -> None:
    """Refuse a request to end a suspension that is the platform's measure."""
    if cause != OWN_SUSPENSION:
        raise RuleViolation(
            f"the suspension is the platform's measure ({cause or 'unknown'}), not the "
            "operator's own: it ends when lifted, when its term expires, or on appeal",
            rule="own-suspension",
            field="account",
            article=OWN_REQUESTS,
        )


def is_pending(request: Mapping[str, Any] | None, status: str, status_since: datetime) -> bool:
    """A request counts while the suspension it asked to end lasts."""
    return request is not None and status == "suspended" and request["requested_at"] >= status_since


def check_pending(pending: bool, wanted: bool) -> None:
    if pending and not wanted:
        raise RuleViolation(
            "a request to end the suspension is already pending",
            rule="one-pending-request",
            field="account",
            article=OWN_REQUESTS,
        )
    if wanted and not pending:
        raise RuleViolation(
            "no request to end the suspension is pending",
            rule="pending-request",
            field="account",
            article=OWN_REQUESTS,
        )
