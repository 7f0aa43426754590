"""The campaign use case: one measure, one case, one set of grounds over many accounts.

Written once for every edge (`accountledger campaign`, `POST /campaigns`): the edge
builds the measure's command value once (`template`, any account id), the act and the
list of accounts; `run` takes the measure on each account through `Ledger.handle`, and
records each account's outcome on the `Campaign` aggregate in batches (R12, R13).

Idempotent and resumable: before each measure the account's own events are read for
the measure already taken for the case (`domain/campaigns.earlier_measure`), and the
command runs with that read's version expected, so a writer that got there in between
(another run of the same campaign, say) makes it read again rather than take it twice.
A run killed at any point leaves measures whose outcome was not yet recorded: the next
run finds them by the campaign's evidence reference and records them as done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any
from uuid import UUID

from accountledger.application.commands import AccountCommand
from accountledger.application.ledger import Attempt, Ledger
from accountledger.domain.act import Act
from accountledger.domain.campaigns import (
    AccountOutcome,
    Campaign,
    Outcome,
    check_measure,
    earlier_measure,
    marker,
)
from accountledger.domain.errors import ConcurrentChange, LedgerError, NotFound, StaleDecision

# Outcomes recorded per event of the campaign: a run killed loses at most this many
# records of outcomes, which the next run finds again in the accounts' events.
BATCH = 100
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Report:
    """A run's outcomes, one per selected account in the order given."""

    campaign_id: UUID
    measure: str
    case_id: str
    dry_run: bool
    outcomes: tuple[AccountOutcome, ...]

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for item in self.outcomes:
            counted[str(item.outcome)] = counted.get(str(item.outcome), 0) + 1
        return counted

    def summary(self) -> dict[str, Any]:
        """What the edges report besides the outcomes themselves."""
        return {
            "campaign_id": str(self.campaign_id),
            "measure": self.measure,
            "case_id": self.case_id,
            "dry_run": self.dry_run,
            "accounts": len(self.outcomes),
            "counts": self.counts(),
        }


def campaign_id(template: AccountCommand, act: Act) -> UUID:
    return Campaign.create_id(template.command, act.case_id)


def terms(template: AccountCommand) -> dict[str, str]:
    """The measure's own inputs (functions, expiry, ...), as the campaign keeps them."""
    values = asdict(template)
    values.pop("account_id")
    return {name: _text(value) for name, value in values.items()}


def _text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def find(ledger: Ledger, ident: UUID) -> Campaign:
    """A campaign by id, read from the store (404 if none)."""
    found = ledger.find(ident, fresh=True)
    if not isinstance(found, Campaign):
        raise NotFound(f"no campaign {ident}", rule="campaign-exists", field="campaign")
    return found


def start(ledger: Ledger, template: AccountCommand, act: Act) -> Campaign:
    """The campaign, started now or earlier on the same terms and grounds."""
    ident = campaign_id(template, act)

    def attempt() -> Attempt[Campaign]:
        found = ledger.find(ident, fresh=True)
        if isinstance(found, Campaign):
            found.check_same(terms(template), act)
            return found, []
        created = Campaign.start(command=template.command, terms=terms(template), act=act)
        return created, [created]  # two runs starting at once: one saves, one retries

    return ledger.run_atomically(attempt)


def check(ledger: Ledger, template: AccountCommand, act: Act) -> Campaign | None:
    """What `start` would refuse, with nothing saved; the campaign if it exists."""
    check_measure(template.command)
    found = ledger.find(campaign_id(template, act), fresh=True)
    if isinstance(found, Campaign):
        found.check_same(terms(template), act)
        return found
    Campaign.start(command=template.command, terms=terms(template), act=act)
    return None


def run(
    ledger: Ledger,
    template: AccountCommand,
    act: Act,
    accounts: Sequence[UUID],
    *,
    stamped: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> Report:
    """Take `template`'s measure on each account once for `act`'s case (R12, R13).

    `stamped`: each measure is dated by the recording clock (the act gives no time);
    `dry_run`: every decision made, nothing written, each outcome what would happen.
    """
    existing = check(ledger, template, act)
    campaign = existing if dry_run else start(ledger, template, act)
    ident = campaign_id(template, act)
    selected = list(dict.fromkeys(accounts))
    recorded = dict(campaign.outcomes) if campaign is not None else {}
    outcomes = {a: _as_recorded(recorded[a], dry_run) for a in map(str, selected) if a in recorded}
    pending = [a for a in selected if str(a) not in recorded]
    marked = replace(act, evidence=(*act.evidence, marker(ident)))
    done, buffer = len(outcomes), []
    if progress is not None:
        progress(done, len(selected))
    for account in pending:
        outcome = _one(
            ledger, replace(template, account_id=account), marked, ident, stamped, dry_run
        )
        outcomes[str(account)] = outcome
        buffer.append(outcome)
        if not dry_run and len(buffer) >= batch:
            _record(ledger, ident, buffer, act, stamped)
            buffer = []
        done += 1
        if progress is not None:
            progress(done, len(selected))
    if buffer and not dry_run:
        _record(ledger, ident, buffer, act, stamped)
    ordered = tuple(outcomes[str(a)] for a in selected)
    return Report(ident, template.command, act.case_id.strip(), dry_run, ordered)


def _as_recorded(stored: dict[str, str], dry_run: bool) -> AccountOutcome:
    """An outcome a run recorded; to a dry run, a measure taken is already done."""
    outcome = AccountOutcome.of(stored)
    if dry_run and outcome.outcome is Outcome.DONE:
        return replace(outcome, outcome=Outcome.ALREADY_DONE)
    return outcome


def _one(
    ledger: Ledger,
    command: AccountCommand,
    act: Act,
    ident: UUID,
    stamped: bool,
    dry_run: bool,
) -> AccountOutcome:
    """One account's outcome: the measure found already taken for the case, or taken now
    on the version just read, or the rule that refused it."""
    account = str(command.account_id)
    for _ in range(ledger.retries):
        try:
            history = ledger.history(command.account_id)
            found = earlier_measure(history, command.command, act.case_id, ident)
            if found is not None:
                return _as_recorded(found.as_dict(), dry_run)
            recorded = ledger.handle(
                command, act, expected_version=len(history), stamped=stamped, dry_run=dry_run
            )
        except StaleDecision:
            continue  # another writer moved the account since it was read: read again
        except LedgerError as error:
            return AccountOutcome.refused(account, error, dry_run)
        if dry_run:
            return AccountOutcome(account, Outcome.WOULD_DO, detail=" ".join(recorded.events))
        return AccountOutcome(account, Outcome.DONE, record=next(iter(recorded.records), ""))
    lost = ConcurrentChange("other writers kept changing the account while it was read")
    return AccountOutcome.refused(account, lost, dry_run)


def _record(
    ledger: Ledger, ident: UUID, outcomes: list[AccountOutcome], act: Act, stamped: bool
) -> None:
    """Record a batch of outcomes on the campaign; each account's once."""
    when = replace(act, occurred_at=ledger.clock()) if stamped else act

    def attempt() -> Attempt[None]:
        campaign = ledger.find(ident)
        assert isinstance(campaign, Campaign)
        campaign.record(outcomes, when)
        return None, [campaign]

    ledger.run_atomically(attempt)
