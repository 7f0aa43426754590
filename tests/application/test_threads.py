"""One ledger shared by the threads of a server process (the HTTP service runs its
endpoints in a thread pool): commands on the same account never interleave (R12, R16)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from accountledger.application.commands import Warn
from accountledger.application.integrity import verify
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from tests.application.helpers import GROUNDS, Desk

THREADS, EACH = 8, 15


def test_threads_sharing_one_ledger_lose_and_mix_nothing(ledger: Ledger) -> None:
    """R12, R16: 8 threads x 15 warnings on one account: every warning is recorded once,
    in one contiguous history whose seals hold."""
    desk = Desk(ledger)
    account = desk.active("Crowded Square")
    act = desk.act(Role.MODERATOR, **GROUNDS)

    def warn_many(_: int) -> int:
        for _ in range(EACH):
            ledger.handle(Warn(account_id=account), act)
        return EACH

    with ThreadPoolExecutor(THREADS) as pool:
        done = sum(pool.map(warn_many, range(THREADS)))
    events = ledger.history(account)
    assert done == THREADS * EACH
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
    assert sum(type(e).__name__ == "Warned" for e in events) == THREADS * EACH
    assert ledger.account(account).warnings == THREADS * EACH
    assert verify(ledger).holds
