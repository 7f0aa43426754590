"""Automatic checkpoints: sealed when enough events or enough time went unsealed (R16).

A history's chain shows an event deleted from its middle, but not its newest events
deleted: the chain that is left is whole. Only a checkpoint shows that. So the service
seals one as soon as `checkpoint_every_events` events are unsealed, or once
`checkpoint_interval` has passed since the previous checkpoint while any is, whichever
comes first (`LedgerRules`). `checkpoint_due` is the decision, a function of counts and
times only; `seal_if_due` reads those from the store and seals at the time it is given.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from accountledger.application.chain import canonical_id
from accountledger.application.integrity import (
    CHECKPOINT_ACTOR,
    CHECKPOINTS,
    Sealed,
    log,
    seal_checkpoint,
)
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.checkpoints import Checkpoints
from accountledger.domain.rules import LedgerRules


def checkpoint_due(unsealed: int, since: timedelta | None, rules: LedgerRules) -> bool:
    """Whether to seal now: `unsealed` events after the latest checkpoint, sealed `since`
    ago (None: no checkpoint yet, so anything recorded is due at once)."""
    if unsealed == 0:
        return False
    if since is None or unsealed >= rules.checkpoint_every_events:
        return True
    return since >= rules.checkpoint_interval


def last_sealed(ledger: Ledger) -> tuple[int, datetime] | None:
    """The latest checkpoint's position and the time it was sealed at, or None."""
    stored = ledger.recorder.select_events(Checkpoints.ID, desc=True, limit=1)
    if not stored or stored[0].originator_version == 1:
        return None
    # The act's time is the sealer's clock (the service's): the event's own timestamp is
    # the library's wall clock, which no rule reads.
    sealed = cast(Any, ledger.mapper.to_domain_event(stored[0]))
    return int(sealed.position), sealed.act.occurred_at


def unsealed_events(ledger: Ledger, after: int, up_to: int) -> int:
    """Events other than checkpoints recorded after position `after`, counted to `up_to`."""
    count = 0
    for notification in log(ledger.recorder, after=after, page=up_to + 2):
        if canonical_id(notification.originator_id) != CHECKPOINTS:
            count += 1
            if count >= up_to:
                break
    return count


def seal_if_due(ledger: Ledger, now: datetime) -> Sealed | None:
    """Seal a checkpoint at `now` if one is due; what was sealed, else None."""
    rules = ledger.rules
    last = last_sealed(ledger)
    position, since = (0, None) if last is None else (last[0], now - last[1])
    unsealed = unsealed_events(ledger, position, rules.checkpoint_every_events)
    if not checkpoint_due(unsealed, since, rules):
        return None
    reason = f"automatic checkpoint: {unsealed} event(s) unsealed"
    return seal_checkpoint(ledger, Act(CHECKPOINT_ACTOR, Role.SYSTEM, now, reason=reason))
