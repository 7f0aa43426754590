"""Times that open or close a legal window are the recording clock's (R13, R15).

An appeal's filing time decides whether the appeal window (2021 Art 20) is still open;
a complaint's receipt time starts its feedback deadline (2021 Art 20, 2022 Art 19); a
report's time decides whether a disposal record was reported in time (2021 Art 19).
If the caller could choose them, an appeal filed ten months late would be dated inside
its window. So these acts are dated by the ledger's recording clock, read under the
write lock; a time the caller gives (`--at`, `"at"`) is a claim about that moment and
is refused when it is further from it than `LedgerRules.future_skew`, so a caller that
passes "now" still works and nobody can pass another time.
"""

from __future__ import annotations

from dataclasses import replace

from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act
from accountledger.domain.errors import RuleViolation


def at_recording_clock(ledger: Ledger, act: Act) -> Act:
    """The act dated by the recording clock, within the ledger's bounds (R13, R16)."""
    return ledger.check_act(replace(act, occurred_at=ledger.clock()))


def refuse_chosen_time(ledger: Ledger, given: Act, recorded: Act, what: str, article: str) -> None:
    """Refuse a caller's time further from the recording clock than `future_skew`.

    Asked after the rules the recording time decides (a late appeal is refused as late),
    before anything is saved.
    """
    skew = ledger.rules.future_skew
    if abs(given.occurred_at - recorded.occurred_at) > skew:
        raise RuleViolation(
            f"{what} is dated by the recording clock, not by the caller: "
            f"{given.occurred_at.isoformat()} is not {recorded.occurred_at.isoformat()} "
            f"(skew allowed: {skew}); leave the time out",
            rule="recording-clock",
            field="occurred_at",
            article=article,
        )
