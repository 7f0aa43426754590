"""Blacklisting reaches the subject (2021 Arts 13, 19; 2022 Art 15; R4, R12).

A blacklisting bars the subject, not only the account it was taken on: a blacklisted
subject may not hold accounts it would not be allowed to register. What happens to
the subject's other live accounts is configuration (`LedgerRules.blacklist_reaches`):
each is suspended pending review (default), closed, or left as it is. Each such measure
is its own disposal record, taken by the system with the blacklisting as its evidence
and case, on administrative grounds (2022 Art 15: services suspended where the account
no longer meets the requirements), so it is recorded but not a case to report on its own.

A pending registration of the subject is not suspended (it is not in service): it
cannot be verified any more (`check_not_blacklisted`) and a reviewer refuses it. An
account already suspended stays suspended as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from accountledger.domain.account import Account
from accountledger.domain.act import Act, Role
from accountledger.domain.lifecycle import TRANSITIONS
from accountledger.domain.measures import case_of, record_id
from accountledger.domain.rules import LedgerRules

REACH_ACTOR = "blacklisting-reach"
# 2021 Art 19: disposal measures; 2022 Art 15: services suspended (or ended) where the
# account no longer meets the requirements: an administrative ground (articles.py).
REACH_BASIS = ("2021-19", "2022-15")
_DONE = {"suspend": "suspended pending review", "close": "closed"}


def blacklistings(events: Iterable[Any]) -> list[Any]:
    """The blacklistings among an account's new events."""
    return [e for e in events if type(e).__name__ == "Blacklisted"]


def reach_act(blacklisting: Any, other: Account, measure: str) -> Act:
    """The act of the measure a blacklisting takes on another account of its subject."""
    blacklisted = blacklisting.originator_id
    version = blacklisting.originator_version
    record = record_id(blacklisted, version)
    return Act(
        actor_id=REACH_ACTOR,
        actor_role=Role.SYSTEM,
        # Dated at the blacklisting, unless the other account has moved on since.
        occurred_at=max(blacklisting.act.occurred_at, other.last_occurred_at),
        reason=f"the subject was blacklisted by record {record} (account {blacklisted} "
        f"version {version}): its other live accounts are {_DONE[measure]}",
        basis=REACH_BASIS,
        evidence=(record,),
        case_id=case_of(blacklisting.act.case_id, blacklisted, version),
    )


def reach(other: Account, blacklisting: Any, rules: LedgerRules) -> bool:
    """Take the configured measure on `other`, another live account of the blacklisted
    subject; False when none applies (configured "nothing", pending, already suspended)."""
    measure = rules.blacklist_reaches
    if measure == "nothing" or (other.status, measure) not in TRANSITIONS:
        return False
    act = reach_act(blacklisting, other, measure)
    if measure == "close":
        other.close(act=act)
    else:
        other.suspend(None, act=act)
    return True
