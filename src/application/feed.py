"""The feed for the platform's enforcement systems (issue 14 point 6; 2021 Art 19, 2022 Art 15).

A page of what happened to accounts, after a position: each record is one account event
of the catalogue `domain/feed_effects.py`, named by its position in the event log (the
notification id, which only grows), so a consumer that stores the last position it
applied resumes where it stopped. A record carries the account, the event type, its
effect, the status after it, when it occurred and its record id; never an identity, a
subject reference, a sealed blob, a reason or evidence (R17; 2022 Art 16).
"""

from __future__ import annotations

from typing import Any

from accountledger.application.ledger import Ledger
from accountledger.domain.account import Account
from accountledger.domain.errors import RuleViolation
from accountledger.domain.feed_effects import FEED_EFFECTS, effect_of
from accountledger.domain.measures import record_id

MAX_LIMIT = 500
DEFAULT_LIMIT = 100
FEED_TOPICS: tuple[str, ...] = tuple(str(getattr(Account, name).TOPIC) for name in FEED_EFFECTS)


def check_page(after: int, limit: int) -> None:
    """A position is a non-negative integer; a page holds 1..MAX_LIMIT records."""
    if after < 0:
        raise RuleViolation(
            "a feed position is a non-negative integer", rule="feed-position", field="after"
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise RuleViolation(
            f"a feed page holds 1 to {MAX_LIMIT} records", rule="feed-limit", field="limit"
        )


def record(position: int, domain_event: Any) -> dict[str, Any] | None:
    """The public-safe record of one event at `position`, or None if the feed omits it."""
    effect = effect_of(domain_event)
    if effect is None:
        return None
    return {
        "position": position,
        "account_id": str(domain_event.originator_id),
        "event": type(domain_event).__name__,
        "effect": effect,
        "status": getattr(domain_event, "status", None),
        "occurred_at": domain_event.act.occurred_at.isoformat(),
        "record_id": record_id(domain_event.originator_id, domain_event.originator_version),
    }


def page(ledger: Ledger, after: int = 0, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """The feed's records after position `after`, at most `limit`, and the `next` position
    to ask after (the last record's, or `after` when there is nothing new)."""
    check_page(after, limit)
    notifications = ledger.recorder.select_notifications(
        start=after + 1, limit=limit, topics=FEED_TOPICS
    )
    records = []
    for notification in notifications:
        shown = record(notification.id, ledger.mapper.to_domain_event(notification))
        if shown is not None:
            records.append(shown)
    following = notifications[-1].id if notifications else after
    return {"after": after, "records": records, "next": following}
