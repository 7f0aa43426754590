"""Given events / When command / Then events, for the Account aggregate without I/O."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from accountledger.domain.account import Account, SubjectRef
from accountledger.domain.act import Act, Role
from accountledger.domain.names import Outcome, Verdict

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ACCEPT = Verdict(Outcome.ACCEPT, ())
GROUNDS: dict[str, Any] = {
    "reason": "fabricated a rumour",
    "basis": ("2021-19",),
    "violation": ("2021-18-6",),
    "evidence": ("evidence://case-1/1",),
    "case_id": "case-1",
}


class Clock:
    """Business time that moves forward an hour per act."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def act(self, role: Role | str, **grounds: Any) -> Act:
        self.now += timedelta(hours=1)
        role = Role(role)
        return Act(actor_id=f"{role.value}-1", actor_role=role, occurred_at=self.now, **grounds)


def subject(ref: str = "s-alice") -> SubjectRef:
    return SubjectRef(kind="id_card", ref=ref, sealed="v1:sealed")


def registered(clock: Clock, name: str = "Ann's Garden", **verdicts: Verdict) -> Account:
    account = Account.register(
        name=name,
        avatar="avatar://1",
        introduction="Roses and tea.",
        subject=subject(),
        details={"nature": "individual"},
        verdicts={f: verdicts.get(f, ACCEPT) for f in ("name", "avatar", "introduction")},
        act=clock.act(Role.PLATFORM),
    )
    return account


Step = Callable[[Account, Clock], None]


def given(*steps: Step, clock: Clock | None = None) -> tuple[Account, Clock]:
    """An account registered, then taken through `steps`, with its events already saved."""
    clock = clock or Clock()
    account = registered(clock)
    for step in steps:
        step(account, clock)
    account.collect_events()
    return account, clock


def when(account: Account, clock: Clock, step: Step) -> list[str]:
    """The names of the events one command records."""
    step(account, clock)
    return [type(e).__name__ for e in account.collect_events()]


def replayed(events: list[Any]) -> Account:
    aggregate: Any = None
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    assert isinstance(aggregate, Account)
    return aggregate
